"""review_item_list (the admin's queue): highest risk first, and a page costs the same queries however long
the queue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation.models import ReviewStatus
from moderation.selectors import flags_for_content, review_item_list
from moderation.services import review_decide, user_trust_set
from tests.factories import make_user
from tests.moderation.helpers import ADVICE, HONEST, SPAM, post_comment

pytestmark = pytest.mark.django_db


def waiting():
    """The queue as the admin opens it: its status filter shows waiting items by default."""
    return review_item_list().filter(status=ReviewStatus.OPEN)


def render_page(size: int = 25) -> list[tuple]:
    """What the moderators' list shows per row: content, author, article, scores, reasons."""
    return [
        (
            item.target.pk,
            item.comment.author.display_name,
            item.comment.article.title,
            item.summary.get("spam", {}).get("score"),
            item.reasons,
            item.risk,
        )
        for item in waiting()[:size]
    ]


def fill_queue(article, count: int, screen) -> None:
    for n in range(count):
        author = make_user()
        user_trust_set(user=author, trust_level=1, actor_label="test")
        comment = post_comment(
            article=article, author=author, body=f"{SPAM} {n}" if n % 2 else f"{ADVICE} {n}"
        )
        screen(comment)


def test_highest_risk_first_and_resolved_items_leave(article, reader, moderator, newcomer, screen):
    new_account = post_comment(article=article, author=newcomer, body=HONEST)
    spam = post_comment(article=article, author=reader, body=SPAM)
    for comment in (new_account, spam):
        screen(comment)

    queue = list(waiting())
    assert [item.comment_id for item in queue] == [spam.pk, new_account.pk]
    assert queue[0].risk >= queue[1].risk

    review_decide(moderator=moderator, comment=spam, decision="remove", label="spam")
    assert [item.comment_id for item in waiting()] == [new_account.pk]
    assert review_item_list().get(comment=spam).status == ReviewStatus.RESOLVED


def test_a_page_costs_one_query_at_any_queue_length(article, screen):
    fill_queue(article, 3, screen)
    with CaptureQueriesContext(connection) as small:
        assert len(render_page()) == 3

    fill_queue(article, 30, screen)
    with CaptureQueriesContext(connection) as large:
        assert len(render_page()) == 25

    assert len(small.captured_queries) == len(large.captured_queries) == 1, [
        q["sql"] for q in large.captured_queries
    ]


def test_flags_for_content_by_revision(article, reader, screen):
    from board.services import comment_edit

    comment = post_comment(article=article, author=reader, body=HONEST)
    screen(comment)
    comment = comment_edit(actor=reader, comment=comment, body=SPAM)
    screen(comment)

    assert flags_for_content(kind="comment", object_id=comment.pk).count() == 4
    latest = flags_for_content(kind="comment", object_id=comment.pk, revision=2)
    assert {(flag.label, flag.level) for flag in latest} >= {("spam", "high")}
