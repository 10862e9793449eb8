"""The first ten minutes in real Chromium, on the demo board as ``make run`` loads it (a real worker screens
it): an anonymous reader opens the demo article; the demo moderator signs in with the printed password
and decides a waiting item (issue 13, "Done means" 1 and 2)."""

import re

import pytest
from playwright.sync_api import expect

from board.models import Comment
from moderation.models import AuditLogEntry, ReviewDecision, ReviewItem

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def top_level(page):
    return page.locator("#comment-list > li.c")


def test_an_anonymous_reader_sees_the_demo_discussion_with_replies_and_view_more(
    demo_board, live_server, page
):
    article = demo_board.article
    assert article.comment_count >= 20
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + article.get_absolute_url())

    expect(page.locator("#comments-title [data-count=comments]")).to_have_text(str(article.comment_count))
    expect(page.locator(".abstract")).to_have_attribute("data-abstract", "ready")
    expect(page.locator('#actions [data-count="reward"]')).to_have_text("11")
    cards = page.locator("#comment-list li.c > [data-card] .text")
    visible = [text for text in cards.all() if text.is_visible()]
    assert len(visible) >= 20
    first_page = top_level(page).count()
    assert first_page == 21  # the pinned comment, then a page of 20
    expect(top_level(page).first.locator(".badge.pin")).to_have_text("Pinned")
    # Replies, several levels deep, and the links to the rest of a branch.
    assert page.locator("#comment-list ol.replies ol.replies ol.replies > li.c").count() >= 1
    expect(page.get_by_role("link", name="View 2 more replies")).to_be_visible()
    expect(page.locator(".notice")).to_have_count(1)

    # "View More" appends the next page in place.
    older = "Labour shortages in warehousing are real; in our region vacancies have been open for months."
    expect(page.get_by_text(older)).to_have_count(0)
    page.get_by_role("link", name="View More").click()
    expect(page.get_by_text(older)).to_be_visible()
    top_level_published = Comment.objects.filter(
        article=article, parent__isnull=True, moderation_state="visible"
    ).count()
    expect(top_level(page)).to_have_count(top_level_published)
    expect(page.get_by_role("link", name="View More")).to_have_count(0)


def test_the_demo_moderator_signs_in_with_the_printed_password_and_decides(demo_board, live_server, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", demo_board.email)
    page.fill("#id_password", demo_board.password)
    page.click("input[type=submit]")

    # The admin index: the queue first in Moderation, under its name, with the number waiting.
    moderation = page.locator(".app-moderation")
    expect(moderation.locator("th a").first).to_have_text("Review queue (4 waiting)")
    moderation.get_by_role("link", name=re.compile(r"^Review queue")).click()
    expect(page).to_have_url(f"{live_server.url}/admin/moderation/reviewitem/")
    expect(page.locator(".breadcrumbs")).to_contain_text("Review queue")

    spam = Comment.objects.get(body__contains="t.me/alphasignals_vip")
    row = page.locator("#result_list tbody tr", has=page.locator(f'button[value="comment:{spam.pk}:remove"]'))
    expect(row).to_contain_text("t.me/alphasignals_vip")
    expect(row.locator(f'select[name="label-comment-{spam.pk}"]')).to_have_value("spam")
    row.locator(f'button[value="comment:{spam.pk}:remove"]').click()
    expect(page.locator(".messagelist")).to_contain_text(f"Comment {spam.pk}: removed as spam.")

    spam.refresh_from_db()
    assert spam.moderation_state == "removed"
    decision = ReviewDecision.objects.get(object_id=spam.pk)
    assert (decision.moderator.email, decision.decision, decision.label) == (
        demo_board.email,
        "remove",
        "spam",
    )
    assert ReviewItem.objects.get(comment=spam).status == "resolved"
    assert AuditLogEntry.objects.filter(actor=decision.moderator, action="review.remove").count() == 1
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator(".app-moderation th a").first).to_have_text("Review queue (3 waiting)")
