"""A page of comments, the article list and posting cost a fixed number of queries, whatever the volume."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from board.models import ModerationState
from board.services import NEW_CONTENT_STATE
from tests.factories import client_for, make_article, make_thread_bulk, make_user

pytestmark = pytest.mark.django_db

# Anonymous: article, pinned comment, page, one query per preview level (3).
THREAD_QUERIES_ANONYMOUS = 6
# Signed in: + token (with whether its user moderates), the page's viewer flags, the readers this reader
# muted.
THREAD_QUERIES_SIGNED_IN = 9
POSTING_MAX_QUERIES = 10


def build_thread(article, authors, total):
    """``total`` comments: top-level ones each carrying a chain of four replies (depths 1 to 4)."""
    assert (
        make_thread_bulk(
            article=article, authors=authors, top_level=total // 5, replies_per_comment=1, levels=4
        )
        == total
    )


@pytest.fixture
def authors(db):
    return [make_user() for _ in range(3)]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def shown(comments):
    return sum(1 + shown(comment["replies"]) for comment in comments)


@pytest.mark.parametrize("total", [10, 500])
def test_a_page_of_comments_costs_the_same_queries_at_any_volume(
    total, article, authors, reader, django_assert_num_queries
):
    build_thread(article, authors, total)
    url = f"/api/v1/articles/{article.pk}/comments/"
    anonymous_client, reader_client = client_for(None), client_for(reader)

    with django_assert_num_queries(THREAD_QUERIES_ANONYMOUS):
        anonymous = anonymous_client.get(url)
    with django_assert_num_queries(THREAD_QUERIES_SIGNED_IN):
        signed_in = reader_client.get(url)

    assert anonymous.status_code == signed_in.status_code == 200
    body = anonymous.json()
    assert len(body["results"]) == min(total // 5, 20)
    # Three levels of replies are previewed under each top-level comment; the fourth is behind `replies/`.
    assert shown(body["results"]) == len(body["results"]) * 4
    deepest = body["results"][0]["replies"][0]["replies"][0]["replies"][0]
    assert deepest["replies"] == [] and deepest["reply_count"] == 1
    assert (body["next"] is None) == (total == 10)


@pytest.mark.parametrize("total", [10, 500])
def test_the_article_list_costs_the_same_queries_at_any_volume(
    total, news_bot, reader, django_assert_num_queries
):
    for _ in range(total // 10):
        make_article(author=news_bot)
    anonymous_client, reader_client = client_for(None), client_for(reader)

    with django_assert_num_queries(1):
        assert len(anonymous_client.get("/api/v1/articles/").json()["results"]) == min(total // 10, 20)
    with django_assert_num_queries(2):
        assert reader_client.get("/api/v1/articles/").status_code == 200


def post_chain(article, client, depth_count=6):
    """Post a comment, then replies each one level deeper; the queries each post took."""
    parent, counts = None, []
    for depth in range(depth_count):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                f"/api/v1/articles/{article.pk}/comments/",
                {"body": f"depth {depth}", "parent": parent},
                format="json",
            )
        assert response.status_code == 201, response.content
        assert response.json()["depth"] == depth
        parent = response.json()["id"]
        counts.append(len(captured))
    return counts


def test_posting_costs_the_board_the_same_queries_at_any_depth(article, reader, settings):
    settings.BOARD_CONTENT_SUBMITTED_HOOKS = []  # the board alone, without moderation's screening

    counts = post_chain(article, client_for(reader))

    # Top level: token, the trust throttle's penalty check (a new account), article, savepoint, insert,
    # release (the savepoint pair is the test's transaction; in production it is BEGIN/COMMIT, not
    # counted), plus the article's counter when the comment is visible at once. A reply adds the parent's
    # fetch and, when visible, its reply_count.
    visible = int(NEW_CONTENT_STATE == ModerationState.VISIBLE)
    top, reply = 6 + visible, 7 + 2 * visible
    assert counts == [top] + [reply] * 5
    assert reply <= POSTING_MAX_QUERIES


def test_posting_with_moderation_screening_costs_the_same_at_any_depth(article, reader):
    counts = post_chain(article, client_for(reader))

    assert len(set(counts[1:])) == 1, counts
    assert max(counts) <= POSTING_MAX_QUERIES, counts


def test_no_response_carries_more_than_500_comments(article, authors, settings):
    settings.BOARD_REPLY_PREVIEW_COUNT = 10
    make_thread_bulk(article=article, authors=authors, top_level=60, replies_per_comment=10, levels=1)

    _queries, body = count_queries(client_for(None), f"/api/v1/articles/{article.pk}/comments/?page_size=100")

    assert len(body["results"]) == 60
    assert shown(body["results"]) == 500
