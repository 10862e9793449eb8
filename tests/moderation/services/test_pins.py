"""Pinning as moderation acts: who may, and the audit row written in the transaction of the change."""

import pytest

from board.exceptions import PermissionDenied
from moderation.models import AuditLogEntry
from moderation.services import article_pin_set, comment_pin, comment_unpin
from tests.factories import make_comment, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def pin_entries():
    return AuditLogEntry.objects.filter(action__startswith="content.").order_by("id")


def test_only_moderators_pin_comments(article, reader):
    comment = make_comment(article=article, author=reader)

    with pytest.raises(PermissionDenied):
        comment_pin(moderator=reader, comment=comment)
    with pytest.raises(PermissionDenied):
        comment_unpin(moderator=reader, comment=comment)
    assert not pin_entries().exists()


def test_a_pin_says_whether_it_changed_and_is_audited_once(article, reader, moderator):
    comment = make_comment(article=article, author=reader)

    assert comment_pin(moderator=moderator, comment=comment) is True
    assert comment_pin(moderator=moderator, comment=comment) is False
    assert comment_unpin(moderator=moderator, comment=comment) is True
    assert comment_unpin(moderator=moderator, comment=comment) is False

    assert list(pin_entries().values_list("action", "target_id")) == [
        ("content.pinned", comment.pk),
        ("content.unpinned", comment.pk),
    ]


def test_editors_pin_articles_readers_do_not(article, reader):
    editor = make_user(is_staff=True)

    with pytest.raises(PermissionDenied):
        article_pin_set(actor=reader, article=article, pinned=True)
    assert article_pin_set(actor=editor, article=article, pinned=True) is True
    assert article_pin_set(actor=editor, article=article, pinned=True) is False

    article.refresh_from_db()
    assert article.is_pinned and article.revision == 1
    entry = pin_entries().get()
    assert (entry.action, entry.target_kind, entry.target_id, entry.actor) == (
        "content.pinned",
        "article",
        article.pk,
        editor,
    )
