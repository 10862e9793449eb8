"""Block C's cues fire per language on normalized text, and their evidence names the phrase."""

import pytest

from moderation.classifier.lexicon import FEATURE_NAMES, lexicon_features, lexicon_matrix
from moderation.classifier.normalize import normalize


def fired(text: str) -> set[str]:
    _, evidence = lexicon_features(text, normalize(text))
    return {item.split("(")[0].removeprefix("lex:") for item in evidence}


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Compra X antes del anuncio", "adv_buy"),
        ("지금 사세요", "adv_buy"),
        ("Hepsini alın", "adv_buy"),
        ("gom coin ngay", "adv_buy"),
        ("现在满仓抄底", "adv_buy"),
        ("Продавайте до ФРС", "adv_sell"),
        ("Rotate out of EV stocks into utilities", "adv_sell"),
        ("Dump X and buy Y", "adv_sell"),
        ("I'd keep 70/30 and rebalance, works for you too", "adv_allocation"),
        ("Invest 1 BTC, receive 1.5 BTC in 30 days", "adv_returns"),
        ("steady 8% a week", "adv_returns"),
        ("800% APY, deposit before it closes", "adv_returns"),
        ("long 64k SL 62k TP 70k", "adv_signal"),
        ("20x long, no fear", "adv_leverage"),
        ("I'm all in. Your move.", "adv_pressure"),
        ("my handle is the same on the blue bird app and the paper plane one", "sp_offsite"),
        ("link in bio", "sp_offsite"),
        ("加我微信进群", "sp_offsite"),
        ("comment YES and I'll DM you", "sp_dm"),
        ("a forensics team got my ETH back", "sp_recovery"),
        ("Download the app and claim your airdrop", "sp_app"),
        ("Is this a scam? Careful", "cue_warning"),
        ("I bought some last week", "cue_past_self"),
        ("not financial advice, just my view", "cue_nfa"),
    ],
)
def test_cue_fires(text, cue):
    assert cue in fired(text)


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("0x52908400098527886E0F7030069857D2E4169EE7 send here", "shape_wallet"),
        ("Call +44 7700 900123 for help", "shape_phone"),
        ("buy now buy now buy now buy now buy now buy now buy now buy now buy now", "shape_repeated_phrase"),
        ("b u y  $ X  n o w", "shape_spaced_letters"),
        ("hxxps://x[.]top", "shape_defanged"),
        ("asdfghjkl qwerty", "shape_keyboard_mash"),
        ("wowwwwwwwwwwwww", "shape_char_flood"),
    ],
)
def test_shape_fires(text, shape):
    assert shape in fired(text)


def test_honest_text_fires_no_directive():
    assert not {
        cue for cue in fired("I just want cheaper API prices, whoever wins") if cue.startswith("adv_")
    }


def test_matrix_rows_follow_the_feature_names():
    matrix, evidence = lexicon_matrix(["Buy now", "hello"], [normalize("Buy now"), "hello"])
    assert matrix.shape == (2, len(FEATURE_NAMES))
    assert (
        matrix[0, FEATURE_NAMES.index("adv_buy")] == 1.0 and matrix[1, FEATURE_NAMES.index("adv_buy")] == 0.0
    )
    assert evidence[0] and not evidence[1]
