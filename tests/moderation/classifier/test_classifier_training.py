"""Training is deterministic and its identity does not depend on the CPU, the bundle round-trips through
joblib, the corpus loader is strict, splits keep families apart, and evaluation reports intervals."""

import json
from pathlib import Path

import numpy as np
import pytest

from moderation.classifier.evaluation import evaluate, format_metrics
from moderation.classifier.model import (
    PREDICTION_TOLERANCE,
    Example,
    ModelBundle,
    load_bundle,
    recipe_hash,
    reload_bundle,
    save_bundle,
    train,
)
from moderation.classifier.pipeline import block_inputs, classify_many
from moderation.classifier.training import (
    DEV_PATH,
    FAMILIES_PATH,
    TEST_PATH,
    load_corpus,
    obfuscated_copies,
    training_examples,
)

PROBES = ["Buy SOL now", "I think the Fed will hold", "加我微信进群", "t.me/abc join", "Продавайте до ФРС"]


@pytest.fixture(scope="module")
def small() -> tuple[list[Example], list[Example]]:
    """Every 6th family row and every 4th dev row: all labels and many languages, a few hundred each."""
    return load_corpus(FAMILIES_PATH, source="families")[::6], load_corpus(DEV_PATH)[::4]


@pytest.fixture(scope="module")
def small_bundle(small) -> ModelBundle:
    examples, dev = small
    return train(examples, dev=dev, featurize=block_inputs, seed=7)[0]


@pytest.mark.long
def test_training_twice_gives_the_same_identity_and_predictions(small, small_bundle) -> None:
    examples, dev = small
    again, metrics = train(examples, dev=dev, featurize=block_inputs, seed=7)
    assert again.content_hash == small_bundle.content_hash
    for first, second in zip(
        classify_many(PROBES, bundle=small_bundle), classify_many(PROBES, bundle=again), strict=True
    ):
        for label in ("spam", "financial_advice"):
            assert first.labels[label].score == pytest.approx(
                second.labels[label].score, abs=PREDICTION_TOLERANCE
            )
    assert metrics["examples"] == len(examples) and metrics["dev_examples"] == len(dev)


def test_the_identity_is_the_recipe_not_the_floating_point(small) -> None:
    examples, dev = small
    settings = {"c": 1.0}
    base = recipe_hash(examples, dev, seed=7, settings=settings)
    assert recipe_hash(list(examples), list(dev), seed=7, settings=dict(settings)) == base
    assert recipe_hash(examples[1:], dev, seed=7, settings=settings) != base
    assert recipe_hash(examples, dev, seed=8, settings=settings) != base
    assert recipe_hash(examples, dev, seed=7, settings={"c": 2.0}) != base


def test_bundle_round_trips_through_a_file(tmp_path: Path, small_bundle) -> None:
    path = save_bundle(small_bundle, tmp_path / "nested" / "model.joblib")
    assert path.stat().st_size < 5_000_000
    loaded = load_bundle(path)
    assert isinstance(loaded, ModelBundle) and loaded.content_hash == small_bundle.content_hash
    assert load_bundle(path) is loaded  # cached per process
    assert classify_many(["Buy SOL now"], bundle=loaded)[0].model_version == small_bundle.full_version


def test_reload_bundle_repoints_the_default_and_back(tmp_path: Path, small_bundle) -> None:
    from moderation.classifier.model import DEFAULT_MODEL_PATH, default_bundle

    shipped = default_bundle()
    path = save_bundle(small_bundle, tmp_path / "other.joblib")
    try:
        assert reload_bundle(path).content_hash == small_bundle.content_hash
        assert default_bundle().content_hash == small_bundle.content_hash
    finally:
        reload_bundle(DEFAULT_MODEL_PATH)
    assert default_bundle().content_hash == shipped.content_hash


def test_an_older_bundle_format_is_refused(tmp_path: Path, small_bundle) -> None:
    import copy

    old = copy.copy(small_bundle)
    del old.__dict__["format"]
    path = save_bundle(old, tmp_path / "old.joblib")
    with pytest.raises(TypeError, match="format"):
        load_bundle(path)


def test_shipped_model_file_is_small() -> None:
    from moderation.classifier.model import DEFAULT_MODEL_PATH

    assert DEFAULT_MODEL_PATH.stat().st_size < 5_000_000


def test_load_corpus_defaults_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    rows = [{"text": "Buy now", "financial_advice": True, "lang": "en"}, {"text": "hello", "spam": "false"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    examples = load_corpus(path)
    assert [(e.spam, e.financial_advice, e.split, e.lang, e.source) for e in examples] == [
        (False, True, "test", "en", "mine"),
        (False, False, "test", "unknown", "mine"),
    ]
    path.write_text('{"spam": true}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=":1:"):
        load_corpus(path)


def test_training_data_keeps_held_out_family_units_and_never_dev_or_test() -> None:
    train_rows, held = training_examples(seed=1)
    units = {(e.family, e.lang) for e in held}
    assert held and not units & {(e.family, e.lang) for e in train_rows if e.source == "families"}
    texts = {e.text for e in train_rows}
    assert not texts & {e.text for e in load_corpus(DEV_PATH)}
    assert not texts & {e.text for e in load_corpus(TEST_PATH)}
    assert {"families", "obfuscated", "natural", "template"} <= {e.source for e in train_rows}


def test_obfuscated_copies_keep_labels_and_cover_honest_rows() -> None:
    rows = [Example(f"honest comment number {i} about the market", False, False) for i in range(40)]
    rows += [Example(f"join my telegram group {i}", True, False) for i in range(40)]
    copies = obfuscated_copies(rows, seed=3)
    assert copies and all(c.source == "obfuscated" for c in copies)
    assert {c.spam for c in copies} == {True, False}
    originals = {r.text for r in rows}
    assert not any(c.text in originals for c in copies if c.text.strip())


def test_evaluate_reports_intervals_languages_and_difficulty() -> None:
    examples = [
        Example("Use my referral code AB12CD now at t.me/pumpvip", True, False, lang="en", hard=False),
        Example("Buy NVDA now before earnings, trust me", False, True, lang="en", hard=False),
        Example("I think the valuation is stretched", False, False, lang="en", hard=True),
        Example("我觉得茅台估值太高了", False, False, lang="zh", hard=True),
    ] * 6
    metrics = evaluate(examples, classify_many)
    assert metrics["examples"] == 24 and set(metrics["by_lang"]) == {"en", "zh"}
    assert set(metrics["by_difficulty"]) == {"hard", "easy"}
    for label in ("spam", "financial_advice"):
        low, high = metrics["intervals"][label]["f1"]
        assert low <= metrics["labels"][label]["f1"] <= high
    assert 0.0 <= metrics["fully_right"] <= 1.0
    text = format_metrics(metrics)
    assert "95% CI" in text and "[zh]" in text and "[hard]" in text


def test_intervals_are_reproducible() -> None:
    examples = [Example("Buy now", False, True), Example("hello there, nice article", False, False)] * 15
    first = evaluate(examples, classify_many)["intervals"]
    assert evaluate(examples, classify_many)["intervals"] == first
    assert np.isfinite(first["honest_flag_rate"]).all()
