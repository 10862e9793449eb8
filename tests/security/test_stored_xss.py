"""Stored XSS: 160 hostile payloads each as comment bodies, repost quotes and article titles, and 160 hostile
display names, rendered on the readers' pages and in the moderators' admin in headless Chromium.

The browser ignores the Content-Security-Policy here (``bypass_csp``), so the test checks the escaping itself,
not the policy that would also stop an inline script (the policy has its own test). On every page: no dialog
opens, no payload element, handler or script URL is in the DOM, ``window.__xss`` stays unset, and every
payload's marker is on the page as text.
"""

import pytest
from django.db import transaction
from django.test import Client

from board.models import ModerationState, User
from board.services import article_publish, repost_create, repost_set_moderation_state
from board.templatetags.board_tags import profile_url
from moderation.services import review_item_open
from tests.factories import make_article, make_bot, make_comment, make_user
from tests.security.xss_payloads import payloads, short_payloads

pytestmark = [pytest.mark.security, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT = 160

PROBE = """() => {
  const found = [];
  const risky = /alert\\(|__xss/;
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      // A payload shown as text may sit in an attribute's value (a form field, a label): only handlers
      // and script URLs would run.
      if (attr.name.startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
      if (["href", "src", "action", "formaction", "data", "srcdoc"].includes(attr.name) &&
          /^(javascript|vbscript|data:text\\/html)/.test(value)) found.push(`${el.tagName} ${attr.name}`);
    }
  }
  for (const script of document.scripts) {
    if (risky.test(script.textContent)) found.push("inline script");
  }
  for (const el of document.querySelectorAll("iframe, object, embed, base, marquee, meta[http-equiv]")) {
    found.push(el.tagName);
  }
  if (window.__xss) found.push("window.__xss");
  return found;
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    # Test the escaping, not the CSP: with the policy bypassed, a payload that got through would run.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def hostile_board(settings, monkeypatch):
    """160 of each: articles with hostile titles, comments with hostile bodies by readers with hostile names,
    and reposts with hostile quotes; every comment also waits in the moderators' queue."""
    settings.BOARD_ARTICLE_PAGE_SIZE = 500
    settings.BOARD_COMMENT_PAGE_SIZE = settings.BOARD_COMMENT_PAGE_SIZE_MAX = 500
    monkeypatch.setattr("board.web.views.profiles.PROFILE_REPOSTS", 500)
    article = make_article(title="Hostile comments live here")  # also makes the site's default disclaimer
    bot = make_bot()
    titles = [article_publish(author=bot, title=title, body="Body.") for title in payloads("T")]
    authors = []
    for name in short_payloads("N", COUNT):
        author = make_user()
        # The sign-up refuses such names; the admin's user form accepts any: store it as that edit does.
        User.objects.filter(pk=author.pk).update(display_name=name)
        author.display_name = name
        authors.append(author)
    comments = []
    for author, body in zip(authors, payloads("B"), strict=True):
        comment = make_comment(article=article, author=author, body=body)
        with transaction.atomic():  # callers of the queue hold the transaction
            review_item_open(kind="comment", content=comment, revision=1, reasons=["spam:medium"], risk=0.5)
        comments.append(comment)
    quoter = make_user(display_name="Quoting Quinn")
    for target, quote in zip(titles, payloads("Q"), strict=True):
        repost, _ = repost_create(user=quoter, article=target, quote=quote)
        repost_set_moderation_state(repost=repost, state=ModerationState.VISIBLE)
    return {"titles": titles, "article": article, "comments": comments, "quoter": quoter}


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def visit(page, url: str, markers: list[str]) -> dict:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("load")
    text = page.evaluate("() => document.body.innerText")
    return {"injected": page.evaluate(PROBE), "missing": [marker for marker in markers if marker not in text]}


def markers(prefix: str) -> list[str]:
    return [f"{prefix}{index:03d}" for index in range(COUNT)]


def test_hostile_text_renders_as_text_on_readers_pages_and_in_the_admin(
    hostile_board, live_server, page, record_figure
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    board = hostile_board
    reader = make_user(display_name="Careful Reader")
    admin = make_user(display_name="Admin Ada", is_staff=True, is_superuser=True)
    comment, title_article = board["comments"][0], board["titles"]

    reader_pages = {
        "feed (titles)": ("/", markers("T")),
        "article (bodies, names)": (f"/articles/{board['article'].slug}/", markers("B") + markers("N")),
        "profile (quotes)": (profile_url(board["quoter"]), markers("Q")),
        "comment thread": (f"/comments/{comment.pk}/", ["B000"]),
        **{
            f"article page {index} (title)": (f"/articles/{title_article[index].slug}/", [f"T{index:03d}"])
            for index in (0, 1, 19, 20, 33, 59, 99, 139)
        },
    }
    admin_pages = {
        "admin articles": ("/admin/board/article/?all=", markers("T")),
        "admin comments": ("/admin/board/comment/?all=", markers("B")),
        "admin users": ("/admin/board/user/?all=", markers("N")),
        "admin reposts": ("/admin/board/repost/?all=", markers("Q")),
        "admin review queue": ("/admin/moderation/reviewitem/?all=", markers("B")),
        "admin comment form": (f"/admin/board/comment/{comment.pk}/change/", []),
        "admin article form": (f"/admin/board/article/{title_article[19].pk}/change/", []),
        "admin user form": (f"/admin/board/user/{comment.author_id}/change/", []),
    }
    results = {}
    sign_in(page, live_server, reader)
    for name, (path, expected) in reader_pages.items():
        results[name] = visit(page, live_server.url + path, expected)
    page.context.clear_cookies()
    sign_in(page, live_server, admin)
    for name, (path, expected) in admin_pages.items():
        results[name] = visit(page, live_server.url + path, expected)

    assert dialogs == []
    assert {name: result for name, result in results.items() if result["injected"] or result["missing"]} == {}
    record_figure(
        "stored XSS in headless Chromium (CSP bypassed, so escaping alone is tested)",
        f"{COUNT} payloads each as comment bodies, repost quotes and article titles and {COUNT} as display "
        f"names ({4 * COUNT} stored); {len(reader_pages)} readers' pages and {len(admin_pages)} admin pages: "
        "0 dialogs, 0 injected elements or attributes, every payload shown as text",
    )
