"""The shipped model on the independent sets: the figures docs/moderation-policy.md reports, as floors that
fail on a regression."""

import pytest

from moderation.classifier.evaluation import evaluate
from moderation.classifier.model import default_bundle
from moderation.classifier.pipeline import classify_many
from moderation.classifier.training import DEV_PATH, TEST_PATH, load_corpus

# Measured for 2026.12.02-6 (test: spam 0.982, advice 0.940, honest touched 1.8%, fully right 95.2%; dev:
# 0.991, 0.962, 1.2%, 97.2%), less a margin for another CPU's floating point (METRIC_TOLERANCE and more).
FLOORS = {
    "test": {"spam": 0.97, "financial_advice": 0.925, "honest_flag_rate": 0.025, "fully_right": 0.94},
    "dev": {"spam": 0.98, "financial_advice": 0.95, "honest_flag_rate": 0.02, "fully_right": 0.96},
}


@pytest.fixture(scope="module", params=["dev", "test"])
def scored(request):
    path = {"dev": DEV_PATH, "test": TEST_PATH}[request.param]
    return request.param, evaluate(
        load_corpus(path), lambda texts: classify_many(texts, bundle=default_bundle(), known_vectors=True)
    )


def test_the_independent_sets_are_what_the_issue_asks_for():
    dev, test = load_corpus(DEV_PATH), load_corpus(TEST_PATH)
    assert len(dev) >= 1500 and len(test) >= 800
    assert not {e.text for e in dev} & {e.text for e in test}
    for examples in (dev, test):
        honest = [e for e in examples if not e.spam and not e.financial_advice]
        assert 0.40 <= len(honest) / len(examples) <= 0.50
        assert sum(e.hard for e in honest) >= len(honest) / 3
    languages = {e.lang for e in dev}
    assert len(languages) >= 16
    for lang in ("en", "zh", "ja", "ko", "vi", "id", "th", "tr", "ru", "es", "pt"):
        assert sum(e.lang == lang for e in dev) >= 40, lang


def test_the_shipped_model_keeps_its_measured_quality(scored):
    name, metrics = scored
    floors = FLOORS[name]
    for label in ("spam", "financial_advice"):
        assert metrics["labels"][label]["f1"] >= floors[label], metrics["labels"][label]
    assert metrics["honest_flag_rate"] <= floors["honest_flag_rate"]
    assert metrics["fully_right"] >= floors["fully_right"]
