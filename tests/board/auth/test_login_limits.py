"""Every login path goes through the backend: after too many failures it refuses even the right password."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from board.services import user_create

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def login(username, password, ip="10.0.0.1", forwarded_for=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().post("/accounts/login/", **extra)
    return authenticate(request, username=username, password=password), request


def test_email_or_username_logs_in():
    user = user_create(email="Ann@Example.org", password="a-long-passphrase")

    assert login("ann@example.org", "a-long-passphrase")[0] == user
    assert login(user.username, "a-long-passphrase")[0] == user
    assert login("ann@example.org", "wrong")[0] is None


def test_locked_after_max_failures_even_with_the_right_password(settings):
    settings.LOGIN_MAX_FAILURES = 10
    user_create(email="bob@example.org", password="a-long-passphrase")
    for attempt in range(10):
        # A spoofed X-Forwarded-For changes nothing: only the socket address and the account count.
        assert login("bob@example.org", "wrong", forwarded_for=f"203.0.113.{attempt}")[0] is None

    user, request = login("bob@example.org", "a-long-passphrase", ip="10.9.9.9")

    assert user is None
    assert request.login_locked is True


def test_a_success_before_the_limit_clears_the_account_count(settings):
    settings.LOGIN_MAX_FAILURES = 3
    user = user_create(email="cy@example.org", password="a-long-passphrase")
    login("cy@example.org", "wrong", ip="10.0.0.2")
    login("cy@example.org", "wrong", ip="10.0.0.3")
    assert login("cy@example.org", "a-long-passphrase", ip="10.0.0.4")[0] == user

    login("cy@example.org", "wrong", ip="10.0.0.5")
    login("cy@example.org", "wrong", ip="10.0.0.6")

    assert login("cy@example.org", "a-long-passphrase", ip="10.0.0.7")[0] == user


def test_many_accounts_from_one_address_lock_that_address(settings):
    settings.LOGIN_MAX_FAILURES = 5
    user_create(email="dee@example.org", password="a-long-passphrase")
    for index in range(5):
        login(f"nobody{index}@example.org", "guess", ip="198.51.100.7")

    assert login("dee@example.org", "a-long-passphrase", ip="198.51.100.7")[0] is None
    assert login("dee@example.org", "a-long-passphrase", ip="198.51.100.8")[0] is not None
