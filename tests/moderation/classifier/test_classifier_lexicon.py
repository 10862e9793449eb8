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
        # returns per period, however the language orders amount, percentage and period
        ("günlük %20 kazanç, ilk gün ödeme", "adv_returns"),
        ("毎日0.8%もらえる", "adv_returns"),
        ("每月保證回報6%，名額有限", "adv_returns"),
        ("코인 예치하면 매주 2%씩 이자", "adv_returns"),
        ("Earn $500 daily from home", "adv_returns"),
        ("Renda extra de R$300 por dia", "adv_returns"),
        ("ربح ١٠٠ دولار يومياً", "adv_returns"),
        ("₹1000 जमा करें और 30 दिन में ₹2000 पाएं", "adv_returns"),
        ("send 0.1 to 5 ETH and we send back double", "adv_returns"),
        ("envie 1 ETH e receba o dobro na hora", "adv_returns"),
        # guarantees
        ("每月保證回報6%", "adv_guarantee"),
        ("Ủy thác đầu tư cam kết lợi nhuận 5%/tháng", "adv_guarantee"),
        # a directive as what the writer would do in the reader's place
        ("If I had fresh cash today I'd split it between Hynix and Micron", "adv_in_your_place"),
        ("An deiner Stelle würde ich die Position halbieren", "adv_in_your_place"),
        ("Ben olsam tüm pozisyonu kapatırdım", "adv_in_your_place"),
        ("내가 카카오 주주라면 이번 반등 때 정리한다", "adv_in_your_place"),
        ("Friendly reminder: sell before the Fed", "adv_reminder"),
        ("友情提醒：减半后还没上车的别哭", "adv_reminder"),
        ("ETF天天净流入，现在不买BTC还等什么？", "adv_pressure"),
        ("What are you all waiting for?", "adv_pressure"),
        ("Розумні люди тримають хоча б 20% у золоті", "adv_allocation"),
        # warnings in the imperative and flow data are honest context
        ("追高的朋友注意回撤，别上杠杆", "cue_warning"),
        ("only put in money you can afford to lose", "cue_warning"),
        ("코스피 오늘도 외인 순매도네", "cue_flow"),
        ("ต่างชาติขายสุทธิต่อเนื่อง", "cue_flow"),
        ("Foreign investors were net sellers for a third week", "cue_flow"),
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


@pytest.mark.parametrize(
    ("text", "not_cue"),
    [
        ("코스피 오늘도 외인 순매도네", "adv_sell"),
        ("이번주 삼전 순매수 1조", "adv_buy"),
        ("ต่างชาติขายสุทธิต่อเนื่อง", "adv_sell"),
        ("北向资金今天净买入50亿", "adv_buy"),
        ("阿达尼被做空那次一天跌20%", "adv_sell"),
    ],
)
def test_net_flows_and_passives_are_not_directives(text, not_cue):
    assert not_cue not in fired(text)


def test_a_promise_in_quotation_marks_is_noted_as_quoted_not_as_the_writers_own():
    cues = fired(
        "Ma belle-mère a reçu un SMS « Placement garanti à 12 % par mois ». Évidemment c'est une arnaque."
    )
    assert "cue_quoted_advice" in cues
    assert "adv_guarantee" not in cues and "adv_returns" not in cues
    assert "adv_guarantee" in fired("Placement garanti à 12 % par mois, appelez-moi")


def test_full_width_letters_are_a_disguise_but_chinese_punctuation_is_not():
    assert "shape_full_width" in fired("Ｔｅｌｅｇｒａｍ： ＠ｈｉｓｓｅ")
    assert "shape_full_width" not in fired("印度股市这两年涨太猛了，追高的朋友注意回撤！")
