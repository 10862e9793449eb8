"""Keyboard use and in-place reply pages, in Chromium: "View N more replies" appends under its comment,
Reply opens a form with the focus in it, the action bar's pop-overs open on Enter and close on Escape."""

import pytest
from playwright.sync_api import expect

from tests.board.pages.conftest import browser_login
from tests.factories import make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_more_replies_and_keyboard_only_use(page, live_server, story, reader, other_reader, page_errors):
    busy = make_comment(article=story, author=other_reader, body="A comment with many replies")
    for index in range(5):
        make_comment(article=story, author=make_user(), parent=busy, body=f"Reply number {index}")
    browser_login(page, live_server, reader)
    page.goto(live_server.url + story.get_absolute_url())
    thread = page.locator(f"#c{busy.pk}")
    replies = thread.locator(f"#r{busy.pk} > li.c")

    expect(replies).to_have_count(3)
    thread.get_by_role("link", name="View 2 more replies").click()
    expect(replies).to_have_count(5)
    expect(replies.last).to_contain_text("Reply number 4")
    expect(thread.get_by_role("link", name="View 2 more replies")).to_have_count(0)
    expect(replies.nth(3).locator(":scope > [data-card]")).to_be_focused()  # the first one added

    # Reply with the keyboard only.
    thread.locator(":scope > [data-card]").get_by_role("link", name="Reply").focus()
    page.keyboard.press("Enter")
    reply_box = thread.get_by_label("Your reply")
    expect(reply_box).to_be_focused()
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")
    expect(thread.get_by_role("button", name="Post reply")).to_be_focused()
    page.keyboard.press("Enter")
    expect(replies).to_have_count(6)
    expect(replies.last).to_contain_text("Typed without a mouse.")

    # The reward pop-over: Enter opens it with the focus on the points, Escape closes it.
    summary = page.locator("details.action > summary", has_text="Reward")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Points to give the author")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("details.action[open]")).to_have_count(0)
    expect(summary).to_be_focused()
