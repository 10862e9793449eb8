"""The Celery tasks: names, retry and acknowledgement options, and their bodies run in-process."""

import pytest
from django.db import OperationalError

from moderation.models import Flag, ScreeningRequest, ScreeningStatus
from moderation.tasks import (
    TRANSIENT_ERRORS,
    content_classify_task,
    moderation_sweep_task,
    moderation_train_task,
)
from tests.moderation.helpers import SPAM, post_comment


def test_task_names_and_options(settings):
    assert content_classify_task.name == "moderation.content_classify"
    assert moderation_sweep_task.name == "moderation.sweep"
    assert moderation_train_task.name == "moderation.train"
    assert content_classify_task.acks_late and content_classify_task.max_retries == 3
    assert content_classify_task.retry_backoff is True
    assert OperationalError in content_classify_task.autoretry_for
    assert set(content_classify_task.autoretry_for) == set(TRANSIENT_ERRORS)
    assert ValueError not in content_classify_task.autoretry_for
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["moderation-sweep"]["task"] == "moderation.sweep"
    assert schedule["moderation-sweep"]["schedule"] == settings.MODERATION_SWEEP_INTERVAL_SECONDS
    assert schedule["moderation-train-nightly"]["task"] == "moderation.train"
    # A training run never outlives the broker's visibility timeout (it would be handed to a second worker).
    assert moderation_train_task.time_limit < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


@pytest.mark.django_db
def test_the_task_screens_once_however_often_it_is_delivered(article, reader):
    comment = post_comment(article=article, author=reader, body=SPAM)
    args = ("comment", comment.pk, comment.revision)

    first = content_classify_task.apply(args=args).get()
    second = content_classify_task.apply(args=args).get()

    assert (first, second) == ("screened", "skipped")
    assert Flag.objects.filter(object_id=comment.pk, content_kind="comment").count() == 2
    request = ScreeningRequest.objects.get(object_id=comment.pk, content_kind="comment")
    assert request.status == ScreeningStatus.DONE and request.attempts == 1
    comment.refresh_from_db()
    assert comment.moderation_state == "held"


@pytest.mark.django_db
def test_a_failing_attempt_keeps_its_error_for_moderators(article, reader, monkeypatch):
    import moderation.services

    comment = post_comment(article=article, author=reader, body=SPAM)

    def broken(**kwargs):
        raise ValueError("model file truncated")

    monkeypatch.setattr(moderation.services, "content_screen", broken)
    result = content_classify_task.apply(args=("comment", comment.pk, 1))

    assert result.failed()
    request = ScreeningRequest.objects.get(object_id=comment.pk, content_kind="comment")
    assert request.status == ScreeningStatus.PENDING and request.attempts == 1
    assert request.last_error == "ValueError: model file truncated"
