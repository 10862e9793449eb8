"""An edited comment is new, unscreened text: hidden from others until moderation allows it again."""

import pytest

from board.models import ModerationState
from board.services import comment_edit
from moderation.models import ScreeningRequest
from tests.factories import make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_editing_a_visible_comment_sends_it_back_to_screening(article, reader, other_reader):
    parent = make_comment(article=article, author=other_reader)
    comment = make_comment(article=article, author=reader, parent=parent, body="Revenue doubled last year.")
    article.refresh_from_db()
    parent.refresh_from_db()
    assert (article.comment_count, parent.reply_count) == (2, 1)

    edited = comment_edit(actor=reader, comment=comment, body="Join my VIP channel t.me/pumpgroup")

    article.refresh_from_db()
    parent.refresh_from_db()
    assert edited.moderation_state == ModerationState.PENDING
    assert (article.comment_count, parent.reply_count) == (1, 0)
    assert ScreeningRequest.objects.filter(
        content_kind="comment", object_id=comment.pk, revision=2, status="pending"
    ).exists()


def test_editing_a_held_comment_keeps_it_held(article, reader):
    from board.services import comment_set_moderation_state

    comment = make_comment(article=article, author=reader, approve=False)
    comment_set_moderation_state(comment=comment, state=ModerationState.HELD)

    edited = comment_edit(actor=reader, comment=comment, body="A calmer second version.")

    assert edited.moderation_state == ModerationState.HELD
