"""The reader's language (pure), the LibreTranslate backend against the stand-in (codes from
``GET /languages``, answers of the wrong shape, errors as LibreTranslate gives them), and the language
every text records when it is written."""

import pytest

from board.translation import ORIGINAL, language_name, reader_language
from board.translation.backends import LibreTranslate, TranslationError
from tests.support.libretranslate import LANGUAGES, StandIn

pytestmark = pytest.mark.sqlite


@pytest.mark.parametrize(
    ("query", "profile", "header", "expected"),
    [
        ("en", "ko", "ja", "en"),
        ("", "ko", "ja", "ko"),
        (None, "", "ja-JP,ja;q=0.9,en;q=0.5", "ja"),
        (None, "", "xx, fr-CH;q=0.9, en;q=0.8", "fr"),
        (None, "", "zh-TW", "zh"),
        (None, "", "*", None),
        (None, "", "", None),
        (ORIGINAL, "ko", "en", None),
        ("nonsense", "", "en", "en"),  # pages ignore an unknown ?lang=
    ],
)
def test_the_readers_language(query, profile, header, expected):
    assert reader_language(query=query, profile=profile, accept_language=header, strict=False) == expected


def test_language_names():
    assert (
        language_name("zh") == "Chinese" and language_name("ko") == "Korean" and language_name("qq") == "qq"
    )


@pytest.fixture
def server():
    stand_in = StandIn(api_key="k").start()
    yield stand_in
    stand_in.stop()


def backend(server, **kwargs):
    return LibreTranslate(url=server.url, api_key="k", connect_timeout=0.5, timeout=0.5, **kwargs)


def test_translates_one_text_or_several_in_one_call(server):
    lt = backend(server)
    assert lt.languages() == set(LANGUAGES)
    assert lt.translate(["买入"], source="zh", target="en") == ["[zh→en] 买入"]
    assert lt.translate(["一", "二"], source="zh", target="ko") == ["[zh→ko] 一", "[zh→ko] 二"]
    assert server.requests[-1]["q"] == ["一", "二"] and server.requests[-1]["api_key"] == "k"


def test_a_server_naming_chinese_zh_hans_is_asked_in_its_own_codes(server, monkeypatch):
    monkeypatch.setattr("tests.support.libretranslate.LANGUAGES", {"en": "English", "zh-Hans": "Chinese"})
    lt = backend(server)
    assert lt.languages() == {"en", "zh"}
    # The stand-in now refuses "zh" itself (400 "zh is not supported"): the backend sends zh-Hans.
    assert lt.translate(["买入"], source="zh", target="en") == ["[zh-Hans→en] 买入"]
    assert server.requests[-1]["source"] == "zh-Hans"


@pytest.mark.parametrize(
    ("mode", "transient"), [("down", True), ("slow", True), ("garbage", True), ("error", True)]
)
def test_failures_are_translation_errors_saying_whether_to_retry(server, mode, transient):
    lt = backend(server)
    lt.languages()
    server.mode, server.delay = mode, 2.0
    with pytest.raises(TranslationError) as caught:
        lt.translate(["买入"], source="zh", target="en")
    assert caught.value.transient is transient


def test_a_wrong_key_and_an_unoffered_pair(server):
    wrong = LibreTranslate(url=server.url, api_key="nope", connect_timeout=0.5, timeout=0.5)
    with pytest.raises(TranslationError, match="Invalid API key"):
        wrong.translate(["买入"], source="zh", target="en")
    with pytest.raises(TranslationError) as caught:
        backend(server).translate(["สวัสดี"], source="th", target="en")
    assert caught.value.transient is False


@pytest.mark.django_db
def test_every_text_records_its_language_when_written_and_edited(article, reader):
    from board.services import article_update, comment_edit, repost_create
    from tests.factories import make_article, make_comment, make_user

    comment = make_comment(article=article, author=reader, body="这家公司的估值太高了")
    assert comment.language == "zh"
    comment_edit(actor=reader, comment=comment, body="이 회사는 너무 비싸다")
    comment.refresh_from_db()
    assert comment.language == "ko"
    repost, _ = repost_create(
        user=reader, article=article, quote="Bu hisse çok pahalı, dikkatli olun arkadaşlar"
    )
    assert repost.language == "tr"
    story = make_article(title="Рынок растёт", body="Акции выросли после отчёта компании.")
    assert story.language == "ru"
    editor = make_user(is_staff=True)
    article_update(
        actor=editor, article=story, title="Thị trường tăng", body="Cổ phiếu tăng sau báo cáo của công ty."
    )
    story.refresh_from_db()
    assert story.language == "vi"
    assert make_article(title="x", body="y", language="de").language == "de"  # the editor's word wins
