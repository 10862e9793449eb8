"""Fixtures of the readers' page tests: signed-in test clients and browser pages, and a guard that fails a
browser test on any script error or Content-Security-Policy violation."""

import io

import pytest
from django.test import Client

from tests.factories import PASSWORD, make_article, make_user


@pytest.fixture
def web_client():
    return Client()


def client_logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def story(news_bot):
    return make_article(author=news_bot, title="Harbor Lane leads a round in Northwind Robotics")


def browser_login(page, live_server, user) -> None:
    """Sign ``user`` in to the browser context with a real session cookie (faster than the login form)."""
    client = client_logged_in(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


@pytest.fixture
def page_errors(page):
    """Script errors and CSP violations seen by the page; the test fails if there are any."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))

    def on_console(message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            errors.append(f"console: {text}")

    page.on("console", on_console)
    yield errors
    assert errors == []


__all__ = ["PASSWORD", "browser_login", "client_logged_in", "make_user"]


def load_demo_article():
    """The demo article (``manage.py load_demo``) with its comments shown, as moderation would show them."""
    from django.core.management import call_command

    from board.demo import content
    from board.models import Article, Comment, ModerationState
    from board.services import comment_set_moderation_state

    call_command("load_demo", stdout=io.StringIO())
    article = Article.objects.get(slug=content.ARTICLE_SLUG)
    for comment in Comment.objects.filter(article=article).exclude(moderation_state=ModerationState.VISIBLE):
        comment_set_moderation_state(comment=comment, state=ModerationState.VISIBLE)
    article.refresh_from_db()
    return article
