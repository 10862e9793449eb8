"""Language identification: ISO 639-1 codes offline, scripts that decide on their own, None when unsure."""

import pytest

from moderation.classifier.language import detect_language, language_status, script_mix


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Sell everything before the Fed meeting, I mean it", "en"),
        ("现在满仓抄底，错过再等十年", "zh"),
        ("買入茅台", "zh"),  # Han without kana is Chinese, whatever the n-grams say
        ("この株は来週まで持つつもりです", "ja"),
        ("지금 사세요", "ko"),
        ("ซื้อเลยตอนนี้", "th"),
        ("Продавайте до заседания ФРС, потом будет поздно", "ru"),
        ("Купуйте зараз, поки гривня тримається", "uk"),
        ("Hepsini alın, yarın çok geç olacak", "tr"),
        ("Mua ngay kẻo lỡ, chốt lời 20% là đẹp", "vi"),
        ("Compren ahora, antes de que el banco central anuncie la subida de tasas", "es"),
        ("Achetez avant l'annonce de la BCE, c'est le moment", "fr"),
        ("اشتروا الآن قبل ارتفاع الأسعار", "ar"),
        ("अभी खरीदो, कल तक दोगुना", "hi"),
    ],
)
def test_main_language(text, code):
    assert detect_language(text).code == code


@pytest.mark.parametrize("text", ["lol", "666", "🚀🚀🚀", "", "$TSLA 10x"])
def test_too_little_text_is_unknown(text):
    guess = detect_language(text)
    assert guess.code is None
    assert guess.evidence == f"lang:unknown({guess.confidence:.2f})"


def test_script_mix_counts_letters_per_script():
    assert script_mix("ok 好的") == {"Hani": 0.5, "Latn": 0.5}
    assert script_mix("123 !!") == {}


def test_the_model_is_available_offline():
    assert language_status() == (True, "lid.176.ftz")
