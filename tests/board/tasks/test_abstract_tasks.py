import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from board.models import AbstractStatus, Article
from board.tasks import abstracts_sweep_task, article_abstract_generate_task
from tests.board.samples import CHINESE_MARKDOWN
from tests.factories import make_article


@pytest.mark.sqlite
@pytest.mark.django_db
def test_the_task_makes_the_abstract_ready_and_is_idempotent(article):
    assert article_abstract_generate_task.apply(args=[article.pk]).get() == "ready"
    assert article_abstract_generate_task.apply(args=[article.pk]).get() == "ready"
    assert article_abstract_generate_task.apply(args=[10**9]).get() == "missing"
    article.refresh_from_db()
    assert article.abstract_status == AbstractStatus.READY and article.abstract


@pytest.mark.sqlite
@pytest.mark.django_db
def test_transient_errors_retry_three_times_then_mark_failed(article, monkeypatch):
    calls = []

    def flaky(*, article_id):
        calls.append(article_id)
        raise OperationalError("database restarting")

    monkeypatch.setattr("board.services.article_abstract_generate", flaky)

    assert article_abstract_generate_task.apply(args=[article.pk]).get() == "failed"
    assert len(calls) == 4  # the first run and three retries
    article.refresh_from_db()
    assert article.abstract_status == AbstractStatus.FAILED


@pytest.mark.sqlite
@pytest.mark.django_db
def test_other_errors_mark_failed_at_once(article, monkeypatch):
    def broken(*, article_id):
        raise ValueError("bad data")

    monkeypatch.setattr("board.services.article_abstract_generate", broken)

    assert article_abstract_generate_task.apply(args=[article.pk]).get() == "failed"
    article.refresh_from_db()
    assert article.abstract_status == AbstractStatus.FAILED


@pytest.mark.sqlite
@pytest.mark.django_db
def test_the_sweep_requeues_articles_pending_too_long(news_bot, monkeypatch, settings):
    settings.BOARD_ABSTRACT_SWEEP_AFTER_SECONDS = 60
    stale, _fresh, ready = (make_article(author=news_bot) for _ in range(3))
    Article.objects.filter(pk__in=[stale.pk, ready.pk]).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    Article.objects.filter(pk=ready.pk).update(abstract_status=AbstractStatus.READY)
    queued = []
    monkeypatch.setattr(article_abstract_generate_task, "delay", queued.append)

    assert abstracts_sweep_task() == 1
    assert queued == [stale.pk]


def test_the_sweep_is_in_the_beat_schedule(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "board.abstracts_sweep" in schedule


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_english_and_chinese_abstracts_ready(celery_worker, news_bot):
    from django.db import transaction

    with transaction.atomic():  # published and committed: the abstract is queued on commit
        english = make_article(author=news_bot, title="Chipmakers rally")
    with transaction.atomic():
        chinese = make_article(
            author=news_bot, title="Beifeng financing", body=CHINESE_MARKDOWN, language="zh"
        )
    assert {english.abstract_status, chinese.abstract_status} == {AbstractStatus.PENDING}

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        statuses = set(
            Article.objects.filter(pk__in=[english.pk, chinese.pk]).values_list("abstract_status", flat=True)
        )
        if statuses == {AbstractStatus.READY}:
            break
        time.sleep(0.2)

    english.refresh_from_db()
    chinese.refresh_from_db()
    assert english.abstract_status == chinese.abstract_status == AbstractStatus.READY
    assert "Stocks rose" in english.abstract
    assert "北风机器人" in chinese.abstract and len(chinese.abstract) <= 150
