"""Extractive abstracts: the two or three sentences of an article that say the most, in their original order.

Pure and deterministic (no ORM, no model download), so it runs anywhere a worker runs and is tested on plain
strings. Works on English and on Chinese (or mixed) text:

- Sentences end at CJK full stops, exclamation and question marks (U+3002, U+FF01, U+FF1F), ``!?``, and at a period followed by a space or the end, unless the period closes an
  abbreviation (``U.S.``, ``Inc.``) or a number (``1.4``).
- Terms are lower-cased English words and numbers minus stop words, and, for CJK text (which has no spaces),
  character bigrams.
- A term weighs its frequency in the article times how rare it is across sentences (a TF-IDF in which each
  sentence is a document); a sentence scores the sum of its terms over the square root of their number, so
  long sentences gain only for content, plus a small bonus for the lead, which in news carries the facts.
- Sentences are taken best first while the abstract still fits the length cap, up to three, and shown in
  article order; when not even one fits, the best is cut at a word boundary with an ellipsis.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass

_CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_TERM = re.compile(rf"[A-Za-z][A-Za-z'\-]*|\d+(?:[.,]\d+)*|[{_CJK_CHARS}]+")
# A sentence ends at CJK or English terminal punctuation (with any closing quotes), or at a period that is
# followed by white space or the end of the paragraph.
_CLOSERS = r"\u201d\u2019\u300d\u300f\uff09\"')"  # closing quotes and parentheses, CJK and ASCII
_BOUNDARY = re.compile(rf"[\u3002\uff01\uff1f!?]+[{_CLOSERS}]*|\.[{_CLOSERS}]*(?=\s|$)")
_ABBREVIATION = re.compile(rf"(?:^|\s)(?:[A-Za-z]\.)*[A-Za-z]\.[{_CLOSERS}]*$")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "inc", "ltd", "co", "corp", "plc", "vs", "etc",
    "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov",
}  # fmt: skip
_STOP_WORDS = {
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "it's", "more", "most", "not", "of", "on", "one", "or",
    "other", "our", "out", "over", "said", "says", "she", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to", "under", "up", "was", "we",
    "were", "what", "when", "which", "while", "who", "will", "with", "would", "you", "your",
}  # fmt: skip
# CJK characters so common that bigrams made only of them carry no topic.
_CJK_STOP_CHARS = set("的了是在和与及或也而就都这那之其为以于对中上下个着把被让给从到向将已并等")

# A lead bonus of 0.15 of the best score keeps the first sentence when it is about as good as another,
# without letting a weak lead ("SINGAPORE —") beat a real one.
LEAD_BONUS = 0.15
MAX_SENTENCES = 3
# Sentences with fewer terms than this are datelines and captions, not statements.
MIN_TERMS = 3


@dataclass(frozen=True)
class Sentence:
    position: int
    text: str
    terms: tuple[str, ...]


def is_cjk_text(text: str) -> bool:
    """True when CJK characters make up at least a third of the letters: measure length by characters."""
    cjk = len(_CJK.findall(text))
    letters = sum(1 for char in text if char.isalpha())
    return letters > 0 and cjk / letters >= 1 / 3


def _ends_with_abbreviation(candidate: str) -> bool:
    if _ABBREVIATION.search(candidate):
        return True
    words = re.sub(rf"[.{_CLOSERS}]+$", "", candidate).split()
    return bool(words) and words[-1].lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences; paragraphs (lines) always end one."""
    sentences: list[str] = []
    for paragraph in text.splitlines():
        paragraph = " ".join(paragraph.split())
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            candidate = paragraph[start : match.end()].strip()
            if match.group().startswith(".") and _ends_with_abbreviation(candidate):
                continue
            if candidate:
                sentences.append(candidate)
            start = match.end()
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences


def terms(sentence: str) -> tuple[str, ...]:
    """The content terms of a sentence: English words and numbers, CJK character bigrams."""
    found: list[str] = []
    for token in _TERM.findall(sentence):
        if _CJK.match(token):
            if len(token) == 1:
                if token not in _CJK_STOP_CHARS:
                    found.append(token)
                continue
            found.extend(
                token[i : i + 2]
                for i in range(len(token) - 1)
                if not (token[i] in _CJK_STOP_CHARS and token[i + 1] in _CJK_STOP_CHARS)
            )
        else:
            word = token.lower().strip("'-")
            if len(word) > 1 and word not in _STOP_WORDS:
                found.append(word)
    return tuple(found)


def _score(sentences: list[Sentence]) -> dict[int, float]:
    frequency = Counter(term for sentence in sentences for term in sentence.terms)
    spread = Counter(term for sentence in sentences for term in set(sentence.terms))
    count = len(sentences)
    weight = {term: frequency[term] * math.log(1 + count / spread[term]) for term in frequency}
    scores = {
        s.position: sum(weight[t] for t in s.terms) / math.sqrt(len(s.terms)) if s.terms else 0.0
        for s in sentences
    }
    best = max(scores.values(), default=0.0)
    first = sentences[0].position
    scores[first] += LEAD_BONUS * best
    return scores


def _truncate(text: str, limit: int, cjk: bool) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not cjk and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-—") + "…"


def summarize(text: str, *, max_chars: int = 300, max_chars_cjk: int = 150) -> str:
    """An extractive abstract of plain ``text``: at most three sentences in their original order.

    The cap is ``max_chars_cjk`` for mostly-CJK text and ``max_chars`` otherwise. Empty text gives "".
    """
    cjk = is_cjk_text(text)
    limit = max_chars_cjk if cjk else max_chars
    candidates = [
        Sentence(position, sentence, terms(sentence))
        for position, sentence in enumerate(split_sentences(text))
    ]
    if not candidates:
        return ""
    substantial = [s for s in candidates if len(s.terms) >= MIN_TERMS] or candidates
    scores = _score(substantial)
    ranked = sorted(substantial, key=lambda s: (-scores[s.position], s.position))

    def joined(selection: list[Sentence]) -> str:
        ordered = sorted(selection, key=lambda s: s.position)
        return ("" if cjk else " ").join(s.text for s in ordered)

    chosen: list[Sentence] = []
    for sentence in ranked:
        if len(chosen) < MAX_SENTENCES and len(joined([*chosen, sentence])) <= limit:
            chosen.append(sentence)
    if not chosen:
        return _truncate(ranked[0].text, limit, cjk)
    return joined(chosen)
