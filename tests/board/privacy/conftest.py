"""A reader with something of everything to export and erase: comments with replies (one edited, one
pinned), likes, a repost with a quote, a share, rewards both ways, a report, and moderators' acts about
them, all built through the services."""

from dataclasses import dataclass

import pytest

from board.models import Comment, User
from board.services import (
    article_like,
    comment_edit,
    comment_like,
    repost_create,
    reward_create,
    share_create,
)
from moderation.models import Decision, ReportReason
from moderation.services import comment_pin, report_create, review_decide, user_silence
from tests.factories import make_article, make_comment, make_user

ANN_EMAIL = "ann.erasable@example.org"
ANN_NAME = "Ann Erasable"


@dataclass
class Discussion:
    ann: User
    bob: User
    article: object
    ann_top: Comment  # Ann's top-level comment, with Bob's reply and Ann's answer under it
    bob_reply: Comment
    ann_answer: Comment
    bob_top: Comment


@pytest.fixture
def discussion(moderator, news_bot) -> Discussion:
    from datetime import timedelta

    from django.utils import timezone

    ann = make_user(email=ANN_EMAIL, display_name=ANN_NAME)
    bob = make_user(display_name="Bob Stays")
    article = make_article(author=news_bot)
    ann_top = make_comment(article=article, author=ann, body=f"Hello, I am {ANN_NAME}, write to {ANN_EMAIL}.")
    bob_reply = make_comment(article=article, author=bob, parent=ann_top, body="Welcome aboard.")
    ann_answer = make_comment(article=article, author=ann, parent=bob_reply, body=f"Thanks Bob. {ANN_NAME}")
    bob_top = make_comment(article=article, author=bob, body="Margins look thin.")
    comment_edit(actor=ann, comment=ann_answer, body="Thanks Bob, appreciated.")
    # The edit sends it back to screening; publish it again as moderation would.
    review_decide(
        moderator=moderator, comment=ann_answer, decision=Decision.APPROVE, reason=f"fine, {ANN_NAME}"
    )
    comment_pin(moderator=moderator, comment=ann_top)
    article_like(user=ann, article=article)
    comment_like(user=ann, comment=bob_top)
    comment_like(user=bob, comment=ann_top)
    repost_create(user=ann, article=article, quote=f"{ANN_NAME} recommends this")
    share_create(article=article, user=ann, channel="link")
    reward_create(giver=ann, comment=bob_top, points=7)
    reward_create(giver=bob, comment=ann_top, points=5)
    report_create(reader=ann, comment=bob_top, reason=ReportReason.OTHER, text=f"Reported by {ANN_NAME}")
    user_silence(
        moderator=moderator,
        user=ann,
        until=timezone.now() + timedelta(hours=1),
        reason=f"{ANN_NAME} was shouting",
    )
    user_silence(moderator=moderator, user=ann, until=None, reason="cooled down")
    for comment in (ann_top, bob_reply, ann_answer, bob_top):
        comment.refresh_from_db()
    ann.refresh_from_db()
    return Discussion(ann, bob, article, ann_top, bob_reply, ann_answer, bob_top)
