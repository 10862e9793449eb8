"""In Chromium: the bell's unread count on every page, the notifications page and Mark all read; muting a
reader from their comment (it comes collapsed, opened on demand); the statement of reasons and the appeal
form under one's own removed comment (issue 15, Done means 3)."""

import pytest
from playwright.sync_api import expect

from board.services import comment_published_notify
from moderation.models import Appeal
from moderation.services import review_decide
from tests.board.pages.conftest import browser_login
from tests.factories import make_article, make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def thread(db):
    ann, bob = make_user(display_name="Bell Ann"), make_user(display_name="Bell Bob")
    story = make_article(title="Northwind widens its margins")
    mine = make_comment(article=story, author=ann, body="Margins are the story here.")
    reply = make_comment(article=story, author=bob, parent=mine, body="Agreed, @Bell Ann, the costs fell.")
    comment_published_notify(comment_id=reply.pk)  # what the worker does once the reply is published
    return ann, bob, story, mine, reply


def test_the_bell_counts_and_the_page_marks_read(page, live_server, page_errors, thread):
    ann, _bob, story, _mine, _reply = thread
    browser_login(page, live_server, ann)
    page.goto(live_server.url + story.get_absolute_url())
    bell = page.locator("[data-bell]")
    expect(bell.locator("[data-unread]")).to_have_text("2")
    bell.click()
    expect(page).to_have_url(f"{live_server.url}/notifications/")
    items = page.locator("li.notification")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Bell Bob mentioned you")
    expect(items.nth(1)).to_contain_text("Bell Bob replied to your comment")
    page.locator("[data-mark-read]").click()
    expect(page.locator("[data-bell] [data-unread]")).to_have_text("0")
    expect(page.locator("li.notification.unread")).to_have_count(0)


def test_muting_a_reader_collapses_their_comments(page, live_server, page_errors, thread):
    ann, bob, story, _mine, reply = thread
    browser_login(page, live_server, ann)
    page.goto(live_server.url + story.get_absolute_url())
    card = page.locator(f"#c{reply.pk} > [data-card]")
    card.locator("button.mute").click()
    expect(page.get_by_text("You muted Bell Bob")).to_be_visible()
    card = page.locator(f"#c{reply.pk} > [data-card]")
    expect(card.locator("details.muted")).to_be_visible()
    expect(card.get_by_text("Agreed, @Bell Ann")).to_be_hidden()
    card.locator("details.muted summary").click()
    expect(card.get_by_text("the costs fell")).to_be_visible()
    expect(card.locator("button.mute")).to_have_text("Unmute")
    # Bob, signed in, sees his comment as ever: muting is private.
    browser_login(page, live_server, bob)
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator(f"#c{reply.pk} > [data-card] details.muted")).to_have_count(0)


def test_the_author_reads_why_and_appeals_from_the_comment_page(
    page, live_server, page_errors, thread, moderator
):
    _ann, bob, _story, _mine, reply = thread
    review_decide(moderator=moderator, decision="remove", comment=reply, label="spam")
    browser_login(page, live_server, bob)
    page.goto(f"{live_server.url}/comments/{reply.pk}/")
    statement = page.locator("#decision")
    expect(statement).to_contain_text("Removed by a moderator: promotion, spam or a scam.")
    expect(statement).to_contain_text("by a moderator")
    page.fill("#appeal-text", "An honest remark about costs, not promotion.")
    page.get_by_role("button", name="Send the appeal").click()
    expect(page.get_by_text("Your appeal is sent")).to_be_visible()
    expect(page.locator("[data-appeal-state]")).to_contain_text("is open")
    assert Appeal.objects.get().text == "An honest remark about costs, not promotion."
