"""Hostile comments and display names render as text in a real browser (Done means 3): no dialog opens,
no element or attribute is injected, and each text shows exactly as typed."""

import html

import pytest
from playwright.sync_api import expect

from board.models import ModerationState, User
from board.services import repost_create, repost_set_moderation_state
from board.templatetags.board_tags import profile_url
from tests.board.pages.conftest import browser_login
from tests.board.pages.xss_payloads import COMMENT_PAYLOADS, NAME_PAYLOADS
from tests.factories import make_article, make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = 6  # comments typed into "Add a comment"; the rest are posted as that form posts them
QUOTED = 15  # authors who also repost with a hostile quote (shown on their profiles)
RENDERED_SAMPLE = 5  # profiles and refused sign-ups opened as pages; all of them are also fetched as HTML

# Anything a payload could have added: event handlers, script URLs in link-like attributes, inline styles,
# scripts that are not ours, and elements our pages never use.
INJECTION_PROBE = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (attr.name.startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
      if (["href", "src", "action", "formaction", "data", "srcdoc"].includes(attr.name) &&
          /^(javascript|data|vbscript):/.test(value)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      if (attr.name === "style") found.push(`${el.tagName} style`);
    }
  }
  for (const script of document.scripts) {
    if (!script.src || new URL(script.src).pathname !== "/static/board/board.js") found.push("script");
  }
  const foreign = "img, svg, math, iframe, object, embed, video, audio, source, base, style, marquee, " +
    "select, x, b, i, u, meta[http-equiv], link:not([rel=stylesheet]), " +
    "link[rel=stylesheet]:not([href^='/static/'])";
  for (const el of document.querySelectorAll(foreign)) found.push(el.tagName);
  if (document.body.dataset.pwned) found.push("pwned");
  return found;
}"""


def assert_clean(page):
    assert page.evaluate(INJECTION_PROBE) == []


def texts(page, selector) -> set[str]:
    return set(page.locator(selector).evaluate_all("els => els.map(el => el.textContent)"))


def hostile_authors(article) -> list[User]:
    """Readers whose display names were set in the admin (which accepts any name), each with a comment;
    the first ones also repost the article with a hostile quote."""
    authors = []
    for index, name in enumerate(NAME_PAYLOADS):
        user = make_user()
        # The sign-up refuses these names (tested below): set them as an admin edit would.
        User.objects.filter(pk=user.pk).update(display_name=name)
        user.display_name = name
        authors.append(user)
        make_comment(article=article, author=user, body=f"Plain words from hostile author {index}.")
        if index < QUOTED:
            repost, _ = repost_create(user=user, article=article, quote=COMMENT_PAYLOADS[index])
            repost_set_moderation_state(repost=repost, state=ModerationState.VISIBLE)
    return authors


# Many requests at once from the page itself (the browser runs six at a time), with its cookies.
FETCH_ALL = """async ([requests]) => Promise.all(requests.map(async ([url, fields]) => {
  const options = {credentials: "same-origin", redirect: "manual"};
  if (fields) {
    options.method = "POST";
    options.body = new FormData();
    for (const [name, value] of Object.entries(fields)) options.body.append(name, value);
  }
  const response = await fetch(url, options);
  if (response.type === "opaqueredirect") return [302, ""];
  return [response.status, await response.text()];
}))"""


def fetch_all(page, requests: list[tuple[str, dict | None]]) -> list[tuple[int, str]]:
    return page.evaluate(FETCH_ALL, [requests])


def escaped_in(body: str, text: str) -> bool:
    """``text`` is in the HTML only escaped: its escaped form is there, and the raw markup is not."""
    return html.escape(text) in body and ("<" not in text or text not in body)


def test_hostile_comments_and_names_render_as_text(page, live_server, page_errors):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    article = make_article(title="Hostile input")
    authors = hostile_authors(article)
    writer = make_user(display_name="Payload Writer")
    browser_login(page, live_server, writer)
    article_url = live_server.url + article.get_absolute_url()
    page.goto(article_url)

    # Posted as comments: the first few typed into the form (board.js inserts the server's answer), the
    # rest posted as that form posts them, with the page's session and CSRF token.
    for count, payload in enumerate(COMMENT_PAYLOADS[:TYPED], start=1):
        page.get_by_label("Add a comment").fill(payload)
        page.get_by_role("button", name="Post comment").click()
        expect(page.locator("#comment-list > li.c .badge.review")).to_have_count(count)
    assert_clean(page)
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    posts = [
        (f"{article_url}comments/", {"body": payload, "csrfmiddlewaretoken": token})
        for payload in COMMENT_PAYLOADS[TYPED:]
    ]
    assert {status for status, _body in fetch_all(page, posts)} == {302}

    # Every comment on one page ("View More" until there is no more), each text exactly as typed.
    page.goto(article_url)
    more = page.get_by_role("link", name="View More")
    while more.count():
        shown = page.locator("#comment-list > li.c").count()
        more.click()
        expect(page.locator("#comment-list > li.c")).not_to_have_count(shown)
    expect(page.locator("#comment-list > li.c")).to_have_count(len(COMMENT_PAYLOADS) + len(authors))
    assert_clean(page)
    shown_texts = texts(page, "#comment-list .card > .text")
    assert [payload for payload in COMMENT_PAYLOADS if payload.strip() not in shown_texts] == []
    shown_names = texts(page, "#comment-list .card > .meta .author")
    assert [name for name in NAME_PAYLOADS if name not in shown_names] == []
    assert "49" not in shown_texts and "49" not in shown_names  # {{7*7}} stayed text

    # The inline edit form is prefilled with the text itself: the textarea cannot be broken out of.
    breaker = page.locator("#comment-list > li.c").filter(has_text="</textarea><script>alert(1)</script>")
    breaker.locator(":scope > [data-card]").get_by_role("link", name="Edit").click()
    expect(breaker.get_by_label("Edit your comment")).to_have_value("</textarea><script>alert(1)</script>")
    breaker.get_by_role("button", name="Cancel").click()
    assert_clean(page)

    # Profiles of hostile names: each link leads back to its owner, and names and quotes are text.
    for index, user in enumerate(authors[:RENDERED_SAMPLE]):
        assert page.goto(live_server.url + profile_url(user)).status == 200, user.display_name
        expect(page.locator("h1.page-title")).to_have_text(user.display_name)
        assert COMMENT_PAYLOADS[index].strip() in texts(page, ".quote")
        assert_clean(page)
    answers = fetch_all(page, [(live_server.url + profile_url(user), None) for user in authors])
    for user, (status, body) in zip(authors, answers, strict=True):
        assert status == 200 and escaped_in(body, user.display_name), user.display_name

    # The sign-up form shows a refused name back, as text in its field.
    page.context.clear_cookies()
    for index, name in enumerate(NAME_PAYLOADS[:RENDERED_SAMPLE]):
        page.goto(f"{live_server.url}/accounts/signup/")
        page.get_by_label("Email").fill(f"hostile{index}@example.org")
        page.get_by_label("Password", exact=True).fill("a-long-test-passphrase")
        page.get_by_label("Display name (optional)").fill(name)
        page.get_by_role("button", name="Create account").click()
        expect(page.locator(".field.invalid")).to_have_count(1)
        expect(page.get_by_label("Display name (optional)")).to_have_value(name)
        assert_clean(page)
    # The sign-up form's own token (an anonymous page has no csrf-token meta: see board.caching).
    token = page.locator('input[name="csrfmiddlewaretoken"]').first.get_attribute("value")
    signups = [
        (
            f"{live_server.url}/accounts/signup/",
            {
                "email": f"hostile{index}@example.org",
                "password": "a-long-test-passphrase",
                "display_name": name,
                "csrfmiddlewaretoken": token,
            },
        )
        for index, name in enumerate(NAME_PAYLOADS)
    ]
    for name, (status, body) in zip(NAME_PAYLOADS, fetch_all(page, signups), strict=True):
        assert status == 400 and escaped_in(body, name), name

    # Reflected query strings: the login page's "next", and an article URL with a hostile parameter.
    page.goto(f"{live_server.url}/accounts/login/?next=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert_clean(page)
    page.goto(f"{article_url}?x=%22%3E%3Csvg%20onload%3Dalert(1)%3E&ordering=top")
    assert_clean(page)

    assert dialogs == []
