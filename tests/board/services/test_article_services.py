import pytest

from board.exceptions import ApplicationError, PermissionDenied
from board.models import AbstractStatus, Article
from board.services import (
    article_abstract_generate,
    article_abstract_mark_failed,
    article_publish,
    disclaimer_save,
)
from tests.factories import make_article, make_disclaimer

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_bots_and_staff_publish_readers_do_not(news_bot, reader):
    make_disclaimer()
    article = article_publish(author=news_bot, title="Rates hold", body="The bank held rates.")

    assert article.abstract_status == AbstractStatus.PENDING
    assert article.slug == "rates-hold"
    assert article.disclaimer.is_default
    with pytest.raises(PermissionDenied):
        article_publish(author=reader, title="Mine", body="Text")


def test_publishing_queues_the_abstract_after_commit(
    news_bot, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("board.tasks.article_abstract_generate_task.delay", queued.append)
    make_disclaimer()
    with django_capture_on_commit_callbacks(execute=True):
        article = article_publish(author=news_bot, title="Queued", body="Body.")

    assert queued == [article.pk]


def test_a_broker_that_is_down_does_not_fail_publishing(
    news_bot, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    def down(_article_id):
        raise OperationalError("redis down")

    monkeypatch.setattr("board.tasks.article_abstract_generate_task.delay", down)
    make_disclaimer()
    with django_capture_on_commit_callbacks(execute=True):
        article = article_publish(author=news_bot, title="Still published", body="Body.")

    assert Article.objects.filter(pk=article.pk).exists()


def test_article_keeps_the_disclaimer_version_it_was_published_with(news_bot):
    first = make_disclaimer()
    article = make_article(author=news_bot)
    second = disclaimer_save(key=first.key, title=first.title, text="New wording.")

    article.refresh_from_db()
    assert (second.version, article.disclaimer.version) == (2, 1)


def test_publish_requires_a_disclaimer_and_a_title(news_bot):
    with pytest.raises(ApplicationError):
        article_publish(author=news_bot, title="No disclaimer", body="x")
    make_disclaimer()
    with pytest.raises(Exception):  # noqa: B017 - full_clean's ValidationError, a 400 in the API
        article_publish(author=news_bot, title="", body="x")


def test_abstract_generation_is_idempotent_and_failure_only_marks_pending(article):
    generated = article_abstract_generate(article_id=article.pk)
    assert generated.abstract_status == AbstractStatus.READY
    assert "Stocks rose" in generated.abstract

    Article.objects.filter(pk=article.pk).update(abstract="kept")
    assert article_abstract_generate(article_id=article.pk).abstract == "kept"
    assert article_abstract_mark_failed(article_id=article.pk) is False
    assert article_abstract_generate(article_id=10**9) is None
