import os

import pytest

from tests.support.figures import print_figures, record_figure  # noqa: F401 - the battery's fixture

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

    # The soak takes 10 minutes: only a selection that names it runs it (``-m soak``), not one that merely
    # overrides pyproject's ``-m "not soak"`` (``make test ARGS="-m reliability"``).
    if "soak" not in (config.option.markexpr or ""):
        kept = [item for item in items if "soak" not in item.keywords]
        if len(kept) != len(items):
            config.hook.pytest_deselected(items=[item for item in items if "soak" in item.keywords])
            items[:] = kept

    # The longest tests first, so that parallel test processes (scripts/test.sh) finish together instead of
    # one of them starting a two-minute test when the rest are done.
    items.sort(key=lambda item: "long" not in item.keywords)

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    print_figures(terminalreporter)


@pytest.fixture
def redis_url():
    from django.conf import settings

    return settings.REDIS_URL


@pytest.fixture
def celery_worker(tmp_path, django_db_setup, django_db_blocker, redis_url):
    """A real ``celery worker`` process on the test database and Redis; stopped after the test."""
    from tests.support.processes import start_worker_on_an_empty_queue

    with django_db_blocker.unblock():
        worker = start_worker_on_an_empty_queue(tmp_path)
    yield worker
    worker.stop()


@pytest.fixture
def libretranslate(settings):
    """A LibreTranslate stand-in on a loopback port (tests/support/libretranslate.py), configured as the
    board's translation backend with short timeouts; stopped after the test."""
    from tests.support.libretranslate import StandIn

    server = StandIn(api_key="test-key").start()
    settings.TRANSLATION_BACKEND = "libretranslate"
    settings.TRANSLATION_URL = server.url
    settings.TRANSLATION_API_KEY = "test-key"
    settings.TRANSLATION_CONNECT_TIMEOUT_SECONDS = 1.0
    settings.TRANSLATION_TIMEOUT_SECONDS = 1.0
    yield server
    server.stop()


# ---------------------------------------------------------------------------------------------------------
# The board: readers, the moderator, a superuser, a news bot and an article, built through the services.
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
def moderator_group(db):
    from moderation.admin.roles import moderator_group_sync

    # The migration made it; a transactional test before this one may have flushed it away.
    return moderator_group_sync()


@pytest.fixture
def moderator(moderator_group):
    """The one moderator of the tests, as the README has them: staff (to enter the admin) and a member of
    the Moderator group (its permissions); ``board.access.user_is_moderator`` holds for them."""
    from tests.factories import make_user

    user = make_user(display_name="Mod Mia", is_staff=True)
    user.groups.add(moderator_group)
    return user


@pytest.fixture
def superuser(db):
    from tests.factories import make_user

    return make_user(display_name="Root Rita", is_staff=True, is_superuser=True)


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def super_client(client, superuser):
    client.force_login(superuser)
    return client


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


@pytest.fixture
def run_tasks_on_commit(django_capture_on_commit_callbacks):
    """Tasks queued after commit run at once, in this process (Celery's eager mode), when the test's
    transaction would have committed: ``with run_tasks_on_commit(): ...``."""
    import contextlib

    from config.celery import app

    @contextlib.contextmanager
    def _run():
        previous = app.conf.task_always_eager
        app.conf.task_always_eager = True
        try:
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                yield callbacks
        finally:
            app.conf.task_always_eager = previous

    return _run


@pytest.fixture(autouse=True)
def _notifications_broker_fresh():
    """Each test starts with the notifications' broker backoff cleared (a test may have failed it)."""
    from board.services import notifications

    notifications._broker["down_until"] = 0.0
    yield
    notifications._broker["down_until"] = 0.0
