"""POST and DELETE /api/v1/comments/{id}/pin/: moderators pin one top-level comment per article, with an
audit row each time something changed; readers are refused."""

import pytest

from board.models import Comment
from moderation.models import AuditLogEntry
from tests.factories import client_for, make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def comment(article, reader):
    return make_comment(article=article, author=reader, body="mine")


def url(comment) -> str:
    return f"/api/v1/comments/{comment.pk}/pin/"


def test_readers_cannot_pin_moderators_can(comment, reader, other_reader, moderator):
    assert client_for(other_reader).post(url(comment)).status_code == 403
    assert client_for(reader).post(url(comment)).status_code == 403
    assert client_for(None).post(url(comment)).status_code == 401

    pinned = client_for(moderator).post(url(comment))
    assert (pinned.status_code, pinned.json()) == (200, {"is_pinned": True, "changed": True})
    again = client_for(moderator).post(url(comment))
    assert again.json() == {"is_pinned": True, "changed": False}
    assert client_for(moderator).delete(url(comment)).json() == {"is_pinned": False, "changed": True}
    assert not Comment.objects.get(pk=comment.pk).is_pinned
    assert not AuditLogEntry.objects.filter(actor__in=[reader, other_reader]).exists()


def test_pinning_and_unpinning_write_one_audit_row_each(article, comment, reader, moderator):
    other = make_comment(article=article, author=reader, body="second")
    client = client_for(moderator)

    client.post(url(comment))
    client.post(url(comment))  # unchanged: no row
    client.post(url(other))  # takes the pin from the first
    client.delete(url(other))

    rows = AuditLogEntry.objects.filter(action__startswith="content.").order_by("id")
    assert [(row.action, row.target_kind, row.target_id, row.actor_id) for row in rows] == [
        ("content.pinned", "comment", comment.pk, moderator.pk),
        ("content.pinned", "comment", other.pk, moderator.pk),
        ("content.unpinned", "comment", other.pk, moderator.pk),
    ]
    assert rows[1].extra == {"article": article.pk, "unpinned": comment.pk}


def test_a_reply_is_400_and_a_held_comment_409(article, comment, reader, moderator):
    reply = make_comment(article=article, author=reader, parent=comment)
    held = make_comment(article=article, author=reader, approve=False)
    client = client_for(moderator)

    assert client.post(url(reply)).status_code == 400
    assert client.post(url(held)).status_code == 409
    assert not AuditLogEntry.objects.filter(action="content.pinned").exists()
