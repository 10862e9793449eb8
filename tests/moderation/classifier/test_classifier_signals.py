"""Near-duplicate fingerprints, link extraction and domain lists, content and behaviour adjustments."""

import pytest

from moderation.classifier.normalize import normalize
from moderation.classifier.signals import (
    NEAR_DUPLICATE_MAX_DISTANCE,
    behaviour_scores,
    classify_domain,
    content_adjustments,
    extract_domains,
    extract_links,
    fingerprint,
    hamming,
    is_near_duplicate,
    link_adjustments,
    similarity,
)

SPAM = "Join our VIP group for daily signals, 90% win rate! Link: t.me/alpha_calls"
VARIANTS = [
    "Join our VIP group for daily signals, 95% win rate!! Link: t.me/alpha_calls",
    "J\u043ein our V\u0406P group for daily signals, 90% win rate \U0001f680\U0001f680\U0001f680 "
    "Link: t.me/alpha_calls",
    "join our vip group for DAILY signals, 90% win rate! link: t[.]me/alpha_calls",
    "Join our VIP group for daily signals, 90% win rate! Link: t.me/beta_calls",
]
UNRELATED = [
    "I think the Fed will hold rates in December, inflation is still sticky.",
    "Nvidia's margins are impressive but the valuation already prices in a lot.",
    "\u8305\u53f0\u7684\u4f30\u503c\u592a\u9ad8\u4e86\uff0c\u6211\u4e0d\u770b\u597d",
]


def fp(text: str) -> int:
    return fingerprint(normalize(text))


@pytest.mark.parametrize("variant", VARIANTS)
def test_near_duplicates_are_close(variant: str) -> None:
    assert is_near_duplicate(fp(SPAM), fp(variant))
    assert similarity(fp(SPAM), fp(variant)) > 0.8


@pytest.mark.parametrize("other", UNRELATED)
def test_unrelated_texts_are_far(other: str) -> None:
    assert hamming(fp(SPAM), fp(other)) > NEAR_DUPLICATE_MAX_DISTANCE


def test_fingerprint_is_stable_64_bit_and_total() -> None:
    value = fp(SPAM)
    assert value == fp(SPAM)
    assert 0 <= value < 2**64
    assert fingerprint("") == 0
    assert fingerprint("ab") == fingerprint("ab")
    assert similarity(value, value) == 1.0


def test_extract_links_handles_schemes_bare_domains_and_defanged_links() -> None:
    text = normalize(
        "see https://www.reuters.com/x and t[.]me/abc, e.g. 3.5% u.s. bit.ly/xx report.pdf sec.gov"
    )
    assert extract_links(text) == ["reuters.com/x", "t.me/abc", "bit.ly/xx", "sec.gov"]
    assert extract_domains(text) == ["reuters.com", "t.me", "bit.ly", "sec.gov"]


@pytest.mark.parametrize(
    ("domain", "verdict"),
    [
        ("reuters.com", "allow"),
        ("www.sec.gov", "allow"),
        ("markets.ft.com", "allow"),
        ("xinhuanet.com", "allow"),
        ("t.me", "deny"),
        ("chat.whatsapp.com", "deny"),
        ("bit.ly", "deny"),
        ("claim-airdrop.xyz", "unknown"),
    ],
)
def test_classify_domain_defaults(domain: str, verdict: str) -> None:
    assert classify_domain(domain) == verdict


def test_deny_wins_over_allow_and_lists_are_overridable() -> None:
    assert classify_domain("evil.reuters.com", deny={"evil.reuters.com"}) == "deny"
    assert classify_domain("example.org", allow={"example.org"}, deny=()) == "allow"


def test_link_adjustments_need_an_invite_path_and_count_unknown_hosts_only_for_new_accounts() -> None:
    assert link_adjustments(normalize("The discord.gg links here are scams")) == []
    denied = link_adjustments(normalize("join discord.gg/abc and discord.com/invite/xyz"))
    assert [a.evidence for a in denied] == ["link:denied(discord.gg)", "link:denied(discord.com)"]
    assert link_adjustments(normalize("see shiny-widgets.xyz/now")) == []
    new = link_adjustments(normalize("see shiny-widgets.xyz/now"), new_account=True)
    assert new[0].evidence == "link:unknown_new_account(shiny-widgets.xyz)"
    scam = link_adjustments(normalize("restore at coinbase-verify-support.com/login"))
    assert [a.evidence for a in scam] == ["link:scam_like_host(coinbase-verify-support.com)"]
    assert link_adjustments(normalize("see support.apple.com/en-us/102")) == []
    assert link_adjustments(normalize("source: https://www.reuters.com/markets/x"), new_account=True) == []


def test_content_adjustments_spot_emoji_floods_and_keyword_stuffing() -> None:
    raw = "\U0001f680" * 12 + " moon"
    assert content_adjustments(raw, normalize(raw))[0].evidence == "signal:emoji_flood(12)"
    stuffed = "bonus bonus bonus bonus bonus free bonus bonus click"
    assert content_adjustments(stuffed, normalize(stuffed))[0].evidence.startswith(
        "signal:keyword_stuffing(bonus"
    )
    honest = "Great quarter \U0001f680 for Apple, margins up again."
    assert content_adjustments(honest, normalize(honest)) == []


def test_behaviour_scores() -> None:
    assert behaviour_scores() == []
    assert behaviour_scores(account_age_hours=1, trust_level=0) == []  # new alone never flags
    assert behaviour_scores(duplicates_recent=1) == []
    assert behaviour_scores(duplicates_recent=3)[0].weight == 0.5
    assert behaviour_scores(duplicates_recent=3, account_age_hours=2)[0].weight == 0.6
    assert behaviour_scores(duplicates_recent=7)[0].weight == 0.9
    flood = behaviour_scores(posts_last_10min=25)
    assert flood[0].evidence == "behaviour:flood(25/10min)"
    linked = behaviour_scores(link_domains=["t.me", "reuters.com", "x.xyz"], trust_level=0)
    assert [a.evidence for a in linked] == ["link:denied(t.me)", "link:unknown_new_account(x.xyz)"]
    assert all(a.label == "spam" for a in linked)
