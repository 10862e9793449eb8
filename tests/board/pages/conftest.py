"""Fixtures of the readers' page tests: signed-in test clients and browser pages, and a guard that fails a
browser test on any script error or Content-Security-Policy violation."""

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


def northwind_article():
    """The Northwind story with its disclaimer and a dozen threaded comments (five top-level), shown as
    moderation would show them. The demo board (``demo/``) has its own, larger discussion; these page
    tests count on this small one."""
    from datetime import timedelta

    from django.utils import timezone

    from board.models import Comment
    from demo import content
    from demo.loader import demo_article_publish, demo_disclaimer_save
    from tests.board.samples import NORTHWIND_THREAD, NORTHWIND_THREAD_READERS
    from tests.factories import make_bot, make_comment

    now = timezone.now()
    article = demo_article_publish(
        article_data=content.ARTICLES[0], bot=make_bot(), disclaimer=demo_disclaimer_save(), now=now
    )
    readers = [make_user() for _ in range(NORTHWIND_THREAD_READERS)]
    created = []
    for author_index, parent_index, minutes_ago, text in NORTHWIND_THREAD:
        parent = created[parent_index] if parent_index is not None else None
        comment = make_comment(article=article, author=readers[author_index], parent=parent, body=text)
        Comment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(minutes=minutes_ago))
        created.append(comment)
    article.refresh_from_db()
    return article
