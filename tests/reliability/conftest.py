"""Fixtures of the fault and race battery: a private Redis that tests may stop and kill, Celery worker and beat
processes bound to it and to the test database, readers with API clients, and a bounded waiting helper."""

import time
from collections.abc import Callable

import pytest


@pytest.fixture(autouse=True)
def _generous_write_rates(settings):
    """Races and floods post hundreds of writes a second from one account: no throttle may answer them."""
    settings.MODERATION_THROTTLE_RATES = dict.fromkeys(settings.MODERATION_THROTTLE_RATES, "1000000/min")
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def private_redis(tmp_path):
    """A ``redis-server`` of our own (scripts/redis.conf: append-only, noeviction) on a free port; this
    process's Celery app publishes to it for the test. Killed at the end."""
    from tests.support.services import RedisServer, celery_app_on

    server = RedisServer(tmp_path / "redis").start()
    with celery_app_on(server.url):
        yield server
    server.kill()


@pytest.fixture
def fault_env(private_redis) -> dict[str, str]:
    """Environment for worker and beat processes: the private Redis as broker, result backend and cache."""
    return {
        "REDIS_URL": private_redis.url,
        "CELERY_BROKER_URL": private_redis.url,
        "CELERY_RESULT_BACKEND": private_redis.url,
    }


@pytest.fixture
def processes():
    """Start worker and beat processes through this list; every one still running is stopped at the end."""
    started: list = []
    yield started
    for process in reversed(started):
        process.stop()


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.1) -> float:
    """Poll ``predicate`` until it is true; return the seconds it took. Fails the test after ``timeout``."""
    start = time.monotonic()
    deadline = start + timeout
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


@pytest.fixture
def poster(db):
    """A trusted reader (past the new-account hold), an article, and ``post(body)`` through the API."""
    from moderation.services import user_trust_set
    from tests.factories import client_for, make_article, make_user

    user = make_user(display_name="Poster Pat")
    user_trust_set(user=user, trust_level=2, actor_label="test")
    article = make_article()
    client = client_for(user)

    class Poster:
        def __init__(self):
            self.user, self.article, self.client = user, article, client

        def post(self, body: str):
            return client.post(f"/api/v1/articles/{article.pk}/comments/", {"body": body}, format="json")

    return Poster()
