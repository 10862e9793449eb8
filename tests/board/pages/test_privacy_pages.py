"""The reader's own data on the pages: "Download my data" on their profile and the deletion page, server
side (who may, bad input) and in Chromium (the button downloads the file; the confirmation erases and the
thread then shows "[deleted]")."""

import json

import pytest
from django.test import Client
from playwright.sync_api import expect

from board.models import User
from tests.board.pages.conftest import browser_login, client_logged_in
from tests.factories import PASSWORD, make_article, make_comment, make_user

EXPORT, DELETE = "/me/export/", "/me/delete/"


@pytest.fixture
def thread(news_bot):
    ann = make_user(display_name="Ann Leaving", email="ann.leaving@example.org")
    bob = make_user(display_name="Bob Staying")
    article = make_article(author=news_bot, title="Northwind raises a round")
    top = make_comment(article=article, author=ann, body="Ann's take on the round.")
    make_comment(article=article, author=bob, parent=top, body="Bob answers Ann.")
    return ann, bob, article, top


# ---------------------------------------------------------------------------------------------------------
# Server side
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.sqlite
def test_only_the_reader_sees_the_buttons_on_their_profile(thread):
    ann, bob, _article, _top = thread
    own = client_logged_in(ann).get("/me/", follow=True).content.decode()
    others = client_logged_in(bob).get(f"/users/{ann.display_name}/").content.decode()

    assert "Download my data" in own and 'href="/me/delete/"' in own
    assert "Download my data" not in others and "/me/delete/" not in others


@pytest.mark.django_db
@pytest.mark.sqlite
def test_anonymous_readers_are_sent_to_log_in(thread):
    client = Client()

    assert client.get(DELETE).url.startswith("/accounts/login/?next=/me/delete/")
    assert client.post(EXPORT).url.startswith("/accounts/login/")
    assert client.get("/me/export/download/?token=abc").url.startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_export_button_downloads_the_readers_file(thread):
    ann, _bob, _article, top = thread
    response = client_logged_in(ann).post(EXPORT)

    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    document = json.loads(response.content)
    assert [row["id"] for row in document["sections"]["comments"]] == [top.pk]


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_export_needs_a_post_with_csrf(thread):
    ann, *_ = thread
    client = Client(enforce_csrf_checks=True)
    client.force_login(ann)

    assert client.get(EXPORT).status_code == 405
    assert client.post(EXPORT).status_code == 403


@pytest.mark.django_db
@pytest.mark.sqlite
@pytest.mark.parametrize("password", ["", "not-my-password"])
def test_a_wrong_or_missing_password_is_a_field_error(thread, password):
    ann, *_ = thread
    response = client_logged_in(ann).post(DELETE, {"password": password})

    assert response.status_code == 400
    assert "password" in response.content.decode().lower()
    ann.refresh_from_db()
    assert ann.is_active


@pytest.mark.django_db
@pytest.mark.sqlite
def test_a_moderator_deletes_their_own_account_only(thread, moderator):
    ann, *_ = thread
    response = client_logged_in(moderator).post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302 and response.url == "/"
    moderator.refresh_from_db()
    ann.refresh_from_db()
    assert not moderator.is_active and ann.is_active


@pytest.mark.django_db
@pytest.mark.sqlite
def test_confirming_erases_signs_out_and_leaves_a_tombstone(thread):
    ann, bob, article, _top = thread
    client = client_logged_in(ann)

    response = client.post(DELETE, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1] == ("/", 302)
    assert "Your account was deleted" in response.content.decode()
    assert client.get("/me/").url.startswith("/accounts/login/")  # signed out
    page = client_logged_in(bob).get(article.get_absolute_url()).content.decode()
    assert "[deleted]" in page and "Bob answers Ann." in page
    assert "Ann Leaving" not in page and "Ann's take" not in page
    assert User.objects.get(pk=ann.pk).erased_at is not None


# ---------------------------------------------------------------------------------------------------------
# In Chromium
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_downloads_their_data_then_deletes_their_account(page, live_server, page_errors, thread):
    ann, _bob, article, _top = thread
    browser_login(page, live_server, ann)
    page.goto(f"{live_server.url}/me/")

    with page.expect_download() as caught:
        page.get_by_role("button", name="Download my data").click()
    download = caught.value
    assert download.suggested_filename == "newsboard-export.json"
    with open(download.path(), encoding="utf-8") as file:
        assert json.load(file)["sections"]["account"]["display_name"] == "Ann Leaving"

    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Delete your account?")).to_be_visible()
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".field.invalid .form-error")).to_contain_text("Wrong password")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".messages")).to_contain_text("Your account was deleted")

    page.goto(live_server.url + article.get_absolute_url())
    tombstone = page.locator("#comment-list > li.c").first
    expect(tombstone.locator(".author.gone").first).to_have_text("[deleted]")
    expect(tombstone).to_contain_text("Bob answers Ann.")
    expect(page.locator("body")).not_to_contain_text("Ann Leaving")
