"""The shipped model meets the targets on the corpus' held-out split (templates never seen in training)."""

import pytest

from moderation.classifier.model import default_bundle
from moderation.classifier.pipeline import classify_many
from moderation.classifier.training import DEFAULT_CORPUS_PATH, evaluate, format_metrics, load_corpus

MIN_F1 = 0.90
MAX_HONEST_FLAG_RATE = 0.03


@pytest.fixture(scope="module")
def metrics() -> dict:
    return evaluate(load_corpus(DEFAULT_CORPUS_PATH, split="test"), classify_many)


def test_held_out_split_is_disjoint_from_training_by_template() -> None:
    examples = load_corpus(DEFAULT_CORPUS_PATH)
    train = {e.template.removesuffix("-obf") for e in examples if e.split == "train"}
    test = {e.template.removesuffix("-obf") for e in examples if e.split == "test"}
    assert train and test and not train & test
    assert not {e.text for e in examples if e.split == "train"} & {
        e.text for e in examples if e.split == "test"
    }


def test_corpus_size_and_language_mix() -> None:
    examples = load_corpus(DEFAULT_CORPUS_PATH)
    assert sum(e.spam for e in examples) >= 700
    assert sum(e.financial_advice for e in examples) >= 700
    assert sum(not e.spam and not e.financial_advice for e in examples) >= 1500
    assert sum(e.spam and e.financial_advice for e in examples) >= 100
    assert sum(e.lang == "zh" for e in examples) / len(examples) >= 0.3


@pytest.mark.parametrize("label", ["spam", "financial_advice"])
def test_f1_per_label_meets_target(metrics: dict, label: str) -> None:
    assert metrics["labels"][label]["f1"] >= MIN_F1, format_metrics(metrics)


def test_honest_comments_are_rarely_flagged(metrics: dict) -> None:
    assert metrics["honest"] >= 300
    assert metrics["honest_flag_rate"] < MAX_HONEST_FLAG_RATE, format_metrics(metrics)


def test_shipped_bundle_records_its_held_out_metrics_and_version() -> None:
    bundle = default_bundle()
    assert bundle.full_version.startswith(bundle.version + "+")
    assert len(bundle.content_hash) == 64
    recorded = bundle.metrics["held_out"]
    assert set(recorded["labels"]) == {"spam", "financial_advice"}


def test_format_metrics_names_every_number(metrics: dict) -> None:
    text = format_metrics(metrics)
    assert "spam" in text and "financial_advice" in text and "honest flagged" in text
