"""Screenshots of the article page at desktop and phone widths (Done means 5).

Always taken (a smoke test of the page in a real browser); written to docs/screenshots/ only with
``UPDATE_SCREENSHOTS=1``, so that an ordinary run leaves the tree unchanged:

    UPDATE_SCREENSHOTS=1 pytest tests/board/pages/test_screenshots.py
"""

import os
from pathlib import Path

import pytest

from board.models import ModerationState
from board.services import (
    article_abstract_generate,
    comment_like,
    comment_set_moderation_state,
    reward_create,
)
from moderation.services import comment_pin
from tests.board.pages.conftest import browser_login, load_demo_article
from tests.factories import make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def discussion():
    """The demo article with its abstract, a pinned comment, likes, a reward, an advice notice, and the
    viewer's own comment under review."""
    article = load_demo_article()
    article_abstract_generate(article_id=article.pk)
    viewer = make_user(display_name="Mei Reader")
    moderator = make_user(display_name="Mod Mia", is_staff=True)
    top_level = list(article.comments.filter(parent__isnull=True).order_by("created_at"))
    comment_pin(moderator=moderator, comment=top_level[0])
    for comment in top_level[:3]:
        comment_like(user=viewer, comment=comment)
    reward_create(giver=viewer, article=article, points=10)
    tip = make_comment(
        article=article,
        author=make_user(display_name="Quick Tips"),
        body="Buy now before the IPO, this will 10x by spring.",
        approve=False,
    )
    comment_set_moderation_state(comment=tip, state=ModerationState.VISIBLE, advice_notice=True)
    make_comment(
        article=article,
        author=viewer,
        body="Does anyone know if the Penang expansion was already in the Series B plan? https://news.example.com/northwind",
        approve=False,
    )
    return article, viewer


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_article_page_screenshot(size, page, live_server, page_errors, tmp_path):
    article, viewer = discussion()
    browser_login(page, live_server, viewer)
    page.set_viewport_size(SIZES[size])
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("heading", name="Comments").wait_for()
    assert page.locator(".badge.review").count() == 1
    assert page.locator(".notice").count() == 1

    target = DOCS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"article-{size}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
