"""A moderator's morning in real Chromium: sign in, open the queue, approve held financial advice, remove
spam with a reason, silence its author; readers then see the result through the API and the audit log
lists the three decisions.

With ``UPDATE_SCREENSHOTS=1`` it also writes docs/screenshots/admin-comment-detail.png (the README's picture
of a comment's page; the queue's is taken on the demo board, by test_queue_layout.py).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from board.services import comment_edit
from moderation.services import report_create
from tests.factories import PASSWORD, client_for, make_comment, make_user
from tests.moderation.admin.conftest import ADVICE, HONEST, SPAM, make_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
REMOVAL_REASON = "Phishing: a fake airdrop that asks for your wallet."


@pytest.fixture
def thread(article, author, spammer, screen):
    """A small, real thread: a visible comment, a reply that was edited into financial advice (held), its
    author's follow-up, a spam comment (hidden), and a visible comment two readers reported."""
    opener = make_comment(article=article, author=make_reader("Reader Bo"), body=HONEST, approve=False)
    screen(opener)
    advice = make_comment(article=article, author=author, parent=opener, body="Nice quarter.", approve=False)
    screen(advice)
    comment_edit(actor=author, comment=advice, body=ADVICE)
    screen(advice)
    follow_up = make_comment(
        article=article, author=author, parent=advice, body="Seriously, do not miss this.", approve=False
    )
    screen(follow_up)
    spam = make_comment(article=article, author=spammer, body=SPAM, approve=False)
    screen(spam)
    reported = make_comment(
        article=article,
        author=make_reader("Reader Cy"),
        body="This CEO is a clown and his fans on this board are idiots.",
        approve=False,
    )
    screen(reported)
    for name, reason in (("Reader Di", "abuse"), ("Reader Ed", "abuse")):
        report_create(reader=make_user(display_name=name), comment=reported, reason=reason, text="insulting")
    assert advice.moderation_state == "held" and spam.moderation_state == "held"
    return {"advice": advice, "spam": spam, "reported": reported, "opener": opener}


def comment_ids(response):
    assert response.status_code == 200, response.content

    def walk(comments):
        for comment in comments:
            yield comment["id"], comment
            yield from walk(comment.get("replies", []))

    return dict(walk(response.json()["results"]))


def test_a_moderator_clears_the_queue_in_the_browser(
    live_server, page, moderator, article, author, spammer, thread
):
    advice, spam = thread["advice"], thread["spam"]
    csp_errors = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and csp_errors.append(message.text),
    )
    page.set_viewport_size({"width": 1600, "height": 1000})

    page.goto(f"{live_server.url}/admin/login/?next=/admin/moderation/reviewitem/")
    page.fill("#id_username", moderator.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/moderation/reviewitem/")

    advice_row = page.locator(
        "#result_list tbody tr", has=page.locator(f'button[value="comment:{advice.pk}:approve"]')
    )
    expect(advice_row).to_contain_text("load up now before it is too late!")
    expect(advice_row.locator('[data-label="financial_advice"]')).to_contain_text("high")
    expect(advice_row.locator('[data-label="financial_advice"]')).to_contain_text("rule:advice.directive_now")
    expect(page.locator(".q-dashboard")).to_contain_text("waiting")
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.goto(f"{live_server.url}/admin/moderation/reviewitem/content/comment/{advice.pk}/")
        expect(page.locator("#content-text")).to_contain_text("load up now")
        page.screenshot(path=str(SCREENSHOTS / "admin-comment-detail.png"), full_page=True)
        page.goto(f"{live_server.url}/admin/moderation/reviewitem/")

    # Approve the held advice: one click.
    advice_row.locator(f'button[value="comment:{advice.pk}:approve"]').click()
    expect(page.locator(".messagelist")).to_contain_text(f"Comment {advice.pk}: approved.")
    expect(page.locator(f'button[value="comment:{advice.pk}:approve"]')).to_have_count(0)

    # Remove the spam with a reason (the suggested label, spam, is preselected).
    spam_row = page.locator(
        "#result_list tbody tr", has=page.locator(f'button[value="comment:{spam.pk}:remove"]')
    )
    expect(spam_row.locator(f'select[name="label-comment-{spam.pk}"]')).to_have_value("spam")
    spam_row.locator(f'input[name="reason-comment-{spam.pk}"]').fill(REMOVAL_REASON)
    spam_row.locator(f'button[value="comment:{spam.pk}:remove"]').click()
    expect(page.locator(".messagelist")).to_contain_text(f"Comment {spam.pk}: removed as spam.")

    # Silence its author from the comment's page (the item has left the waiting queue).
    page.locator(".messagelist a", has_text="Open").click()
    expect(page.locator("#content-text")).to_contain_text("Claim your airdrop")
    expect(page.locator(".q-detail")).to_contain_text(REMOVAL_REASON)
    page.locator(f'button[value="comment:{spam.pk}:silence:24h"]').click()
    expect(page.locator(".messagelist")).to_contain_text("Spammy Sam: silenced for 24 hours.")

    # Readers: the approved comment is everyone's, the removed one only its author's (with the reason).
    url = f"/api/v1/articles/{article.pk}/comments/"
    anonymous = comment_ids(client_for(None).get(url))
    assert advice.pk in anonymous and spam.pk not in anonymous
    assert spam.pk not in comment_ids(client_for(author).get(url))
    own = comment_ids(client_for(spammer).get(url))
    assert own[spam.pk]["status"] == "removed" and own[spam.pk]["removal_reason"] == REMOVAL_REASON

    # The audit log lists the three decisions, by this moderator.
    page.goto(f"{live_server.url}/admin/moderation/auditlogentry/?actor_id={moderator.pk}")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="review.approve")).to_contain_text(f"comment {advice.pk}")
    expect(rows.filter(has_text="review.remove")).to_contain_text(REMOVAL_REASON)
    expect(rows.filter(has_text="user.silenced")).to_contain_text(f"user {spammer.pk}")
    assert not csp_errors, csp_errors
