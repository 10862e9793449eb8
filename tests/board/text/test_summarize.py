import pytest

from board.abstracts import is_cjk_text, split_sentences, summarize, terms
from board.text import markdown_to_text
from demo import content
from tests.board.samples import CHINESE

pytestmark = pytest.mark.sqlite


def test_english_sentences_split_on_periods_but_not_abbreviations_or_numbers():
    text = 'The U.S. economy grew 2.5% in Q3. Mr. Smith said "yes." Shares of Acme Inc. rose! Next?'

    assert split_sentences(text) == [
        "The U.S. economy grew 2.5% in Q3.",
        'Mr. Smith said "yes."',
        "Shares of Acme Inc. rose!",
        "Next?",
    ]


def test_chinese_sentences_split_on_full_width_punctuation_with_closing_quotes():
    sentences = split_sentences(CHINESE)

    assert len(sentences) == 6
    assert sentences[2].endswith("\uff01\u201d")
    assert sentences[4] == "交易预计将在本季度末完成\uff1f"


def test_chinese_terms_are_character_bigrams_without_function_words():
    found = terms("北风机器人的融资")

    assert "机器" in found and "器人" in found
    assert "的融" in found
    assert not any(term == "的" for term in found)


def test_english_abstract_is_extractive_in_order_and_capped():
    text = markdown_to_text(content.NORTHWIND_BODY)
    abstract = summarize(text, max_chars=300)
    sentences = split_sentences(text)

    assert 0 < len(abstract) <= 300
    assert "Northwind" in abstract
    picked = [s for s in sentences if s in abstract]
    assert picked, "the abstract is made of the article's own sentences"
    assert [sentences.index(s) for s in picked] == sorted(sentences.index(s) for s in picked)


def test_english_abstract_takes_two_or_three_sentences_when_they_fit():
    text = (
        "Acme Corp reported record quarterly revenue on Tuesday. Revenue rose 40 percent to $2 billion. "
        "The weather was mild. Acme shares rose 8 percent after the revenue report. Lunch was served."
    )
    abstract = summarize(text, max_chars=300)

    assert abstract.count(".") >= 2
    assert "Lunch was served." not in abstract
    assert abstract.startswith("Acme Corp reported record quarterly revenue")


def test_chinese_abstract_is_capped_by_characters_and_keeps_order():
    assert is_cjk_text(CHINESE)
    abstract = summarize(CHINESE, max_chars_cjk=150)
    sentences = split_sentences(CHINESE)

    assert 0 < len(abstract) <= 150
    picked = [s for s in sentences if s in abstract]
    assert 2 <= len(picked) <= 3
    assert [sentences.index(s) for s in picked] == sorted(sentences.index(s) for s in picked)


def test_one_overlong_sentence_is_cut_with_an_ellipsis():
    abstract = summarize("word " * 200 + ".", max_chars=100)

    assert len(abstract) <= 100
    assert abstract.endswith("…")


@pytest.mark.parametrize("text", ["", "   \n  ", "!!!", "。。。"])
def test_degenerate_text_gives_a_short_or_empty_abstract(text):
    assert len(summarize(text)) <= 3
