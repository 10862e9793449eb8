"""The article page costs a fixed number of SQL queries whatever the number of comments, and the first
page of a 1,000-comment thread stays small (Done means 4)."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from board.counters import counters_drift, counters_fix
from board.models import Comment, ModerationState
from board.services import comment_like
from tests.board.pages.conftest import client_logged_in
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db

# Anonymous: the article, the pinned comment, the page, the reply previews (two levels here: the third has
# no replies, and anonymous readers skip levels without any).
ANONYMOUS_QUERIES = 5
# Signed in: + the session, the user (with whether they moderate and the bell's unread count), a third
# preview level (a reader may have pending replies of their own anywhere), the like/reward flags of the
# comments shown and the readers they muted (collapsed comments).
SIGNED_IN_QUERIES = 10
HTML_BUDGET_BYTES = 200 * 1024

TEXT = (
    "Revenue doubled but margins are still negative; the real question is whether the Penang line "
    "gets to scale before the next round. Comment {index}."
)


def bulk_thread(article, authors, total: int) -> int:
    """``total`` visible comments: top-level ones, each with three replies, each of those with two.

    Written in bulk (three INSERTs) and then counted by the board's own ``counters_fix``: building 1,000
    comments through the services one by one takes most of a minute on a shared machine.
    """
    tops_needed = max(1, total // 10)
    start = timezone.now() - timedelta(days=2)
    moment = iter(start + timedelta(seconds=index) for index in range(total * 2))

    def new(parent=None, index=0):
        return Comment(
            article=article,
            author=authors[index % len(authors)],
            parent=parent,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            body=TEXT.format(index=index),
            moderation_state=ModerationState.VISIBLE,
        )

    tops = Comment.objects.bulk_create([new(index=index) for index in range(tops_needed)])
    replies = Comment.objects.bulk_create([new(top, index) for top in tops for index in range(3)])
    leaves = Comment.objects.bulk_create([new(reply, index) for reply in replies for index in range(2)])
    made = tops + replies + leaves
    for comment in made:  # created_at is auto_now_add: spread the thread over time, oldest first
        comment.created_at = next(moment)
    Comment.objects.bulk_update(made, ["created_at"])
    counters_fix()
    assert not any(counters_drift().values())
    return len(made)


@pytest.fixture
def authors(db):
    return [make_user(display_name=f"Analyst {name}") for name in ("Ada", "Bo", "Cy")]


@pytest.mark.parametrize("total", [10, 1000])
def test_article_page_queries_are_fixed_and_the_page_is_small(
    total, story, authors, reader, django_assert_num_queries
):
    assert bulk_thread(story, authors, total) == total
    newest = story.comments.filter(parent__isnull=True).order_by("-created_at").first()
    comment_like(user=reader, comment=newest)
    # The reader's own pending comment, shown to them only (under review).
    make_comment(article=story, author=reader, body="My own take, under review.", approve=False)
    url = story.get_absolute_url()
    anonymous, signed_in = Client(), client_logged_in(reader)

    with django_assert_num_queries(ANONYMOUS_QUERIES):
        anonymous_response = anonymous.get(url)
    with django_assert_num_queries(SIGNED_IN_QUERIES):
        response = signed_in.get(url)

    assert anonymous_response.status_code == response.status_code == 200
    page = response.content
    print(f"{total} comments: {len(page):,} bytes signed in, {len(anonymous_response.content):,} anonymous")
    assert len(page) < HTML_BUDGET_BYTES
    assert len(anonymous_response.content) < HTML_BUDGET_BYTES
    assert b'aria-pressed="true"' in page  # the reader's like, from the one flags query
    assert b"Under review" in page and b"Under review" not in anonymous_response.content
    if total == 1000:
        assert b"View More" in page


@pytest.mark.parametrize("total", [250, 1000])
def test_view_more_fragment_costs_fixed_queries(total, story, authors, reader, django_assert_num_queries):
    bulk_thread(story, authors, total)
    signed_in = client_logged_in(reader)
    first = signed_in.get(story.get_absolute_url())
    fragment_url = html.unescape(
        re.search(r'data-more="([^"]+)" data-target="comment-list"', first.content.decode()).group(1)
    )

    # Session, user (with whether they moderate), article, page, three preview levels, flags (no pinned
    # comment on later pages).
    with django_assert_num_queries(9):  # + the readers this one muted
        response = signed_in.get(fragment_url)

    assert response.status_code == 200
    assert response.content.count(b'<li class="c') > 20
    assert b"<html" not in response.content
