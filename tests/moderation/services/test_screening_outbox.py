"""The outbox: a request written with the content, queued after commit, counted per attempt, swept when the
broker lost it, failed (and shown to moderators) when it keeps failing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from moderation.models import AuditLogEntry, ReviewItem, ScreeningRequest, ScreeningStatus
from moderation.services import screening_attempt_start, screening_sweep
from moderation.tasks import content_classify_task
from tests.moderation.helpers import HONEST, post_comment

# Also on the embedded SQLite default (make test runs `-m sqlite` there).
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def queued(monkeypatch):
    """What would have reached the broker (the broker lies outside the project)."""
    calls = []
    monkeypatch.setattr(
        content_classify_task, "apply_async", lambda args, **options: calls.append((tuple(args), options))
    )
    return calls


def request_of(comment):
    return ScreeningRequest.objects.get(
        content_kind="comment", object_id=comment.pk, revision=comment.revision
    )


def test_a_new_comment_is_pending_with_its_request_queued_after_commit(
    article, reader, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(article=article, author=reader, body=HONEST)
        assert queued == []  # nothing reaches the broker before the content is committed

    assert comment.moderation_state == "pending"
    request = request_of(comment)
    assert request.status == ScreeningStatus.PENDING and request.attempts == 0
    assert queued == [(("comment", comment.pk, 1), {"retry": False})]


def test_an_edit_is_a_new_request(article, reader, queued, django_capture_on_commit_callbacks):
    from board.services import comment_edit

    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(article=article, author=reader, body=HONEST)
        comment_edit(actor=reader, comment=comment, body=HONEST + " Edited.")

    assert [call[0] for call in queued] == [("comment", comment.pk, 1), ("comment", comment.pk, 2)]


def test_broker_down_keeps_the_comment_and_leaves_it_to_the_sweep(
    article, reader, monkeypatch, django_capture_on_commit_callbacks
):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise BrokerError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(content_classify_task, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(article=article, author=reader, body=HONEST)
    with django_capture_on_commit_callbacks(execute=True):
        second = post_comment(article=article, author=reader, body=HONEST + " Another one.")

    request = request_of(comment)
    assert request.status == ScreeningStatus.PENDING
    assert request.queued_at is None and "broker unavailable" in request.last_error
    # Moments after a failure the broker is not tried again: readers do not wait for it twice.
    assert len(attempts) == 1
    assert request_of(second).queued_at is None


def test_the_sweep_requeues_what_waited_too_long_or_never_reached_the_broker(
    article, reader, queued, settings, django_capture_on_commit_callbacks
):
    old, fresh, lost = (post_comment(article=article, author=reader, body=f"{HONEST} {n}") for n in range(3))
    now = timezone.now()
    ScreeningRequest.objects.filter(pk=request_of(old).pk).update(queued_at=now - timedelta(minutes=5))
    ScreeningRequest.objects.filter(pk=request_of(lost).pk).update(queued_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        counts = screening_sweep(now=now)

    assert counts == {"requeued": 2, "failed": 0}
    assert sorted(call[0][1] for call in queued) == sorted([old.pk, lost.pk])
    assert request_of(old).queued_at == now
    assert fresh.pk not in [call[0][1] for call in queued]


def test_an_attempt_in_progress_is_not_requeued(article, reader, queued, django_capture_on_commit_callbacks):
    comment = post_comment(article=article, author=reader, body=HONEST)
    now = timezone.now()
    ScreeningRequest.objects.filter(pk=request_of(comment).pk).update(
        queued_at=now - timedelta(minutes=5), attempted_at=now - timedelta(seconds=1), attempts=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert screening_sweep(now=now) == {"requeued": 0, "failed": 0}


def test_three_attempts_then_failed_held_and_shown_to_moderators(article, reader, settings):
    comment = post_comment(article=article, author=reader, body=HONEST)
    key = {"kind": "comment", "object_id": comment.pk, "revision": 1}

    assert [screening_attempt_start(**key) for _ in range(3)] == [True, True, True]
    assert request_of(comment).attempts == 3
    assert screening_attempt_start(**key) is False  # the fourth delivery gives up

    request = request_of(comment)
    assert request.status == ScreeningStatus.FAILED and "stopped after 3 attempts" in request.last_error
    comment.refresh_from_db()
    assert comment.moderation_state == "held"
    item = ReviewItem.objects.get(comment=comment)
    assert item.reasons == ["screening_failed"] and item.status == "open"
    assert AuditLogEntry.objects.filter(action="screening.failed", target_id=comment.pk).count() == 1
    assert screening_attempt_start(**key) is False
    assert AuditLogEntry.objects.filter(action="screening.failed").count() == 1


def test_the_sweep_fails_requests_out_of_attempts(
    article, reader, queued, django_capture_on_commit_callbacks
):
    comment = post_comment(article=article, author=reader, body=HONEST)
    now = timezone.now()
    ScreeningRequest.objects.filter(pk=request_of(comment).pk).update(
        attempts=3, attempted_at=now - timedelta(minutes=5), queued_at=now - timedelta(minutes=5)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert screening_sweep(now=now) == {"requeued": 0, "failed": 1}

    assert request_of(comment).status == ScreeningStatus.FAILED
    assert AuditLogEntry.objects.get(action="screening.failed").actor_label == "sweep"
    assert queued == []


def test_a_stale_message_for_missing_content_is_dropped():
    assert screening_attempt_start(kind="comment", object_id=987654, revision=1) is False
    assert not ScreeningRequest.objects.exists()


def test_requesting_the_same_revision_again_is_one_row_and_one_task(
    article, reader, queued, django_capture_on_commit_callbacks
):
    from moderation.services import screening_request_create

    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(article=article, author=reader, body=HONEST)
        again = screening_request_create(kind="comment", object_id=comment.pk, revision=1)

    assert again.pk == request_of(comment).pk
    assert len(queued) == 1
