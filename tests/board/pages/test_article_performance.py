"""The article page costs a fixed number of SQL queries whatever the number of comments, and the first
page of a 1,000-comment thread stays small (Done means 4)."""

import pytest

from board.services import comment_like
from tests.board.pages.conftest import client_logged_in
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db

# Anonymous: the article, the pinned comment, the page, the reply previews (two levels here: the third has
# no replies, and anonymous readers skip levels without any).
ANONYMOUS_QUERIES = 5
# Signed in: + the session, the user, the moderators' group check, a third preview level (a reader may
# have pending replies of their own anywhere), and the like/reward flags of the comments shown.
SIGNED_IN_QUERIES = 10
HTML_BUDGET_BYTES = 200 * 1024

TEXT = (
    "Revenue doubled but margins are still negative; the real question is whether the Penang line "
    "gets to scale before the next round. Comment {index}."
)


def build_thread(article, authors, total):
    """``total`` comments: top-level ones each with three replies, each of those with two replies."""
    made = 0
    index = 0
    while made < total:
        top = make_comment(article=article, author=authors[index % 3], body=TEXT.format(index=made))
        made += 1
        for reply_index in range(3):
            reply = make_comment(
                article=article,
                author=authors[(index + reply_index + 1) % 3],
                parent=top,
                body=TEXT.format(index=made),
            )
            made += 1
            for _ in range(2):
                make_comment(
                    article=article, author=authors[index % 3], parent=reply, body=TEXT.format(index=made)
                )
                made += 1
        index += 1
    return made


@pytest.fixture
def authors(db):
    return [make_user(display_name=f"Analyst {name}") for name in ("Ada", "Bo", "Cy")]


@pytest.mark.parametrize("total", [10, 1000])
def test_article_page_queries_are_fixed_and_the_page_is_small(
    total, story, authors, reader, django_assert_num_queries
):
    build_thread(story, authors, total)
    first = story.comments.filter(parent__isnull=True).order_by("-created_at").first()
    comment_like(user=reader, comment=first)
    url = story.get_absolute_url()
    anonymous, signed_in = client_logged_in(authors[0]).__class__(), client_logged_in(reader)

    with django_assert_num_queries(ANONYMOUS_QUERIES):
        response = anonymous.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(SIGNED_IN_QUERIES):
        signed_in_response = signed_in.get(url)
    assert signed_in_response.status_code == 200

    html = signed_in_response.content
    print(f"{total} comments: {len(html)} bytes signed in, {len(response.content)} anonymous")
    assert len(html) < HTML_BUDGET_BYTES
    assert len(response.content) < HTML_BUDGET_BYTES
    assert b'aria-pressed="true"' in html  # the reader's like, from the one flags query
    if total == 1000:
        assert b"View More" in html
