"""Behaviour and link signals: plain numbers and strings in, score adjustments with evidence out.

Contract: nothing here touches the database. The DB layer counts (recent near-duplicates, posting rate,
account age, trust level) and passes the numbers in; ``fingerprint``/``hamming`` let it find
near-duplicates cheaply (store the 64-bit fingerprint next to each comment and compare).

An ``Adjustment`` is a weight in (0, 1] for one label; the pipeline folds it into that label's score by
noisy-OR, exactly like a rule hit, so adjustments only ever raise a score.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from moderation.classifier.rules import Label

__all__ = [
    "DEFAULT_ALLOW_DOMAINS",
    "DEFAULT_DENY_DOMAINS",
    "NEAR_DUPLICATE_MAX_DISTANCE",
    "Adjustment",
    "behaviour_scores",
    "classify_domain",
    "content_adjustments",
    "extract_domains",
    "extract_links",
    "fingerprint",
    "hamming",
    "is_near_duplicate",
    "link_adjustments",
    "similarity",
]

DEFAULT_ALLOW_DOMAINS: frozenset[str] = frozenset(
    {
        "reuters.com", "bloomberg.com", "sec.gov", "ft.com", "wsj.com", "cnbc.com", "apnews.com",
        "xinhuanet.com", "caixin.com", "federalreserve.gov", "bls.gov", "treasury.gov", "ecb.europa.eu",
        "bankofengland.co.uk", "imf.org", "worldbank.org", "economist.com", "nytimes.com", "bbc.co.uk",
        "bbc.com", "marketwatch.com", "barrons.com", "finance.yahoo.com", "nasdaq.com", "nyse.com",
        "hkex.com.hk", "sse.com.cn", "szse.cn", "csrc.gov.cn", "pbc.gov.cn", "stats.gov.cn", "yicai.com",
        "eastmoney.com", "sina.com.cn", "people.com.cn", "scmp.com", "nikkei.com", "asia.nikkei.com",
        "investor.gov", "finra.org", "github.com", "wikipedia.org", "arxiv.org",
    }
)  # fmt: skip
DEFAULT_DENY_DOMAINS: frozenset[str] = frozenset(
    {
        # messengers' invite hosts
        "t.me", "telegram.me", "telegram.dog", "wa.me", "chat.whatsapp.com", "discord.gg",
        "discord.com/invite",
        "signal.group", "line.me", "u.wechat.com",
        # shorteners hide the destination
        "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rb.gy",
        "shorturl.at",
        "tiny.cc", "rebrand.ly", "s.id", "dwz.cn", "url.cn", "t.cn", "suo.im",
    }
)  # fmt: skip

# Weights of link and behaviour adjustments. Chosen so that one deny-listed link alone reaches the spam
# "medium" threshold (0.5), and a link from a brand-new account plus a flood reaches "high" (0.85).
DENY_LINK_WEIGHT = 0.7
UNKNOWN_LINK_NEW_ACCOUNT_WEIGHT = 0.3
NEW_ACCOUNT_HOURS = 24.0
# An unknown host whose name sells the scam ("coinbase-verify-support.com", "usdt-gift.top"). No honest link
# in the corpus hits this; 0.6 alone reaches "medium". Words common in legitimate hosts ("support", "login",
# "secure", "free") are left out on purpose (support.apple.com must not be flagged).
SCAM_HOST_WEIGHT = 0.6
_SCAM_HOST_RE = re.compile(
    r"(?:verify|verification|wallet-?(?:sync|connect|restore|verify|validate)|claim|airdrop|gift|bonus|reward|"
    r"giveaway|unlock|restore|recovery|validate|prize|hongbao|double)"
)

# SimHash over character 3-grams. Measured on the corpus: copies that differ by a number, a handle, look-alike
# letters or an emoji flood sit 0-6 bits apart; comments from different templates are >= 18 bits apart in
# 99.9% of 20,000 random pairs (0.005% within 12). Same-template paraphrases with other names and openers
# have a median of 13, so 12 catches copy-paste campaigns without calling paraphrases duplicates.
NEAR_DUPLICATE_MAX_DISTANCE = 12
_SHINGLE = 3
_MASK64 = (1 << 64) - 1

_URL_RE = re.compile(
    r"\b(?:https?://)?(?:www\.)?((?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,12})(/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)
# Things that look like domains but are not links in comments ("e.g", "u.s", "3.5", file names).
_NOT_TLDS = frozenset(
    {"g", "e", "s", "m", "pdf", "txt", "jpg", "png", "py", "js", "exe", "zip", "etc", "vs", "am"}
)
_KNOWN_TLDS = frozenset(
    [
        "com",
        "net",
        "org",
        "gov",
        "edu",
        "io",
        "me",
        "gg",
        "co",
        "uk",
        "cn",
        "hk",
        "tw",
        "sg",
        "jp",
        "de",
        "fr",
        "ru",
        "xyz",
        "ly",
        "cc",
        "app",
        "vip",
        "top",
        "link",
        "club",
        "info",
        "biz",
        "to",
        "sh",
        "site",
        "online",
        "pro",
        "finance",
        "money",
        "live",
        "fun",
        "icu",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "in",
        "us",
        "eu",
        "dog",
        "group",
        "ca",
        "au",
        "ch",
        "nl",
        "it",
        "es",
        "kr",
        "ai",
        "dev",
        "news",
    ]
)


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A score adjustment for one label, with the evidence string that explains it."""

    label: Label
    weight: float
    evidence: str


# ---- near-duplicates ------------------------------------------------------------------------------------


def _shingles(text: str) -> Counter[str]:
    compact = re.sub(r"\s+", " ", text.strip())
    if len(compact) <= _SHINGLE:
        return Counter([compact]) if compact else Counter()
    return Counter(compact[i : i + _SHINGLE] for i in range(len(compact) - _SHINGLE + 1))


def fingerprint(text: str) -> int:
    """64-bit SimHash of ``text`` (pass normalized text so obfuscated copies collide).

    Returns an unsigned int in [0, 2**64). Empty text fingerprints to 0. Stable across processes and
    Python versions (blake2b, not ``hash()``), so it can be stored in the database.
    """
    counts = _shingles(text)
    if not counts:
        return 0
    totals = [0] * 64
    for shingle, weight in counts.items():
        h = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            totals[bit] += weight if (h >> bit) & 1 else -weight
    value = 0
    for bit, total in enumerate(totals):
        if total > 0:
            value |= 1 << bit
    return value & _MASK64


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two fingerprints (0..64)."""
    return (a ^ b).bit_count()


def similarity(a: int, b: int) -> float:
    """1.0 for identical fingerprints, falling linearly to 0.0 at 64 differing bits."""
    return 1.0 - hamming(a, b) / 64.0


def is_near_duplicate(a: int, b: int, *, max_distance: int = NEAR_DUPLICATE_MAX_DISTANCE) -> bool:
    """True if two fingerprints are within ``max_distance`` bits (see the measured note on the constant)."""
    return hamming(a, b) <= max_distance


# ---- links ------------------------------------------------------------------------------------------------


def extract_links(text: str) -> list[str]:
    """Return the links in (normalized) ``text`` as ``host[/path]`` strings, in order, without duplicates.

    Bare domains count ("t.me/abc", "example.xyz"); decimals, abbreviations like "e.g." and file names do not.
    """
    links: list[str] = []
    for found in _URL_RE.finditer(text):
        host = found.group(1).lower().rstrip(".")
        tld = host.rsplit(".", 1)[-1]
        has_scheme = found.group(0).lower().startswith(("http://", "https://", "www."))
        if tld in _NOT_TLDS or (not has_scheme and tld not in _KNOWN_TLDS):
            continue
        link = host + (found.group(2) or "").rstrip(".,;:!?")
        if link not in links:
            links.append(link)
    return links


def extract_domains(text: str) -> list[str]:
    """Hosts of ``extract_links(text)``, without a leading ``www.``, in order, without duplicates."""
    domains: list[str] = []
    for link in extract_links(text):
        host = urlsplit("//" + link).hostname or ""
        host = host.removeprefix("www.")
        if host and host not in domains:
            domains.append(host)
    return domains


def _matches(domain: str, listed: Iterable[str]) -> bool:
    return any(domain == entry or domain.endswith("." + entry) for entry in listed)


def _link_listed(link: str, listed: Iterable[str]) -> bool:
    """Match list entries that carry a path ("discord.com/invite") against a ``host/path`` link."""
    link = link.removeprefix("www.")
    return any(
        "/" in entry and (link == entry or link.startswith(entry + "/") or ("." + entry + "/") in link)
        for entry in listed
    )


def classify_domain(
    domain: str,
    *,
    allow: Iterable[str] = DEFAULT_ALLOW_DOMAINS,
    deny: Iterable[str] = DEFAULT_DENY_DOMAINS,
) -> str:
    """Return ``"deny"``, ``"allow"`` or ``"unknown"`` for a host; subdomains inherit (``www.sec.gov``).

    Deny wins over allow so a moderator can block a subdomain of an allowed site.
    """
    domain = domain.lower().removeprefix("www.")
    if _matches(domain, deny):
        return "deny"
    if _matches(domain, allow):
        return "allow"
    return "unknown"


def link_adjustments(
    text: str,
    *,
    new_account: bool = False,
    allow: Iterable[str] = DEFAULT_ALLOW_DOMAINS,
    deny: Iterable[str] = DEFAULT_DENY_DOMAINS,
) -> list[Adjustment]:
    """Spam adjustments for the links in normalized ``text``.

    A deny-listed host with a path (an invite or a shortened link) adds ``DENY_LINK_WEIGHT``; an unknown host
    whose name sells a scam ("wallet-verify.app") adds ``SCAM_HOST_WEIGHT``; any other unknown host only
    counts for new accounts. Allowed news/filing links add nothing (and cannot lower a score: a Reuters link
    must not launder a scam).
    """
    allow, deny = frozenset(allow), frozenset(deny)
    adjustments: list[Adjustment] = []
    for link in extract_links(text):
        host = (urlsplit("//" + link).hostname or "").removeprefix("www.")
        verdict = classify_domain(host, allow=allow, deny=deny)
        # "discord.com/invite" is listed with its path, so check the full link too.
        if verdict != "deny" and _link_listed(link, deny):
            verdict = "deny"
        # A bare host ("the discord.gg links here are scams") is talk about a site; an invite has a path.
        has_path = "/" in link and len(link.split("/", 1)[1]) > 1
        if verdict == "deny" and has_path:
            adjustments.append(Adjustment("spam", DENY_LINK_WEIGHT, f"link:denied({host})"))
        elif verdict == "unknown" and _SCAM_HOST_RE.search(host):
            adjustments.append(Adjustment("spam", SCAM_HOST_WEIGHT, f"link:scam_like_host({host})"))
        elif verdict == "unknown" and new_account:
            adjustments.append(
                Adjustment("spam", UNKNOWN_LINK_NEW_ACCOUNT_WEIGHT, f"link:unknown_new_account({host})")
            )
    return adjustments


# ---- content shape ----------------------------------------------------------------------------------------

# Measured on the corpus: honest comments carry at most 2 emoji, spam floods 12 to 26.
EMOJI_FLOOD_MIN = 8
# Keyword stuffing: one token making up over 40% of a text of 8+ tokens. Honest corpus texts peak at 25%.
STUFFING_MIN_TOKENS = 8
STUFFING_SHARE = 0.4
MANY_LINKS_MIN = 3
_TOKEN_RE = re.compile(r"[a-z0-9$%']{2,}|[\u4e00-\u9fff]{2}")


_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


def _count_emoji(text: str) -> int:
    return len(_EMOJI_RE.findall(text))


def content_adjustments(raw: str, normalized: str) -> list[Adjustment]:
    """Spam adjustments from the shape of a text: emoji floods, keyword stuffing, link piles.

    ``raw`` is the text as posted (emoji floods are squeezed by normalization), ``normalized`` its
    normalized form.
    """
    adjustments: list[Adjustment] = []
    emoji = _count_emoji(raw)
    if emoji >= EMOJI_FLOOD_MIN:
        adjustments.append(Adjustment("spam", 0.3, f"signal:emoji_flood({emoji})"))
    tokens = _TOKEN_RE.findall(normalized)
    if len(tokens) >= STUFFING_MIN_TOKENS:
        top, count = Counter(tokens).most_common(1)[0]
        if count / len(tokens) > STUFFING_SHARE:
            adjustments.append(Adjustment("spam", 0.5, f"signal:keyword_stuffing({top}x{count})"))
    links = extract_links(normalized)
    if len(links) >= MANY_LINKS_MIN:
        adjustments.append(Adjustment("spam", 0.4, f"signal:many_links({len(links)})"))
    return adjustments


# ---- behaviour --------------------------------------------------------------------------------------------


def behaviour_scores(
    *,
    duplicates_recent: int = 0,
    posts_last_10min: int = 0,
    account_age_hours: float | None = None,
    trust_level: int | None = None,
    link_domains: Iterable[str] = (),
    allow: Iterable[str] = DEFAULT_ALLOW_DOMAINS,
    deny: Iterable[str] = DEFAULT_DENY_DOMAINS,
) -> list[Adjustment]:
    """Spam adjustments from how an account posts, not what it wrote.

    ``duplicates_recent``: other comments (by anyone) in the recent window whose fingerprint is a near
    duplicate of this one. ``posts_last_10min``: this author's posts in the last 10 minutes, this one
    included. ``account_age_hours``/``trust_level``: None when unknown (then no new-account effect).
    ``link_domains``: extra hosts the caller knows of (e.g. from rendered HTML); hosts found in the text
    are handled by ``link_adjustments``.

    Being new never flags anything by itself (policy holds first comments anyway); it only strengthens
    other signals.
    """
    adjustments: list[Adjustment] = []
    new_account = (
        account_age_hours is not None and account_age_hours < NEW_ACCOUNT_HOURS
    ) or trust_level == 0
    # Policy: the same text again and again is spam. Two copies can be a double-click; five is a campaign.
    if duplicates_recent >= 5:
        adjustments.append(Adjustment("spam", 0.9, f"behaviour:duplicates({duplicates_recent})"))
    elif duplicates_recent >= 2:
        weight = 0.6 if new_account else 0.5
        adjustments.append(Adjustment("spam", weight, f"behaviour:duplicates({duplicates_recent})"))
    # More than one comment a minute for ten minutes is beyond a lively human discussion.
    if posts_last_10min >= 20:
        adjustments.append(Adjustment("spam", 0.6, f"behaviour:flood({posts_last_10min}/10min)"))
    elif posts_last_10min >= 10:
        weight = 0.4 if new_account else 0.2
        adjustments.append(Adjustment("spam", weight, f"behaviour:rate({posts_last_10min}/10min)"))
    allow, deny = frozenset(allow), frozenset(deny)
    for domain in link_domains:
        verdict = classify_domain(domain, allow=allow, deny=deny)
        if verdict == "deny":
            adjustments.append(Adjustment("spam", DENY_LINK_WEIGHT, f"link:denied({domain})"))
        elif verdict == "unknown" and new_account:
            adjustments.append(
                Adjustment("spam", UNKNOWN_LINK_NEW_ACCOUNT_WEIGHT, f"link:unknown_new_account({domain})")
            )
    return adjustments
