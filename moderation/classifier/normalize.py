"""Undo the obfuscation spammers use so rules and the model see one canonical form.

Contract: ``normalize(text)`` is pure, total (never raises on any ``str``), idempotent in practice
(``normalize(normalize(x)) == normalize(x)`` for the cases we test) and keeps CJK text intact apart
from NFKC (full-width ASCII becomes ASCII). The output is casefolded and meant for matching only:
never show it to readers.

Steps, in order (the order matters: e.g. NFKC must run before the look-alike table so that
full-width and mathematical letters are already plain, and letter joining must run after URL repair
so that ``t [.] m e`` becomes ``t.me``):

1. NFKC (full-width forms, mathematical alphanumerics, circled letters, ligatures);
2. drop invisible format characters (zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks)
   and variation selectors;
3. drop combining diacritics (Zalgo text and accents used to dodge word lists);
4. map look-alike letters (Cyrillic, Greek, small capitals, enclosed/regional-indicator letters) to Latin;
   Cyrillic and Greek only inside a word that mixes them with Latin letters, or in a text that is mostly
   Latin, so that Russian, Ukrainian and Greek comments keep their own letters;
5. casefold;
6. leetspeak digits *inside* words (``w4llet``), never in numbers (``10%`` stays);
7. repair defanged links (``hxxp``, ``[.]``, ``(dot)``, `` dot com``);
8. join spaced or dotted single letters (``t e l e g r a m``, ``t.e.l.e.g.r.a.m``, ``t . m e``);
9. squeeze character floods (``!!!!`` -> ``!!``, emoji floods -> at most two) and whitespace.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CONFUSABLES", "normalize"]

# Invisible characters used to split keywords ("tele\u200bgram"): the format (Cf) characters - zero-width
# space/joiners, word joiner, BOM, soft hyphen, bidi controls, tags - plus variation selectors and the Hangul
# fillers. Listed as ranges so one regex pass removes them (a per-character category lookup was 3x slower).
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e007f"
    "\U000e0100-\U000e01ef]"
)
# Combining-diacritic blocks (Zalgo and accents). Kana voicing marks (U+3099/U+309A) are not here, so
# Japanese survives the NFD/NFC round-trip.
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_EMOJI = "[\U0001f300-\U0001faff\u2600-\u27bf\U0001f000-\U0001f2ff]"
# A run of emoji (spaces inside allowed) keeps its first two.
_EMOJI_RUN_RE = re.compile(f"({_EMOJI}) *({_EMOJI})?(?: *{_EMOJI})* *")


def _build_confusables() -> dict[int, str]:
    """Look-alike code point -> Latin lowercase letter; written with escapes so the source stays ASCII."""
    # fmt: off
    table: dict[str, str] = {
        # Cyrillic lower case
        "\u0430": "a", "\u0431": "b", "\u0432": "b", "\u0435": "e", "\u0451": "e", "\u0433": "r",
        "\u043a": "k", "\u043c": "m", "\u043d": "h", "\u043e": "o", "\u0440": "p", "\u0441": "c",
        "\u0442": "t", "\u0443": "y", "\u0445": "x", "\u0456": "i", "\u0457": "i", "\u0458": "j",
        "\u0455": "s", "\u0501": "d", "\u051b": "q", "\u051d": "w", "\u04bb": "h", "\u0261": "g",
        "\u0446": "u", "\u043f": "n", "\u0438": "u", "\u044c": "b", "\u04cf": "l",
        # Cyrillic upper case
        "\u0410": "a", "\u0412": "b", "\u0415": "e", "\u0401": "e", "\u041a": "k", "\u041c": "m",
        "\u041d": "h", "\u041e": "o", "\u0420": "p", "\u0421": "c", "\u0422": "t", "\u0423": "y",
        "\u0425": "x", "\u0406": "i", "\u0408": "j", "\u0405": "s", "\u051a": "q", "\u051c": "w",
        "\u0417": "3", "\u04c0": "l",
        # Greek lower case
        "\u03b1": "a", "\u03b5": "e", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v", "\u03bf": "o",
        "\u03c1": "p", "\u03c4": "t", "\u03c5": "u", "\u03c7": "x", "\u03c9": "w", "\u03b7": "n",
        "\u03c2": "c", "\u03f2": "c", "\u03f3": "j",
        # Greek upper case
        "\u0391": "a", "\u0392": "b", "\u0395": "e", "\u0396": "z", "\u0397": "h", "\u0399": "i",
        "\u039a": "k", "\u039c": "m", "\u039d": "n", "\u039f": "o", "\u03a1": "p", "\u03a4": "t",
        "\u03a5": "y", "\u03a7": "x", "\u03f9": "c",
        # Armenian / Latin extensions / IPA
        "\u0585": "o", "\u057d": "u", "\u0578": "n", "\u0251": "a", "\u0131": "i", "\u0269": "i",
        "\u01c0": "l", "\u0280": "r", "\u028f": "y", "\u029c": "h", "\u029f": "l", "\u0262": "g",
        "\u0274": "n", "\u0299": "b", "\u026a": "i",
        # Latin small capitals (NFKC leaves them alone)
        "\u1d00": "a", "\u1d04": "c", "\u1d05": "d", "\u1d07": "e", "\ua730": "f", "\u1d0a": "j",
        "\u1d0b": "k", "\u1d0d": "m", "\u1d0f": "o", "\u1d18": "p", "\ua731": "s", "\u1d1b": "t",
        "\u1d1c": "u", "\u1d20": "v", "\u1d21": "w", "\u1d22": "z",
        # Symbols read as letters
        "\u00f8": "o", "\u00d8": "o", "\u0111": "d", "\u0110": "d", "\u0142": "l", "\u0141": "l",
        "\u00df": "ss", "\u2113": "l", "\u212e": "e",
    }
    # fmt: on
    mapping = {ord(k): v for k, v in table.items()}
    # Negative circled / negative squared / regional-indicator letters have no NFKC decomposition.
    for base in (0x1F150, 0x1F170, 0x1F1E6):
        for i in range(26):
            mapping[base + i] = chr(ord("a") + i)
    return mapping


CONFUSABLES: dict[int, str] = _build_confusables()
_NATIVE_LOOKALIKE_RE = re.compile("[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")
_ASCII_LETTER_RE = re.compile("[a-zA-Z]")
_WORD_RE = re.compile(r"[^\W\d_]+")


def _map_lookalikes(text: str) -> str:
    """Apply ``CONFUSABLES``, sparing Cyrillic and Greek words that are really written in those scripts."""
    if not _NATIVE_LOOKALIKE_RE.search(text):
        return text.translate(CONFUSABLES)
    mostly_latin = len(_ASCII_LETTER_RE.findall(text)) >= len(_NATIVE_LOOKALIKE_RE.findall(text))

    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        if mostly_latin or _ASCII_LETTER_RE.search(token) or not _NATIVE_LOOKALIKE_RE.search(token):
            return token.translate(CONFUSABLES)
        return token

    return _WORD_RE.sub(word, text)


_LEET = {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
# A leet run is digits/@/$ with a letter on both sides ("w4llet", "t3l3gram", "cl@im"), so numbers,
# tickers like "3M" and prices like "$40" are never touched.
_LEET_RE = re.compile(r"(?<=[a-z])[0345@$7]+(?=[a-z])")

_TLDS = (
    "me|com|gg|io|net|org|ly|xyz|co|cc|app|vip|top|cn|link|club|info|biz|ru|to|sh|site|online|pro|"
    "finance|money|live|fun|icu|tk|ml|ga|cf|gq|in|us|uk|hk|tw|sg"
)
_HXXP_RE = re.compile(r"\bh[x*]{2}p(s?)\b")
_DEFANGED_DOT_RE = re.compile(
    r"\s*(?:\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}|<\s*dot\s*>)\s*"
)
_DEFANGED_COLON_RE = re.compile(r"\[\s*:\s*\]")
_DEFANGED_SLASH_RE = re.compile(r"\[\s*/\s*\]|\(\s*slash\s*\)|\[\s*slash\s*\]")
# " dot com" is only repaired after a word that is not a function word ("the dot com bubble" stays).
_SPOKEN_DOT_RE = re.compile(rf"\b(?!(?:the|a|an|of|in|on|at|that|this|and|or)\b)(\w+) +dot +({_TLDS})\b")
# Spaces around a dot before a TLD that ends the token or starts a path: "t . me/x" -> "t.me/x", but
# "so . me too" stays a sentence.
_TLD_END = rf"(?=(?:{_TLDS})(?: ?/|[\s,;!?)]*$))"
_SPACED_DOT_RE = re.compile(rf"(?<=[a-z0-9])\s+\.\s*{_TLD_END}|(?<=[a-z0-9])\.\s+{_TLD_END}")
_SPACED_SLASH_RE = re.compile(rf"(?<=\.)({_TLDS}) ?/ ?(?=\w)")

# Runs of >= 3 single letters/digits split by ONE space or by a dot/dash/underscore/star/bullet
# (optionally padded). Two or more spaces end a run, so "j o i n  t e l e g r a m" keeps two words.
_SINGLE = r"[^\W_]"
_SEP = r"(?: ?[.\-_*\u00b7\u2022|] ?| )"
_SPACED_LETTERS_RE = re.compile(rf"(?<![^\W_])(?:{_SINGLE}{_SEP}){{2,}}{_SINGLE}(?![^\W_])")

# Four or more of one non-digit character squeeze to two: "biiiig" -> "biig", "!!!!" -> "!!"; digits
# ("1000") and "www" are left alone.
# Separators between two CJK characters ("微.信", "加 群") are obfuscation; Chinese needs no spaces.
_CJK_SPLIT_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ .\-_*\u00b7\u2022|]+(?=[\u4e00-\u9fff])")

_REPEAT_RE = re.compile(r"([^\d\s])\1{3,}")
_SPACE_RE = re.compile(r"[^\S\n]+")
_NEWLINES_RE = re.compile(r"\n{2,}")


def _join_run(match: re.Match[str]) -> str:
    """Join one run of spaced/dotted single characters.

    If every separator is a dot the dots were padding ("t.e.l.e.g.r.a.m" -> "telegram"); if dots are
    mixed with spaces the dots are real ("t . m e" -> "t.me").
    """
    run = match.group(0)
    chars = re.findall(_SINGLE, run)
    seps = re.split(_SINGLE, run)[1:-1]
    stripped = [s.strip() for s in seps]
    if all(s == "." for s in stripped):
        return "".join(chars)
    # Tight dots inside words and single spaces between them ("r.e.f.e.r.r.a.l c.o.d.e") are dotted words.
    if all(sep in (".", " ") for sep in seps) and "." in seps:
        words, current = [], [chars[0]]
        for sep, ch in zip(seps, chars[1:], strict=True):
            if sep == " ":
                words.append("".join(current))
                current = []
            current.append(ch)
        words.append("".join(current))
        if all(len(word) >= 2 for word in words):
            return " ".join(words)
    out = [chars[0]]
    for sep, ch in zip(stripped, chars[1:], strict=True):
        out.append(("." if sep == "." else "") + ch)
    return "".join(out)


def _squeeze_emoji_run(match: re.Match[str]) -> str:
    return match.group(1) + (match.group(2) or "") + " "


def normalize(text: str) -> str:
    """Return the canonical matching form of ``text`` (see the module docstring for the steps)."""
    if not text:
        return ""
    if not text.isascii():
        # ASCII cannot hold full-width forms, invisibles, diacritics or look-alikes: skip the Unicode work.
        text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text))
        decomposed = unicodedata.normalize("NFD", text)
        if _COMBINING_RE.search(decomposed):
            text = unicodedata.normalize("NFC", _COMBINING_RE.sub("", decomposed))
        text = _map_lookalikes(text)
    text = text.casefold()
    text = _LEET_RE.sub(lambda m: "".join(_LEET[c] for c in m.group(0)), text)

    text = _HXXP_RE.sub(r"http\1", text)
    text = _DEFANGED_DOT_RE.sub(".", text)
    text = _DEFANGED_COLON_RE.sub(":", text)
    text = _DEFANGED_SLASH_RE.sub("/", text)
    text = _SPOKEN_DOT_RE.sub(r"\1.\2", text)
    text = _SPACED_LETTERS_RE.sub(_join_run, text)
    text = _CJK_SPLIT_RE.sub("", text)
    text = _SPACED_DOT_RE.sub(".", text)
    text = _SPACED_SLASH_RE.sub(r"\1/", text)

    text = _EMOJI_RUN_RE.sub(_squeeze_emoji_run, text)
    text = _REPEAT_RE.sub(r"\1\1", text)
    text = _SPACE_RE.sub(" ", text)
    text = _NEWLINES_RE.sub("\n", text)
    return text.strip()
