"""Screenshots of the article page at desktop and phone widths, on the demo board as ``make run`` loads it
(a real worker screens it), seen by a signed-in reader whose own new comment waits for review.

Always taken (a smoke test of the page in a real browser); written to docs/screenshots/ only with
``UPDATE_SCREENSHOTS=1``, so that an ordinary run leaves the tree unchanged:

    UPDATE_SCREENSHOTS=1 make test ARGS="tests/board/pages/test_screenshots.py"
"""

import os
import time
from pathlib import Path

import pytest

from board.services import comment_like
from tests.board.pages.conftest import browser_login
from tests.factories import make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def reader_of(article):
    """A new reader who liked the pinned comment and wrote one (held for review: the account is new)."""
    viewer = make_user(display_name="Mei Reader")
    comment_like(user=viewer, comment=article.comments.get(is_pinned=True))
    mine = make_comment(
        article=article,
        author=viewer,
        body="Does anyone know if the Penang expansion was already in the Series B plan?",
        approve=False,
    )
    deadline = time.monotonic() + 30
    while mine.moderation_state == "pending" and time.monotonic() < deadline:  # the worker screens it
        time.sleep(0.1)
        mine.refresh_from_db()
    assert mine.moderation_state == "held"
    return viewer


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_article_page_screenshot(size, demo_board, page, live_server, page_errors, tmp_path):
    article = demo_board.article
    browser_login(page, live_server, reader_of(article))
    page.set_viewport_size(SIZES[size])
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("heading", name="Comments").wait_for()
    assert page.locator(".badge.review").count() == 1
    assert page.locator(".notice").count() == 1
    assert page.locator(".badge.pin").count() == 1

    target = DOCS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"article-{size}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
