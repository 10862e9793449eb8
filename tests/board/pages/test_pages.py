"""The readers' pages, server side: what each reader is shown, the form posts with and without board.js,
and the refusals (anonymous, CSRF, throttled, locked login, someone else's comment)."""

import re

import pytest
from django.test import Client
from rest_framework.throttling import ScopedRateThrottle

from board.models import Comment, ModerationState
from board.services import (
    article_abstract_generate,
    comment_delete,
    comment_set_moderation_state,
    disclaimer_save,
    repost_create,
)
from tests.board.pages.conftest import client_logged_in
from tests.factories import PASSWORD, client_for, make_article, make_comment

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def html(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------


def test_feed_lists_pinned_articles_first_with_their_abstract_state(web_client, news_bot):
    older = make_article(author=news_bot, title="An older story")
    newer = make_article(author=news_bot, title="A newer story")
    pinned = make_article(author=news_bot, title="The pinned story", is_pinned=True)
    article_abstract_generate(article_id=older.pk)

    page = html(web_client.get("/"))

    assert page.index(pinned.title) < page.index(newer.title) < page.index(older.title)
    assert page.count("Abstract generation in progress") == 2
    assert "Stocks rose on Monday" in page  # the older one's abstract
    assert "0</span> comments" in page


def test_article_page_has_the_story_disclaimer_and_action_bar(web_client, story):
    response = web_client.get(story.get_absolute_url())
    page = html(response)

    assert response.status_code == 200
    assert '<html lang="en">' in page and 'href="#main"' in page
    assert story.title in page and "<strong>NEW YORK</strong>" in page
    assert '<span class="badge bot"' in page
    assert "Abstract generation in progress" in page and 'data-poll="/api/v1/articles/' in page
    assert f'href="{story.original_url}"' in page and "View Original" in page
    assert story.disclaimer.text in page
    assert f'<a href="/disclaimers/{story.disclaimer.key}/">See Disclaimer for details</a>' in page
    for label in ("Reward", "Comments", "Repost", "Share"):
        assert re.search(rf'<span class="action-label"[^>]*>{label}</span>', page)
    # The CSP allows no inline script, style or handler: none is written.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert not re.search(r"\sstyle=|\son[a-z]+=", page)
    # Shared by every anonymous reader (board.caching): no CSRF token, which their writes do not need.
    assert 'name="csrf-token"' not in page and "csrfmiddlewaretoken" not in page


def test_unknown_and_hidden_articles_are_404(web_client, story, moderator):
    assert web_client.get("/articles/no-such-story/").status_code == 404
    hidden = make_article(title="Hidden by editors")
    from board.models import Article

    Article.objects.filter(pk=hidden.pk).update(moderation_state=ModerationState.HELD)
    assert web_client.get(hidden.get_absolute_url()).status_code == 404
    assert client_logged_in(moderator).get(hidden.get_absolute_url()).status_code == 200


def test_comment_states_are_shown_to_the_right_readers(story, reader, other_reader):
    visible = make_comment(article=story, author=other_reader, body="Plain visible comment.")
    pending = make_comment(article=story, author=reader, body="My pending comment.", approve=False)
    advice = make_comment(article=story, author=other_reader, body="Buy it all now.", approve=False)
    comment_set_moderation_state(comment=advice, state=ModerationState.VISIBLE, advice_notice=True)
    removed = make_comment(article=story, author=reader, body="Removed one.", approve=False)
    comment_set_moderation_state(comment=removed, state=ModerationState.REMOVED, removal_reason="Spam link")
    parent = make_comment(article=story, author=other_reader, body="Soon deleted.")
    make_comment(article=story, author=reader, parent=parent, body="A reply that keeps it.")
    comment_delete(actor=other_reader, comment=parent)

    author_page = html(client_logged_in(reader).get(story.get_absolute_url()))
    other_page = html(client_logged_in(other_reader).get(story.get_absolute_url()))
    anonymous_page = html(Client().get(story.get_absolute_url()))

    for page in (author_page, other_page, anonymous_page):
        assert "Plain visible comment." in page
        assert "Not financial advice:" in page
        assert "This comment was deleted." in page and "Soon deleted." not in page
    assert "My pending comment." in author_page and "Under review" in author_page
    assert "Only you can see this until it is approved." in author_page
    assert "Removed by moderators: Spam link" in author_page
    for page in (other_page, anonymous_page):
        assert "My pending comment." not in page and "Under review" not in page
        assert "Removed one." not in page
    assert f'id="c{visible.pk}"' in anonymous_page and f'id="c{pending.pk}"' not in anonymous_page


def test_replies_are_indented_then_flattened_with_whom_they_answer(settings, story, reader, other_reader):
    settings.BOARD_REPLY_PREVIEW_DEPTH = 6
    comment = make_comment(article=story, author=reader, body="Level 0")
    for level in range(1, 6):
        author = other_reader if level % 2 else reader
        comment = make_comment(article=story, author=author, parent=comment, body=f"Level {level}")

    page = html(Client().get(story.get_absolute_url()))

    assert page.count('class="replies"') == 3  # levels 1 to 3 are indented
    assert page.count('class="replies flat"') == 2  # levels 4 and 5 line up under level 3
    assert page.count('<span class="to">replying to ') == 2


def test_a_comments_page_continues_its_replies(story, reader, other_reader, settings):
    settings.BOARD_COMMENT_PAGE_SIZE = 3
    top = make_comment(article=story, author=reader, body="A busy comment")
    for index in range(5):
        make_comment(article=story, author=other_reader, parent=top, body=f"Reply number {index}")

    article_page = html(Client().get(story.get_absolute_url()))
    assert "View 2 more replies" in article_page  # three previewed
    link = re.search(r'href="(/comments/\d+/\?cursor=[^"]+)"', article_page).group(1)

    later = html(Client().get(link))
    assert "Reply number 3" in later and "Reply number 4" in later and "Reply number 0" not in later
    first = html(Client().get(f"/comments/{top.pk}/"))
    assert "Reply number 0" in first and "View more replies" in first


def test_disclaimer_page_shows_the_current_version_and_earlier_ones(web_client, story):
    key = story.disclaimer.key
    disclaimer_save(key=key, title="Third-party content", text="Version two of the text.")

    current = html(web_client.get(f"/disclaimers/{key}/"))
    first = html(web_client.get(f"/disclaimers/{key}/?version=1"))

    assert "Version two of the text." in current and "Version 2" in current
    assert story.disclaimer.text in first and "This is an earlier version." in first
    # The article keeps the version it was published with.
    assert story.disclaimer.text in html(web_client.get(story.get_absolute_url()))
    assert web_client.get("/disclaimers/nope/").status_code == 404
    assert web_client.get(f"/disclaimers/{key}/?version=x").status_code == 404


def test_profile_shows_comments_and_reposts_to_the_right_readers(story, reader, other_reader):
    make_comment(article=story, author=reader, body="Visible on my profile.")
    make_comment(article=story, author=reader, body="Pending on my profile.", approve=False)
    repost_create(user=reader, article=story, quote="My pending quote.")

    own = html(client_logged_in(reader).get("/users/reader%20ann/"))
    theirs = html(client_logged_in(other_reader).get("/users/Reader%20Ann/"))

    assert "Visible on my profile." in own and "Pending on my profile." in own
    assert "My pending quote." in own and "Quote under review" in own and "Your balance" in own
    assert "Visible on my profile." in theirs and "Pending on my profile." not in theirs
    assert story.title in theirs and "My pending quote." not in theirs
    assert Client().get("/users/Nobody%20Here/").status_code == 404
    me = client_logged_in(reader).get("/me/")
    assert me.status_code == 302 and me["Location"] == "/users/Reader%20Ann/"


def test_bad_cursor_or_ordering_goes_back_to_the_first_page(web_client, story):
    url = story.get_absolute_url()
    for query in ("?cursor=not-a-cursor", "?ordering=sideways"):
        response = web_client.get(url + query)
        assert response.status_code == 302 and response["Location"] == url
    assert web_client.get(f"{url}comments/?cursor=bad&fragment=1").status_code == 400
    assert web_client.get("/?cursor=bad")["Location"] == "/"


# ---------------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------------


def test_posting_a_comment_without_javascript_redirects_to_its_anchor(story, reader):
    client = client_logged_in(reader)

    response = client.post(f"{story.get_absolute_url()}comments/", {"body": "  Hello there  "})

    comment = Comment.objects.get(author=reader)
    assert response.status_code == 302
    assert response["Location"] == f"{story.get_absolute_url()}#c{comment.pk}"
    assert comment.body == "Hello there" and comment.moderation_state == ModerationState.PENDING
    assert "under review" in html(client.get(response["Location"]))


def test_posting_with_board_js_returns_the_new_comment(story, reader, other_reader):
    parent = make_comment(article=story, author=other_reader)
    client = client_logged_in(reader)

    created = client.post(f"/comments/{parent.pk}/reply/", {"body": "<b>bold?</b>", "level": "1"}, **FETCH)

    assert created.status_code == 201
    fragment = html(created)
    assert fragment.startswith('<li class="c"') and 'data-level="1"' in fragment
    assert "&lt;b&gt;bold?&lt;/b&gt;" in fragment and "Under review" in fragment
    empty = client.post(f"{story.get_absolute_url()}comments/", {"body": "   "}, **FETCH)
    assert empty.status_code == 400 and empty.json()["errors"] == {"body": ["Write something."]}


def test_invalid_comment_without_javascript_shows_the_form_again(story, reader):
    client = client_logged_in(reader)

    response = client.post(f"{story.get_absolute_url()}comments/", {"body": "x" * 5001})
    nul = client.post(f"{story.get_absolute_url()}comments/", {"body": "null\x00byte"})

    assert response.status_code == 400
    assert "At most 5000 characters." in html(response) and "x" * 5001 in html(response)
    assert nul.status_code == 400 and "Null characters are not allowed." in html(nul)


def test_anonymous_writes_go_to_the_login_page(web_client, story, other_reader):
    comment = make_comment(article=story, author=other_reader)
    article_url = story.get_absolute_url()

    posted = web_client.post(f"{article_url}comments/", {"body": "hi", "next": article_url})
    liked = web_client.post(f"/comments/{comment.pk}/like/", {"next": article_url}, **FETCH)
    reply_page = web_client.get(f"/comments/{comment.pk}/reply/")

    assert posted.status_code == 302
    assert posted["Location"] == f"/accounts/login/?next={article_url.replace('/', '%2F')}"
    assert liked.status_code == 401 and liked.json()["login_url"].startswith("/accounts/login/?next=")
    assert reply_page.status_code == 302 and reply_page["Location"].startswith("/accounts/login/")
    assert Comment.objects.filter(author__isnull=False).count() == 1


def test_every_form_needs_its_csrf_token(story, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)

    response = client.post(f"{story.get_absolute_url()}comments/", {"body": "no token"})

    assert response.status_code == 403 and "Please try again" in html(response)
    assert not Comment.objects.exists()
    page = html(client.get(story.get_absolute_url()))
    assert page.count('name="csrfmiddlewaretoken"') >= 5  # comment, reward, repost, share, logout, act


def test_likes_toggle_and_rewards_move_points(story, reader, other_reader):
    comment = make_comment(article=story, author=other_reader)
    client = client_logged_in(reader)

    liked = client.post(f"/comments/{comment.pk}/like/", {"do": "like"}, **FETCH)
    unliked = client.post(f"/comments/{comment.pk}/like/", {"do": "unlike"}, **FETCH)
    rewarded = client.post(f"/comments/{comment.pk}/reward/", {"points": "10"}, **FETCH)
    too_much = client.post(f"{story.get_absolute_url()}reward/", {"points": "1000"}, **FETCH)
    too_much_page = client.post(f"{story.get_absolute_url()}reward/", {"points": "1000"}, follow=True)

    assert liked.json() == {"liked": True, "like_count": 1}
    assert unliked.json() == {"liked": False, "like_count": 0}
    assert rewarded.json() == {"points": 10, "reward_count": 1, "reward_points": 10, "balance": 90}
    assert too_much.status_code == 409 and too_much.json()["code"] == "insufficient_points"
    assert "Not enough points: you have 90." in html(too_much_page)


def test_repost_and_share(story, reader):
    client = client_logged_in(reader)

    reposted = client.post(f"{story.get_absolute_url()}repost/", {"quote": "Worth it"}, **FETCH)
    shared = client.post(f"{story.get_absolute_url()}share/", {"channel": "link"}, **FETCH)
    anonymous_share = Client().post(f"{story.get_absolute_url()}share/", {}, **FETCH)
    undone = client.post(f"{story.get_absolute_url()}repost/", {"do": "undo"}, **FETCH)

    assert reposted.json() == {"reposted": True, "repost_count": 1, "quote_under_review": True}
    assert shared.json() == {
        "url": f"http://testserver{story.get_absolute_url()}?ref={reader.referral_code}",
        "share_count": 1,
    }
    assert anonymous_share.json()["share_count"] == 2
    assert undone.json()["repost_count"] == 0


def test_only_the_author_edits_and_deletes(story, reader, other_reader):
    mine = make_comment(article=story, author=reader, body="Original text")
    theirs_pending = make_comment(article=story, author=other_reader, approve=False)
    theirs = make_comment(article=story, author=other_reader)
    client = client_logged_in(reader)

    assert client.get(f"/comments/{theirs.pk}/edit/").status_code == 403
    assert client.post(f"/comments/{theirs.pk}/delete/").status_code == 403
    assert client.get(f"/comments/{theirs_pending.pk}/edit/").status_code == 404
    assert Client().get(f"/comments/{mine.pk}/edit/")["Location"].startswith("/accounts/login/")

    edit_page = html(client.get(f"/comments/{mine.pk}/edit/"))
    assert "Original text</textarea>" in edit_page
    edited = client.post(f"/comments/{mine.pk}/edit/", {"body": "New text"}, **FETCH)
    assert edited.status_code == 200 and "New text" in html(edited) and "edited" in html(edited)
    deleted = client.post(f"/comments/{mine.pk}/delete/", **FETCH)
    assert deleted.status_code == 204
    assert Comment.objects.get(pk=mine.pk).is_deleted
    assert client.get(f"/comments/{mine.pk}/edit/").status_code == 404


@pytest.fixture
def one_comment_a_minute(monkeypatch):
    # DRF reads the rates into the class when it is imported; the test settings make them generous.
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "comment_write", "1/min")


def test_throttled_posts_get_a_friendly_page_and_keep_the_text(story, reader, one_comment_a_minute):
    client = client_logged_in(reader)
    url = f"{story.get_absolute_url()}comments/"
    assert client.post(url, {"body": "first"}).status_code == 302

    page = client.post(url, {"body": "second, still here"})
    fetch = client.post(url, {"body": "third"}, **FETCH)

    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    assert "a little too often" in html(page) and "second, still here</textarea>" in html(page)
    assert fetch.status_code == 429 and "a little too often" in fetch.json()["detail"]
    assert Comment.objects.count() == 1


def test_the_pages_and_the_api_share_a_readers_throttle(story, reader, one_comment_a_minute):
    api = client_for(reader).post(
        f"/api/v1/articles/{story.pk}/comments/", {"body": "from the app"}, format="json"
    )
    assert api.status_code == 201

    page = client_logged_in(reader).post(f"{story.get_absolute_url()}comments/", {"body": "from the site"})

    assert page.status_code == 429


# ---------------------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------------------


def test_signup_then_login_by_email(web_client):
    signed_up = web_client.post(
        "/accounts/signup/",
        {"email": "Ann@Example.org", "password": PASSWORD, "display_name": "Ann Reads", "next": "/me/"},
    )
    assert signed_up.status_code == 302 and signed_up["Location"] == "/accounts/login/?next=%2Fme%2F"

    logged_in = web_client.post(
        "/accounts/login/", {"username": "ann@example.org", "password": PASSWORD, "next": "/me/"}
    )

    assert logged_in.status_code == 302 and logged_in["Location"] == "/me/"
    assert "Ann Reads" in html(web_client.get("/"))
    assert web_client.get("/accounts/logout/").status_code == 405  # log out is a POST
    assert web_client.post("/accounts/logout/").status_code == 302
    assert "Log in" in html(web_client.get("/"))


def test_signup_does_not_tell_who_has_an_account(web_client, reader):
    taken = web_client.post("/accounts/signup/", {"email": reader.email, "password": PASSWORD})
    fresh = web_client.post("/accounts/signup/", {"email": "new@example.org", "password": PASSWORD})

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]


def test_signup_errors_are_shown_on_the_form(web_client, reader):
    weak = web_client.post("/accounts/signup/", {"email": "x@example.org", "password": "123"})
    bad_name = web_client.post(
        "/accounts/signup/", {"email": "y@example.org", "password": PASSWORD, "display_name": "<b>"}
    )
    taken_name = web_client.post(
        "/accounts/signup/", {"email": "z@example.org", "password": PASSWORD, "display_name": "reader ann"}
    )

    assert weak.status_code == 400 and "This password is too short." in html(weak)
    assert bad_name.status_code == 400 and "Use 3 to 40 letters" in html(bad_name)
    assert 'value="&lt;b&gt;"' in html(bad_name)
    assert taken_name.status_code == 400 and "Already taken." in html(taken_name)


def test_locked_login_says_so_the_same_for_known_and_unknown_accounts(settings, web_client, reader):
    settings.LOGIN_MAX_FAILURES = 2
    answers = {}
    for email in (reader.email, "nobody@example.org"):
        for address in ("10.0.0.1", "10.0.0.2"):
            web_client.post("/accounts/login/", {"username": email, "password": "wrong"}, REMOTE_ADDR=address)
        answers[email] = web_client.post(
            "/accounts/login/", {"username": email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
        )

    known, unknown = answers.values()
    assert known.status_code == unknown.status_code == 429
    assert "Too many attempts, try again later." in html(known)
    assert "Too many attempts, try again later." in html(unknown)
    wrong = web_client.post(
        "/accounts/login/", {"username": "x@example.org", "password": "no"}, REMOTE_ADDR="10.0.0.9"
    )
    assert wrong.status_code == 200 and "do not match an account" in html(wrong)
