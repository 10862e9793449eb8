"""Table tests for ``normalize``: each obfuscation trick maps to the plain form; honest text survives."""

import pytest

from moderation.classifier.normalize import CONFUSABLES, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Join our \uff54\uff45\uff4c\uff45\uff47\uff52\uff41\uff4d group", "join our telegram group"),
        ("tele\u200bgram", "telegram"),
        ("tele\u200c\u200dgr\u2060am\ufeff", "telegram"),
        ("air\u00addrop", "airdrop"),
        ("t . m e/pumpvip", "t.me/pumpvip"),
        ("t.e.l.e.g.r.a.m", "telegram"),
        ("w h a t s a p p", "whatsapp"),
        ("j o i n  t e l e g r a m", "join telegram"),
        ("hxxps://t[.]me/abc", "https://t.me/abc"),
        ("hxxp://bonus(.)xyz", "http://bonus.xyz"),
        ("discord(dot)gg/xyz", "discord.gg/xyz"),
        ("discord{dot}gg/xyz", "discord.gg/xyz"),
        ("example dot com", "example.com"),
        ("t [.] m e / vip", "t.me/vip"),
        ("visit bit . ly/abc", "visit bit.ly/abc"),
        ("\u0441laim your \u0430irdrop", "claim your airdrop"),
        ("\u0422\u0415L\u0415GR\u0410M", "telegram"),
        ("\u03c4\u03b5l\u03b5gr\u03b1m", "telegram"),
        ("\U0001d42d\U0001d41e\U0001d425\U0001d41e\U0001d420\U0001d42b\U0001d41a\U0001d426", "telegram"),
        ("\u1d1b\u1d07\u029f\u1d07\u0262\u0280\u1d00\u1d0d", "telegram"),
        ("\U0001f163\U0001f154\U0001f15b\U0001f154", "tele"),
        ("w4llet c0nnect", "wallet connect"),
        ("z\u0337a\u0337l\u0337g\u0337o\u0337", "zalgo"),
        (
            "\U0001f680\U0001f680\U0001f680\U0001f680\U0001f680 moon \U0001f680 \U0001f680 \U0001f680",
            "\U0001f680\U0001f680 moon \U0001f680\U0001f680",
        ),
        ("biiiiig gains!!!!!", "biig gains!!"),
        ("\u52a0 \u5fae \u4fe1", "\u52a0\u5fae\u4fe1"),
        ("\u79c1.\u4fe1\u6211", "\u79c1\u4fe1\u6211"),
    ],
)
def test_obfuscation_is_undone(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BTC to 10% 3M $40", "btc to 10% 3m $40"),
        ("the dot com bubble", "the dot com bubble"),
        ("e.g. the U.S. economy", "e.g. the u.s. economy"),
        ("I think so . Me too", "i think so . me too"),
        ("Revenue was $1000 in 2023, see www.sec.gov", "revenue was $1000 in 2023, see www.sec.gov"),
        ("Caf\u00e9 stocks", "cafe stocks"),
    ],
)
def test_honest_text_keeps_its_meaning(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_chinese_text_stays_intact_apart_from_full_width_folding() -> None:
    raw = "\u8305\u53f0\u4f30\u503c\u592a\u9ad8\u4e86\uff0c\uff30\uff25\u5df2\u7ecf\uff15\uff10\u500d\u3002"
    assert normalize(raw) == "\u8305\u53f0\u4f30\u503c\u592a\u9ad8\u4e86,pe\u5df2\u7ecf50\u500d\u3002"


def test_confusables_table_is_large_and_maps_to_latin() -> None:
    assert len(CONFUSABLES) >= 60
    assert all(value.isascii() for value in CONFUSABLES.values())


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b"])
def test_empty_and_invisible_only_text_normalizes_to_empty(text: str) -> None:
    assert normalize(text) == ""


@pytest.mark.parametrize(
    "text",
    [
        "Join our t . m e/vip",
        "\u0441laim y\u043eur airdrop NOW!!!!",
        "\u52a0 \u5fae \u4fe1 abc",
        "Buy NVDA now",
    ],
)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
