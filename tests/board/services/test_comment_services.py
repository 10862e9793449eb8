from datetime import timedelta

import pytest
from django.utils import timezone

from board.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied
from board.models import Comment, CommentRevision, ModerationState
from board.services import (
    NEW_CONTENT_STATE,
    comment_create,
    comment_delete,
    comment_edit,
    comment_pinned_set,
    comment_set_moderation_state,
)
from tests.factories import make_article, make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def counts(article, *comments):
    article.refresh_from_db()
    for comment in comments:
        comment.refresh_from_db()
    return article.comment_count, [c.reply_count for c in comments]


def test_create_top_level_and_nested_replies_track_root_and_depth(article, reader, other_reader):
    top = comment_create(author=reader, article=article, body="  Top level.  ")
    reply = comment_create(author=other_reader, article=article, body="Reply", parent=top)
    deeper = comment_create(author=reader, article=article, body="Deeper", parent=reply)

    assert (top.depth, reply.depth, deeper.depth) == (0, 1, 2)
    assert (top.root_id, reply.root_id, deeper.root_id) == (None, top.pk, top.pk)
    assert top.body == "Top level."
    assert top.moderation_state == NEW_CONTENT_STATE


def test_new_comments_count_once_they_are_visible(article, reader, other_reader):
    top = comment_create(author=reader, article=article, body="Top")
    reply = comment_create(author=other_reader, article=article, body="Reply", parent=top)
    shown = 1 if NEW_CONTENT_STATE == ModerationState.VISIBLE else 0
    assert counts(article, top) == (2 * shown, [shown])

    for comment in (top, reply):
        comment_set_moderation_state(comment=comment, state=ModerationState.VISIBLE)

    assert counts(article, top, reply) == (2, [1, 0])


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Write something."), ("   \n ", "Write something."), ("x" * 5001, "At most 5000 characters.")],
)
def test_create_refuses_empty_and_overlong_bodies(article, reader, body, message):
    with pytest.raises(ApplicationError) as error:
        comment_create(author=reader, article=article, body=body)

    assert error.value.fields == {"body": [message]}
    assert Comment.objects.count() == 0


def test_create_accepts_exactly_5000_characters(article, reader):
    assert len(comment_create(author=reader, article=article, body="x" * 5000).body) == 5000


def test_create_refuses_a_parent_from_another_article(article, reader):
    elsewhere = make_comment(article=make_article(), author=reader)

    with pytest.raises(ApplicationError) as error:
        comment_create(author=reader, article=article, body="Hi", parent=elsewhere)

    assert error.value.fields == {"parent": ["Not in this article."]}


def test_create_refuses_a_deleted_parent_and_silenced_authors(article, reader, other_reader):
    parent = make_comment(article=article, author=reader)
    comment_delete(actor=reader, comment=parent)
    with pytest.raises(ApplicationError):
        comment_create(author=other_reader, article=article, body="Hi", parent=parent)

    other_reader.silenced_until = timezone.now() + timedelta(hours=1)
    with pytest.raises(PermissionDenied):
        comment_create(author=other_reader, article=article, body="Hi")


def test_edit_keeps_the_previous_text_as_a_revision(article, reader):
    comment = make_comment(article=article, author=reader, body="First words")

    edited = comment_edit(actor=reader, comment=comment, body="Second words")

    assert (edited.body, edited.revision) == ("Second words", 2)
    assert edited.edited_at is not None
    revision = CommentRevision.objects.get(comment=comment)
    assert (revision.revision, revision.body) == (1, "First words")


def test_edit_with_the_same_text_changes_nothing(article, reader):
    comment = make_comment(article=article, author=reader, body="Same")

    assert comment_edit(actor=reader, comment=comment, body="Same").revision == 1
    assert not CommentRevision.objects.exists()


def test_edit_refuses_other_users_bad_bodies_deleted_and_removed(article, reader, other_reader):
    comment = make_comment(article=article, author=reader)
    with pytest.raises(PermissionDenied):
        comment_edit(actor=other_reader, comment=comment, body="Mine now")
    with pytest.raises(ApplicationError):
        comment_edit(actor=reader, comment=comment, body=" ")
    comment_set_moderation_state(comment=comment, state=ModerationState.REMOVED, removal_reason="spam")
    with pytest.raises(Conflict):
        comment_edit(actor=reader, comment=comment, body="Try again")
    comment_delete(actor=reader, comment=comment)
    with pytest.raises(NotFound):
        comment_edit(actor=reader, comment=comment, body="Back")


def test_delete_is_soft_keeps_replies_and_moves_counters_once(article, reader, other_reader):
    parent = make_comment(article=article, author=reader)
    child = make_comment(article=article, author=other_reader, parent=parent)
    grandchild = make_comment(article=article, author=reader, parent=child)

    assert comment_delete(actor=other_reader, comment=child) is True
    assert comment_delete(actor=other_reader, comment=child) is False

    child.refresh_from_db()
    assert child.is_deleted and child.body == "" and child.deleted_at is not None
    assert CommentRevision.objects.get(comment=child).body.startswith("Comment number")
    grandchild.refresh_from_db()
    assert grandchild.parent_id == child.pk
    assert counts(article, parent, child) == (2, [0, 1])


def test_delete_refuses_other_users(article, reader, other_reader):
    comment = make_comment(article=article, author=reader)

    with pytest.raises(PermissionDenied):
        comment_delete(actor=other_reader, comment=comment)
    assert counts(article) == (1, [])


def test_moderation_state_moves_counters_only_when_visibility_changes(article, reader, other_reader):
    parent = make_comment(article=article, author=reader)
    reply = make_comment(article=article, author=other_reader, parent=parent)

    assert comment_set_moderation_state(comment=reply, state=ModerationState.HELD) is True
    assert counts(article, parent) == (1, [0])
    assert comment_set_moderation_state(comment=reply, state=ModerationState.HELD) is False
    assert comment_set_moderation_state(comment=reply, state=ModerationState.PENDING) is True
    assert counts(article, parent) == (1, [0])
    assert comment_set_moderation_state(comment=reply, state=ModerationState.VISIBLE, advice_notice=True)
    assert counts(article, parent) == (2, [1])
    assert reply.advice_notice is True
    assert comment_set_moderation_state(comment=reply, state=ModerationState.REMOVED, removal_reason="Spam")
    reply.refresh_from_db()
    assert (reply.moderation_state, reply.removal_reason, reply.advice_notice) == ("removed", "Spam", True)
    assert counts(article, parent) == (1, [0])


def test_moderation_state_of_a_deleted_comment_moves_no_counter(article, reader):
    comment = make_comment(article=article, author=reader)
    comment_delete(actor=reader, comment=comment)

    assert comment_set_moderation_state(comment=comment, state=ModerationState.REMOVED)
    assert comment_set_moderation_state(comment=comment, state=ModerationState.VISIBLE)
    assert counts(article) == (0, [])


def test_moderation_state_refuses_unknown_states(article, reader):
    comment = make_comment(article=article, author=reader)

    with pytest.raises(ApplicationError):
        comment_set_moderation_state(comment=comment, state="hidden")


def test_one_pinned_top_level_visible_comment_per_article(article, reader):
    # Who may pin is moderation's rule (tests/moderation/services/test_pins.py); these are the board's.
    first = make_comment(article=article, author=reader)
    second = make_comment(article=article, author=reader)
    reply = make_comment(article=article, author=reader, parent=first)
    held = make_comment(article=article, author=reader, approve=False)

    assert comment_pinned_set(comment=first, pinned=True) == (True, None)
    assert comment_pinned_set(comment=first, pinned=True) == (False, None)
    assert comment_pinned_set(comment=second, pinned=True) == (True, first.pk)  # first lost its pin
    assert list(Comment.objects.filter(is_pinned=True)) == [second]
    with pytest.raises(ApplicationError):
        comment_pinned_set(comment=reply, pinned=True)
    with pytest.raises(Conflict):
        comment_pinned_set(comment=held, pinned=True)
    assert comment_pinned_set(comment=second, pinned=False).changed is True
    assert comment_pinned_set(comment=second, pinned=False).changed is False
    assert not Comment.objects.filter(is_pinned=True).exists()
