"""The same pages with JavaScript off (Done means 2): every button is a form post that comes back to the
right place, "View More" is a link to the next page, Reply/Edit/Delete have their own pages."""

import re

import pytest
from playwright.sync_api import expect

from board.models import Comment
from tests.board.pages.conftest import browser_login, northwind_article
from tests.factories import make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def top_level(page):
    return page.locator("#comment-list > li.c")


def test_posting_liking_replying_and_view_more_without_javascript(no_js_page, live_server):
    page = no_js_page
    article = northwind_article()
    early = make_user(display_name="Early Reader")
    for index in range(22):
        make_comment(article=article, author=early, body=f"Early take number {index}.")
    reader = make_user(display_name="Plain Reader")
    browser_login(page, live_server, reader)
    article_url = live_server.url + article.get_absolute_url()

    page.goto(article_url)
    expect(page.locator(".abstract-text")).to_have_text("Abstract generation in progress")
    expect(top_level(page)).to_have_count(20)

    # Post a comment: a form post, then back at the comment's anchor, under review.
    page.get_by_label("Add a comment").fill("Posted with JavaScript off.")
    page.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(re.escape(article_url) + r"#c\d+$"))
    expect(page.locator(".messages")).to_contain_text("under review")
    mine = top_level(page).first
    expect(mine).to_contain_text("Posted with JavaScript off.")
    expect(mine.locator(".badge.review")).to_have_text("Under review")

    # Like someone else's comment: the button posts the page's shared form.
    other = top_level(page).filter(has_text="Early take number 21")
    other.locator(":scope > [data-card] button.like").click()
    expect(page).to_have_url(re.compile(r"#c\d+$"))
    liked = (
        top_level(page).filter(has_text="Early take number 21").locator(":scope > [data-card] button.like")
    )
    expect(liked).to_have_attribute("aria-pressed", "true")

    # Reply: "Reply" leads to a page with the comment and a form.
    top_level(page).filter(has_text="Early take number 20").locator(":scope > [data-card]").get_by_role(
        "link", name="Reply"
    ).click()
    expect(page.get_by_role("heading", name="Reply")).to_be_visible()
    page.get_by_label("Your reply").fill("A reply without JavaScript.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".replies")).to_contain_text("A reply without JavaScript.")

    # Reward and repost through <details> forms, share with the link shown in a message.
    page.goto(article_url)
    page.locator("details.action > summary", has_text="Reward").click()
    page.get_by_role("button", name="Send reward").click()
    expect(page.locator(".messages")).to_contain_text("You gave 10 points")
    expect(page.locator('#actions [data-count="reward"]')).to_have_text("1")
    page.locator('form[data-fetch="share"] button').click()
    expect(page.get_by_label("Link to share:")).to_have_value(f"{article_url}?ref={reader.referral_code}")

    # "View More" is a plain link to the next page of comments.
    page.goto(article_url)
    expect(page.get_by_text("Doubling revenue while still loss-making")).to_have_count(0)
    page.get_by_role("link", name="View More").click()
    expect(page).to_have_url(re.compile(r"\?cursor=[\w-]+#comments$"))
    expect(page.get_by_text("Doubling revenue while still loss-making is normal")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the first comments")).to_be_visible()

    # Edit and delete through their pages.
    page.goto(article_url)
    top_level(page).first.get_by_role("link", name="Edit").click()
    page.get_by_label("Your comment").fill("Edited with JavaScript off.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    expect(top_level(page).first.locator(".text")).to_have_text("Edited with JavaScript off.")
    top_level(page).first.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete this comment?")).to_be_visible()
    page.get_by_role("button", name="Delete").click()
    expect(page.locator(".messages")).to_contain_text("deleted")
    expect(page.get_by_text("Edited with JavaScript off.")).to_have_count(0)
    assert Comment.objects.filter(author=reader, is_deleted=True).count() == 1
