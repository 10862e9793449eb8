import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "headless": True,
        "args": CHROMIUM_ARGS,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
    }


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def redis_url():
    from django.conf import settings

    return settings.REDIS_URL


@pytest.fixture
def celery_worker(tmp_path, django_db_setup, django_db_blocker, redis_url):
    """A real ``celery worker`` process on the test database and Redis; stopped after the test."""
    from tests.support.processes import start_worker

    with django_db_blocker.unblock():
        worker = start_worker(tmp_path)
    yield worker
    worker.stop()


# ---------------------------------------------------------------------------------------------------------
# The board: readers, a moderator, a news bot and an article, built through the services.
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def reader(db):
    from tests.factories import make_user

    return make_user(display_name="Reader Ann")


@pytest.fixture
def other_reader(db):
    from tests.factories import make_user

    return make_user(display_name="Reader Bob")


@pytest.fixture
def news_bot(db):
    from tests.factories import make_bot

    return make_bot()


@pytest.fixture
def moderator(db):
    from django.conf import settings
    from django.contrib.auth.models import Group

    from tests.factories import make_user

    user = make_user(display_name="Mod Mia")
    group, _ = Group.objects.get_or_create(name=settings.BOARD_MODERATOR_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def article(news_bot):
    from tests.factories import make_article

    return make_article(author=news_bot)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def demo_board(celery_worker, settings, tmp_path):
    """The demo board loaded as ``make run`` loads it, screened by a real worker (``transaction=True``
    tests); the moderator's password is kept under ``tmp_path``."""
    from tests.support.demo import load_demo_board

    settings.DEMO_STATE_DIR = tmp_path / "state"
    return load_demo_board()
