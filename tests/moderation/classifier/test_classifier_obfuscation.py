"""Obfuscated spam is caught just as its plain text is (shipped model, default thresholds).

Each case pairs a plain spam comment with one disguise spammers use; the disguised copy must be flagged as
spam at the same level or higher. Hand-written disguises first, then generated ones over several bases.
"""

import pytest

from moderation.classifier.pipeline import classify

LEVEL_RANK = {"low": 0, "medium": 1, "high": 2}
ZW = "\u200b"

HANDWRITTEN = [
    ("Join our Telegram group t.me/alpha_calls", "Join our T e l e g r a m group t . m e/alpha_calls"),
    ("Join our Telegram group t.me/alpha_calls", "Join our t.e.l.e.g.r.a.m group t [.] me/alpha_calls"),
    (
        "Join our Telegram group t.me/alpha_calls",
        "Join our \uff34\uff45\uff4c\uff45\uff47\uff52\uff41\uff4d group "
        "\uff54\uff0e\uff4d\uff45/alpha_calls",
    ),
    ("Join our Telegram group t.me/alpha_calls", f"Join our Tele{ZW}gram gr{ZW}oup t{ZW}.me/alpha_calls"),
    (
        "Join our Telegram group t.me/alpha_calls",
        "J\u043ein \u043eur T\u0435l\u0435gr\u0430m gr\u043eup t.m\u0435/alpha_calls",
    ),
    ("Join our Telegram group t.me/alpha_calls", "Join our telegram group hxxps://t(.)me/alpha_calls"),
    ("Join our Telegram group t.me/alpha_calls", "Join our telegram group t dot me/alpha_calls"),
    (
        "Claim your airdrop at https://claim-drop.xyz",
        "Cl\u0430im y\u043eur \u0430irdr\u043ep at hxxps://claim-drop[.]xyz",
    ),
    ("Claim your airdrop at https://claim-drop.xyz", "C l a i m your a i r d r o p at claim-drop{dot}xyz"),
    (
        "Claim your airdrop at https://claim-drop.xyz",
        "\U0001d402\U0001d425\U0001d41a\U0001d422\U0001d426 your airdrop at claim-drop . xyz",
    ),
    (
        "Connect your wallet to receive the reward",
        "C\u043ennect y\u043eur w\u0430llet t\u043e receive the rew\u0430rd",
    ),
    ("Connect your wallet to receive the reward", "c0nnect your w4llet to receive the reward"),
    (
        "Connect your wallet to receive the reward",
        "\u1d04\u1d0f\u0274\u0274\u1d07\u1d04\u1d1b your "
        "\u1d21\u1d00\u029f\u029f\u1d07\u1d1b to receive the reward",
    ),
    ("DM me for the VIP signal group", "D\u200bM me for the V\u200bI\u200bP signal gr\u200boup"),
    (
        "DM me for the VIP signal group",
        "\U0001f680" * 6 + " DM me for the VIP signal group " + "\U0001f4b0" * 4,
    ),
    ("Use my referral code AB12CD for a bonus", "Use my r.e.f.e.r.r.a.l c.o.d.e AB12CD for a bonus"),
    (
        "Use my referral code AB12CD for a bonus",
        "Use my r\u0435ferr\u0430l c\u043ede AB12CD for a b\u043enus",
    ),
    (
        "WhatsApp me at +14155550199 for the trading plan",
        "W h a t s A p p me at +1 415 555 0199 for the trading plan",
    ),
    (
        "Contact admin on Telegram @support_desk",
        "C\u043entact \u0430dmin on T\u0435legr\u0430m @support_desk",
    ),
    (
        "\u52a0\u6211\u5fae\u4fe1 abc8899 \u8fdb\u7fa4\u9886\u53d6\u7a7a\u6295",
        "\u52a0\u6211\u5fae.\u4fe1 abc8899 \u8fdb*\u7fa4\u9886\u53d6\u7a7a\u6295",
    ),
    (
        "\u52a0\u6211\u5fae\u4fe1 abc8899 \u8fdb\u7fa4\u9886\u53d6\u7a7a\u6295",
        f"\u52a0\u6211\u5fae{ZW}\u4fe1 abc8899 \u8fdb{ZW}\u7fa4\u9886\u53d6\u7a7a\u6295",
    ),
    (
        "\u52a0\u6211\u5fae\u4fe1 abc8899 \u8fdb\u7fa4\u9886\u53d6\u7a7a\u6295",
        "\u52a0 \u6211 \u5fae \u4fe1 \uff41\uff42\uff43\uff18\uff18\uff19\uff19 "
        "\u8fdb \u7fa4\u9886\u53d6\u7a7a\u6295",
    ),
    (
        "\u7535\u62a5\u7fa4 t.me/niugu168 \u6bcf\u5929\u514d\u8d39\u5206\u4eab",
        "\u7535\u62a5\u7fa4 t [.] m e/niugu168 \u6bcf\u5929\u514d\u8d39\u5206\u4eab",
    ),
]

HOMOGLYPHS = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "i": "\u0456"}


def homoglyphs(text: str) -> str:
    return "".join(HOMOGLYPHS.get(ch, ch) for ch in text)


def zero_width(text: str) -> str:
    return ZW.join(text)


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def spaced_words(text: str) -> str:
    return "  ".join(" ".join(word) for word in text.split())


def zalgo(text: str) -> str:
    return "".join(ch + "\u0336" if ch.isalpha() else ch for ch in text)


BASES = [
    "Join our private Telegram group for daily signals t.me/whale_room",
    "Verify your wallet within 24 hours or your funds will be frozen",
    "Use my invite code X7K9Q2 and get 50 USDT free",
    "Contact our account manager on WhatsApp +447700900123 to withdraw",
]
GENERATED = [
    (base, disguise(base))
    for base in BASES
    for disguise in (homoglyphs, zero_width, full_width, spaced_words, zalgo)
]


@pytest.mark.parametrize(("plain", "disguised"), HANDWRITTEN + GENERATED)
def test_disguised_spam_is_caught_like_the_plain_text(plain: str, disguised: str) -> None:
    plain_verdict, disguised_verdict = classify(plain), classify(disguised)
    assert plain_verdict.spam.flagged, plain_verdict.spam.evidence
    assert disguised_verdict.spam.flagged, disguised_verdict.spam.evidence
    assert LEVEL_RANK[disguised_verdict.spam.level] >= LEVEL_RANK[plain_verdict.spam.level]


def test_there_are_at_least_thirty_disguises() -> None:
    assert len(HANDWRITTEN + GENERATED) >= 30
