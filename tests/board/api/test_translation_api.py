"""Translations in the API against a LibreTranslate stand-in (tests/support/libretranslate.py): the reader's
language, pending then ready, edits, failures, the budget, and what is never translated."""

from datetime import timedelta

import pytest
from django.utils import timezone

from board.models import ContentTranslation, ModerationState, TranslationStatus
from board.services import comment_create, comment_edit, translations_sweep
from board.tasks import content_translate_task
from tests.factories import client_for, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

CHINESE = "茅台这季度的毛利率又创新高，但估值已经不便宜了。"
ENGLISH = "Moutai's gross margin hit another record this quarter, but the valuation is no longer cheap."


def comments_of(article, client=None, **params):
    response = (client or client_for()).get(
        f"/api/v1/articles/{article.pk}/comments/", params, **params.pop("headers", {})
    )
    assert response.status_code == 200, response.content
    return response.json()["results"]


def read(article, *, client=None, query="", accept=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = (client or client_for()).get(f"/api/v1/articles/{article.pk}/comments/{query}", **headers)
    assert response.status_code == 200, response.content
    return {comment["id"]: comment for comment in response.json()["results"]}


def run_pending_tasks():
    """What the worker does with the queued translations (``integration`` tests run a real worker)."""
    return [
        content_translate_task.apply(
            args=[row.content_kind, row.object_id, row.revision, row.target_language]
        ).get()
        for row in ContentTranslation.objects.exclude(status=TranslationStatus.READY)
    ]


@pytest.fixture
def chinese_comment(article, reader):
    return make_comment(article=article, author=reader, body=CHINESE)


@pytest.mark.sqlite
def test_default_settings_show_language_and_no_translation_and_call_nobody(
    article, chinese_comment, libretranslate, settings
):
    settings.TRANSLATION_BACKEND = "none"
    comment = read(article, query="?lang=en", accept="en")[chinese_comment.pk]
    assert comment["language"] == "zh" and comment["translation"] is None
    assert libretranslate.requests == [] and not ContentTranslation.objects.exists()


@pytest.mark.sqlite
def test_a_chinese_comment_read_in_english_is_pending_then_ready_with_the_services_text(
    article, chinese_comment, libretranslate
):
    comment = read(article, query="?lang=en")[chinese_comment.pk]
    assert comment["translation"] == {"language": "en", "status": "pending", "text": None}
    assert libretranslate.requests == []  # the read did not call out

    assert run_pending_tasks() == ["ready"]

    comment = read(article, query="?lang=en")[chinese_comment.pk]
    assert comment["translation"] == {"language": "en", "status": "ready", "text": ENGLISH}
    assert comment["body"] == CHINESE and comment["language"] == "zh"
    assert libretranslate.requests == [
        {"q": CHINESE, "source": "zh", "target": "en", "format": "text", "api_key": "test-key"}
    ]
    # Reused by every reader: one stored row, one call.
    read(article, accept="en-GB,en;q=0.9")
    assert ContentTranslation.objects.count() == 1 and len(libretranslate.requests) == 1


@pytest.mark.sqlite
def test_the_readers_language_query_then_profile_then_accept_language(
    article, chinese_comment, libretranslate
):
    korean = make_user(display_name="Reader Kim")
    korean.language = "ko"
    korean.save(update_fields=["language"])
    assert read(article, accept="en")[chinese_comment.pk]["translation"]["language"] == "en"
    assert (
        read(article, client=client_for(korean), accept="en")[chinese_comment.pk]["translation"]["language"]
        == "ko"
    )
    by_query = read(article, client=client_for(korean), query="?lang=en")[chinese_comment.pk]
    assert by_query["translation"]["language"] == "en"
    assert read(article, query="?lang=original", accept="en")[chinese_comment.pk]["translation"] is None
    # Nothing chosen and no header: as written. A Chinese reader reads Chinese as written.
    assert read(article)[chinese_comment.pk]["translation"] is None
    assert read(article, accept="zh-CN,zh;q=0.9")[chinese_comment.pk]["translation"] is None
    # A language the board does not offer is skipped in the header, refused in ?lang=.
    assert read(article, accept="xx,en;q=0.5")[chinese_comment.pk]["translation"]["language"] == "en"
    response = client_for().get(f"/api/v1/articles/{article.pk}/comments/?lang=klingon")
    assert response.status_code == 400 and "lang" in response.json()["errors"]


@pytest.mark.sqlite
def test_an_edit_drops_the_translation(article, chinese_comment, reader, libretranslate):
    read(article, query="?lang=en")
    run_pending_tasks()
    comment_edit(actor=reader, comment=chinese_comment, body="这篇文章写得很清楚，谢谢分享。")
    assert not ContentTranslation.objects.exists()
    from board.services import comment_set_moderation_state

    comment_set_moderation_state(comment=chinese_comment, state=ModerationState.VISIBLE)
    comment = read(article, query="?lang=en")[chinese_comment.pk]
    assert comment["translation"]["status"] == "pending"
    run_pending_tasks()
    comment = read(article, query="?lang=en")[chinese_comment.pk]
    assert comment["translation"]["text"] == "This article is very clearly written, thanks for sharing."


@pytest.mark.sqlite
@pytest.mark.parametrize("mode", ["down", "slow", "garbage", "error"])
def test_a_failing_service_gives_failed_and_the_sweep_retries_it_later(
    mode, article, chinese_comment, libretranslate, client
):
    libretranslate.mode, libretranslate.delay = mode, 3.0
    read(article, query="?lang=en")
    assert run_pending_tasks() == ["failed"]
    row = ContentTranslation.objects.get()
    assert row.status == "failed" and row.attempts == 1 and row.due_at > timezone.now()
    assert read(article, query="?lang=en")[chinese_comment.pk]["translation"]["status"] == "failed"
    assert client.get(f"{article.get_absolute_url()}?lang=en").status_code == 200

    # Not due yet: the sweep leaves it; once its backoff is over it is queued and done.
    assert translations_sweep() == 0
    libretranslate.mode = "ok"
    ContentTranslation.objects.update(due_at=timezone.now() - timedelta(seconds=1))
    assert translations_sweep() == 1
    assert run_pending_tasks() == ["ready"]
    assert read(article, query="?lang=en")[chinese_comment.pk]["translation"]["status"] == "ready"


@pytest.mark.sqlite
def test_a_pair_the_service_does_not_offer_fails_without_retries(article, reader, libretranslate):
    thai = make_comment(article=article, author=reader, body="ตลาดหุ้นวันนี้ปรับตัวขึ้นอย่างแรง")
    assert thai.language == "th"
    read(article, query="?lang=en")
    assert run_pending_tasks() == ["failed"]
    assert ContentTranslation.objects.get().due_at is None
    assert libretranslate.requests == []


@pytest.mark.sqlite
def test_the_budget_defers_calls_past_the_minute(article, reader, libretranslate, settings):
    settings.TRANSLATION_BUDGET_PER_MINUTE = 1
    make_comment(article=article, author=reader, body=CHINESE)
    make_comment(article=article, author=reader, body="美联储如果继续加息，银行股会承压。")
    read(article, query="?lang=en")
    assert sorted(run_pending_tasks()) == ["deferred", "ready"]
    assert len(libretranslate.requests) == 1
    deferred = ContentTranslation.objects.get(status="pending")
    assert deferred.due_at > timezone.now()


@pytest.mark.sqlite
def test_only_text_the_reader_is_shown_is_translated(article, reader, libretranslate):
    pending = comment_create(author=reader, article=article, body=CHINESE)
    assert pending.moderation_state != ModerationState.VISIBLE
    assert pending.pk not in read(article, query="?lang=en")
    assert not ContentTranslation.objects.exists()


@pytest.mark.sqlite
def test_the_same_language_and_unknown_language_have_no_translation(article, reader, libretranslate):
    english = make_comment(article=article, author=reader, body="Margins look solid this quarter.")
    unsure = make_comment(article=article, author=reader, body="666")
    comments = read(article, query="?lang=en")
    assert comments[english.pk]["language"] == "en" and comments[english.pk]["translation"] is None
    assert comments[unsure.pk]["language"] is None and comments[unsure.pk]["translation"] is None
    assert not ContentTranslation.objects.exists()


@pytest.mark.sqlite
def test_an_article_carries_title_abstract_and_body_translations(news_bot, libretranslate):
    from board.services import article_abstract_generate
    from tests.board.samples import CHINESE_MARKDOWN

    article = make_article(
        author=news_bot, title="华澜电池上调全年出货指引，海外订单占比升至四成", body=CHINESE_MARKDOWN
    )
    assert article.language == "zh"
    client = client_for()
    # While the abstract is being written nothing is asked for (it is translated with the rest).
    assert client.get(f"/api/v1/articles/{article.pk}/?lang=en").json()["translation"] is None
    article_abstract_generate(article_id=article.pk)
    assert client.get(f"/api/v1/articles/{article.pk}/?lang=en").json()["translation"]["status"] == "pending"
    assert run_pending_tasks() == ["ready"]
    translation = client.get(f"/api/v1/articles/{article.pk}/?lang=en").json()["translation"]
    assert (
        translation["title"]
        == "Hualan Battery raises full-year shipment guidance as overseas orders reach 40%"
    )
    assert translation["abstract"].startswith("[zh→en] ") and translation["text"].startswith("[zh→en] ")
    feed = client.get("/api/v1/articles/?lang=en").json()["results"]
    assert feed[0]["translation"]["title"] == translation["title"]


@pytest.mark.sqlite
def test_a_repost_quote_carries_language_and_translation(article, reader, libretranslate):
    response = client_for(reader).post(
        f"/api/v1/articles/{article.pk}/repost/", {"quote": CHINESE}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 201
    assert response.json()["language"] == "zh"
    assert response.json()["translation"] == {"language": "en", "status": "pending", "text": None}


@pytest.mark.sqlite
def test_me_language_is_set_cleared_and_validated(reader):
    client = client_for(reader)
    assert client.get("/api/v1/me/").json()["language"] is None
    response = client.patch("/api/v1/me/", {"language": "ko"}, format="json")
    assert response.status_code == 200 and response.json()["language"] == "ko"
    response = client.patch("/api/v1/me/", {"language": "xx"}, format="json")
    assert response.status_code == 400 and "language" in response.json()["errors"]
    response = client.patch("/api/v1/me/", {"language": None}, format="json")
    assert response.status_code == 200 and response.json()["language"] is None
    assert client_for().patch("/api/v1/me/", {"language": "ko"}, format="json").status_code == 401


# Anonymous with a language: article, pinned, page, the replies' preview level (their own replies have
# none, so the next level is not read), and the translations of the whole page, replies included (one).
TRANSLATED_PAGE_QUERIES = 5


@pytest.mark.parametrize("count", [2, 20])
def test_a_page_of_translated_comments_costs_the_same_queries(
    count, article, libretranslate, django_assert_num_queries
):
    authors = [make_user() for _ in range(2)]
    phrases = [CHINESE, "美联储如果继续加息，银行股会承压。", "这篇文章写得很清楚，谢谢分享。"]
    for index in range(count):
        parent = make_comment(
            article=article, author=authors[index % 2], body=f"{phrases[index % 3]} {index}"
        )
        make_comment(
            article=article, author=authors[(index + 1) % 2], parent=parent, body=f"同意 {index} 号的看法。"
        )
    client = client_for()
    url = f"/api/v1/articles/{article.pk}/comments/?lang=en"
    client.get(url)  # asks for them all (+1 insert)
    run_pending_tasks()
    with django_assert_num_queries(TRANSLATED_PAGE_QUERIES):
        response = client.get(url)
    results = response.json()["results"]
    assert len(results) == count
    assert all(c["translation"]["status"] == "ready" for c in results)
    assert all(r["translation"]["status"] == "ready" for c in results for r in c["replies"])
