"""A new reader's first visit, in real Chromium with JavaScript (Done means 1): sign up, log in, open the
Northwind article, watch the abstract arrive, comment, reply, like, reward, repost, share, "View More", edit and
delete; everything after the login happens without a page load."""

import re

import pytest
from playwright.sync_api import expect

from board.models import Article, Comment, Repost, User
from board.services import article_abstract_generate
from tests.board.pages.conftest import northwind_article
from tests.factories import PASSWORD, make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXTRA_TOP_LEVEL = 22  # with the thread's five, more than a page (20): those five come after "View More"


def seed_discussion():
    article = northwind_article()
    early = [make_user(display_name=f"Early Reader {index}") for index in range(2)]
    for index in range(EXTRA_TOP_LEVEL):
        make_comment(
            article=article, author=early[index % 2], body=f"Early take number {index}: watching the margins."
        )
    return article


def top_level(page):
    return page.locator("#comment-list > li.c")


def own_card(item):
    """The comment's own card, not those of its replies."""
    return item.locator(":scope > [data-card]")


def test_a_new_reader_joins_the_discussion(page, live_server, page_errors):
    article = seed_discussion()
    assert article.abstract_status == "pending"
    article_url = article.get_absolute_url()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    # Sign up, then log in; back to the article.
    page.goto(f"{live_server.url}/accounts/signup/?next={article_url}")
    page.get_by_label("Email").fill("mei@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Display name (optional)").fill("Mei Newcomer")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.locator(".messages")).to_contain_text("your account is ready")
    page.get_by_label("Email").fill("mei@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + article_url)
    expect(page.locator(".account")).to_contain_text("Mei Newcomer")
    page.evaluate("window.__sameDocument = true")  # gone if anything below reloads the page

    # The disclaimer, and the abstract turning ready while the page polls.
    disclaimer = page.locator("aside.disclaimer")
    expect(disclaimer).to_contain_text("does not constitute investment advice")
    expect(disclaimer.get_by_role("link", name="See Disclaimer for details")).to_have_attribute(
        "href", "/disclaimers/third-party-content/"
    )
    expect(page.get_by_role("link", name=re.compile("View Original"))).to_have_attribute(
        "href", article.original_url
    )
    expect(page.locator(".byline .badge.bot")).to_have_text("Bot")
    abstract = page.locator(".abstract-text")
    expect(abstract).to_have_text("Abstract generation in progress")
    article_abstract_generate(article_id=article.pk)  # what the worker does, here in the test's thread
    expect(abstract).to_contain_text("Northwind Robotics", timeout=10_000)
    expect(page.locator(".abstract")).to_have_attribute("data-abstract", "ready")

    # A comment: shown at once to its author, under review.
    assert top_level(page).count() == 20
    page.get_by_label("Add a comment").fill("First time here: is the $1.4B valuation pre- or post-money?")
    page.get_by_role("button", name="Post comment").click()
    expect(top_level(page)).to_have_count(21)
    mine_id = top_level(page).first.get_attribute("id")
    mine = page.locator(f"#{mine_id}")
    expect(mine).to_contain_text("is the $1.4B valuation pre- or post-money?")
    expect(own_card(mine).locator(".badge.review")).to_have_text("Under review")

    # A reply to someone else's comment, in an inline form.
    other = top_level(page).filter(has_text="Early take number 21")
    own_card(other).get_by_role("link", name="Reply").click()
    other.get_by_label("Your reply").fill("Margins first, growth second. Agreed.")
    other.get_by_role("button", name="Post reply").click()
    expect(other.locator("ol.replies > li.c")).to_contain_text("Margins first, growth second.")
    expect(other.locator("form.inline-form")).to_have_count(0)

    # A like.
    like = own_card(other).locator("button.like")
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator(".n")).to_have_text("1")

    # Reward the article: the count goes up by one, the balance down by the points.
    reward_count = page.locator('#actions [data-count="reward"]')
    before = int(reward_count.inner_text())
    page.locator("details.action > summary", has_text="Reward").click()
    expect(page.get_by_label("Points to give the author")).to_have_value("10")
    page.get_by_role("button", name="Send reward").click()
    expect(reward_count).to_have_text(str(before + 1))
    expect(page.locator(".account [data-balance]")).to_have_text("90")

    # Repost with a quote.
    page.locator("details.action > summary", has_text="Repost").click()
    page.get_by_label("Add a quote (optional)").fill("Worth a read for the hiring numbers.")
    page.locator('form[data-fetch="repost"] button[type="submit"]').click()
    expect(page.locator('#actions [data-count="repost"]')).to_have_text("1")
    expect(page.locator("[data-repost-label]")).to_have_text("Reposted")

    # Share: the link (with the reader's referral code) is on the clipboard, and the share counted.
    page.locator('form[data-fetch="share"] button').click()
    result = page.locator("[data-share-result]")
    expect(result).to_have_attribute("data-copied", "true")
    reader = User.objects.get(email="mei@example.org")
    link = f"{live_server.url}{article_url}?ref={reader.referral_code}"
    expect(page.locator("[data-share-link]")).to_have_value(link)
    assert page.evaluate("navigator.clipboard.readText()") == link
    expect(page.locator('#actions [data-count="share"]')).to_have_text("1")

    # "View More": the older comments (the thread's first five) appear below, without a reload.
    expect(page.get_by_text("Doubling revenue while still loss-making")).to_have_count(0)
    page.get_by_role("link", name="View More").click()
    expect(top_level(page)).to_have_count(21 + 7)
    expect(page.get_by_text("Doubling revenue while still loss-making is normal")).to_be_visible()
    expect(page.get_by_role("link", name="View More")).to_have_count(0)

    # Edit, then delete, the reader's own comment.
    own_card(mine).get_by_role("link", name="Edit").click()
    mine.get_by_label("Edit your comment").fill("Edited: is the $1.4B valuation post-money?")
    mine.get_by_role("button", name="Save changes").click()
    expect(own_card(mine).locator(".text")).to_have_text("Edited: is the $1.4B valuation post-money?")
    expect(own_card(mine).locator(".edited")).to_be_visible()
    own_card(mine).get_by_role("link", name="Delete").click()
    mine.get_by_role("button", name="Delete").click()
    expect(mine).to_have_count(0)

    assert page.evaluate("window.__sameDocument") is True
    # The server agrees with what the page shows.
    article = Article.objects.get(pk=article.pk)
    assert (article.reward_count, article.repost_count, article.share_count) == (before + 1, 1, 1)
    assert Repost.objects.get(user=reader).quote == "Worth a read for the hiring numbers."
    assert Comment.objects.get(pk=int(mine_id[1:])).is_deleted
    assert Comment.objects.filter(author=reader, parent__isnull=False, is_deleted=False).count() == 1
