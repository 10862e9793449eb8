"""Training is deterministic, the bundle round-trips through joblib, and the corpus loader is strict."""

import json
from pathlib import Path

import pytest

from moderation.classifier.model import Example, ModelBundle, load_bundle, reload_bundle, save_bundle, train
from moderation.classifier.pipeline import classify_many
from moderation.classifier.training import DEFAULT_CORPUS_PATH, cross_validate, evaluate, load_corpus


@pytest.fixture(scope="module")
def subset() -> list[Example]:
    examples = load_corpus(DEFAULT_CORPUS_PATH, split="train")
    return examples[::8]  # every 8th line: all four kinds, both languages, a few hundred examples


def test_training_twice_gives_the_same_model_and_predictions(subset: list[Example]) -> None:
    first, metrics = train(subset, seed=7)
    second, _ = train(subset, seed=7)
    assert first.content_hash == second.content_hash
    probes = [
        "Buy SOL now",
        "I think the Fed will hold",
        "\u52a0\u6211\u5fae\u4fe1\u8fdb\u7fa4",
        "t.me/abc join",
    ]
    one, two = first.predict(probes), second.predict(probes)
    for label in ("spam", "financial_advice"):
        assert one[label].tolist() == two[label].tolist()
    assert metrics["examples"] == len(subset)
    assert metrics["positives"]["spam"] > 0 and metrics["positives"]["financial_advice"] > 0


def test_a_different_seed_may_change_calibration_but_not_the_contract(subset: list[Example]) -> None:
    bundle, _ = train(subset, seed=8)
    probabilities = bundle.predict(["Buy SOL now"])
    assert 0.0 <= probabilities["spam"][0] <= 1.0


def test_bundle_round_trips_through_a_file(tmp_path: Path, subset: list[Example]) -> None:
    bundle, _ = train(subset, seed=7)
    path = save_bundle(bundle, tmp_path / "nested" / "model.joblib")
    assert path.stat().st_size < 5_000_000
    loaded = load_bundle(path)
    assert isinstance(loaded, ModelBundle)
    assert loaded.content_hash == bundle.content_hash
    assert load_bundle(path) is loaded  # cached per process
    verdicts = classify_many(["Buy SOL now"], bundle=loaded)
    assert verdicts[0].model_version == bundle.full_version


def test_reload_bundle_repoints_the_default_and_back(tmp_path: Path, subset: list[Example]) -> None:
    from moderation.classifier.model import DEFAULT_MODEL_PATH, default_bundle

    shipped = default_bundle()
    bundle, _ = train(subset, seed=7)
    path = save_bundle(bundle, tmp_path / "other.joblib")
    try:
        assert reload_bundle(path).content_hash == bundle.content_hash
        assert default_bundle().content_hash == bundle.content_hash
    finally:
        reload_bundle(DEFAULT_MODEL_PATH)
    assert default_bundle().content_hash == shipped.content_hash


def test_shipped_model_file_is_small() -> None:
    from moderation.classifier.model import DEFAULT_MODEL_PATH

    assert DEFAULT_MODEL_PATH.stat().st_size < 5_000_000


def test_load_corpus_defaults_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    rows = [{"text": "Buy now", "financial_advice": True}, {"text": "hello", "spam": "false"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    examples = load_corpus(path)
    assert [(e.spam, e.financial_advice, e.split, e.lang) for e in examples] == [
        (False, True, "test", "en"),
        (False, False, "test", "en"),
    ]
    path.write_text('{"spam": true}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=":1:"):
        load_corpus(path)


def test_evaluate_counts_confusion_and_honest_flags() -> None:
    examples = [
        Example("Use my referral code AB12CD now", spam=True, financial_advice=False),
        Example("Buy NVDA now before earnings", spam=False, financial_advice=True),
        Example("I think the valuation is stretched", spam=False, financial_advice=False),
    ]
    metrics = evaluate(examples)
    assert metrics["examples"] == 3
    assert metrics["labels"]["spam"]["tp"] == 1
    assert metrics["labels"]["financial_advice"]["tp"] == 1
    assert metrics["honest"] == 1 and metrics["honest_flagged"] == 0
    assert metrics["honest_flag_rate"] == 0.0


def test_cross_validate_runs_on_a_small_grouped_sample(subset: list[Example]) -> None:
    metrics = cross_validate(subset[:200], folds=2, seed=7)
    assert metrics["examples"] == 200
    assert set(metrics["labels"]) == {"spam", "financial_advice"}
