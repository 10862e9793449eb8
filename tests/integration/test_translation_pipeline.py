"""Translation end to end: the REST API, a real Redis and ``celery worker``, the test database, and the
LibreTranslate stand-in on a loopback port (issue 14, "done means" 1): a Chinese comment read in English is
``pending``, then ``ready`` with the service's text within seconds; with the service down it is ``failed``
and reads answer as fast as ever."""

import time

import pytest

from board.models import ContentTranslation
from tests.board.api.test_translation_api import CHINESE, ENGLISH
from tests.factories import client_for, make_comment
from tests.integration.test_moderation_pipeline import wait_until
from tests.support.processes import start_worker_on_an_empty_queue

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def translating_worker(tmp_path, libretranslate, settings, django_db_setup, django_db_blocker):
    # Translation is the board's alone: these comments are not screened (a new account's first comments
    # would be held for a moderator, and held comments are not shown to anonymous readers).
    settings.BOARD_CONTENT_SUBMITTED_HOOKS = []
    with django_db_blocker.unblock():
        worker = start_worker_on_an_empty_queue(
            tmp_path,
            TRANSLATION_BACKEND="libretranslate",
            TRANSLATION_URL=libretranslate.url,
            TRANSLATION_API_KEY="test-key",
            TRANSLATION_TIMEOUT_SECONDS="1",
        )
    yield worker
    worker.stop()


def translation_of(article, comment_id, **headers):
    response = client_for().get(f"/api/v1/articles/{article.pk}/comments/", **headers)
    assert response.status_code == 200
    return next(item for item in response.json()["results"] if item["id"] == comment_id)["translation"]


def test_an_anonymous_english_reader_gets_a_ready_translation_within_seconds(
    article, reader, libretranslate, translating_worker
):
    comment = make_comment(article=article, author=reader, body=CHINESE)
    assert translation_of(article, comment.pk, HTTP_ACCEPT_LANGUAGE="en")["status"] == "pending"
    waited = wait_until(
        lambda: translation_of(article, comment.pk, HTTP_ACCEPT_LANGUAGE="en")["status"] == "ready",
        timeout=10,
    )
    assert waited < 5
    assert translation_of(article, comment.pk, HTTP_ACCEPT_LANGUAGE="en") == {
        "language": "en",
        "status": "ready",
        "text": ENGLISH,
    }
    assert len(libretranslate.requests) == 1


def test_the_service_down_gives_failed_and_reads_stay_fast(
    article, reader, libretranslate, translating_worker
):
    libretranslate.mode = "slow"  # slower than the worker's 1 s timeout
    comment = make_comment(article=article, author=reader, body=CHINESE)
    started = time.monotonic()
    assert translation_of(article, comment.pk, HTTP_ACCEPT_LANGUAGE="en")["status"] == "pending"
    wait_until(lambda: ContentTranslation.objects.filter(status="failed").exists(), timeout=15)
    assert translation_of(article, comment.pk, HTTP_ACCEPT_LANGUAGE="en")["status"] == "failed"
    # Neither read waited on the service.
    assert time.monotonic() - started < 10
    row = ContentTranslation.objects.get()
    assert row.attempts == 1 and row.due_at is not None and "timed out" in row.last_error
