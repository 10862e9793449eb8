"""screening_integrity and ``manage.py screening_check``: zero when every request is screened once; each
broken promise counted under its own name."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from moderation.models import AuditLogEntry, Classification, Flag, ScreeningRequest
from moderation.selectors import screening_integrity
from tests.moderation.helpers import HONEST, post_comment

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def run(*args) -> str:
    out = StringIO()
    call_command("screening_check", *args, stdout=out)
    return out.getvalue()


def test_all_zero_once_every_comment_is_screened(article, reader, screen):
    comments = [post_comment(article=article, author=reader, body=f"{HONEST} ({n})") for n in range(3)]
    assert screening_integrity()["pending"] == 4  # and the article's own
    assert "total: 0 off" in run("--check")  # pending is in flight, not a fault...
    with pytest.raises(CommandError):
        run("--check", "--settled")  # ...unless the queue should have drained

    screen(article)
    for comment in comments:
        screen(comment)
        screen(comment)  # a redelivery writes nothing more

    assert screening_integrity() == dict.fromkeys(screening_integrity(), 0)
    assert "total: 0 off" in run("--check", "--settled")


def test_each_broken_promise_is_counted(article, reader, screen):
    screened = post_comment(article=article, author=reader, body=HONEST)
    screen(screened)
    unrequested = post_comment(article=article, author=reader, body=f"{HONEST} again")
    ScreeningRequest.objects.filter(object_id=unrequested.pk, content_kind="comment").delete()
    Flag.objects.filter(object_id=screened.pk, content_kind="comment").first().delete()
    entry = AuditLogEntry.objects.get(target_id=screened.pk, action__startswith="screening.")
    AuditLogEntry.objects.bulk_create(
        [AuditLogEntry(action=entry.action, target_kind="comment", target_id=screened.pk, actor_label="test")]
    )

    report = screening_integrity()

    assert report["missing_request"] == 1
    assert report["flags_not_one_per_label"] == 1
    assert report["audits_doubled"] == 1
    Classification.objects.filter(object_id=screened.pk).delete()
    assert screening_integrity()["done_without_classification"] == 1
    with pytest.raises(CommandError):
        run("--check")
