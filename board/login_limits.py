"""Brute-force protection shared by every login path (site form, admin, API token).

Failures are counted per account name and per client address (``REMOTE_ADDR`` only: a client can forge
``X-Forwarded-For``, not the socket's address; behind a proxy, set the proxy to overwrite REMOTE_ADDR).
Past ``LOGIN_MAX_FAILURES`` within ``LOGIN_FAILURE_WINDOW_SECONDS`` the login is refused, even with the
right password, until the window ends. Counts live in the cache (Redis in production).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(*, username: str | None, ip_address: str | None) -> list[str]:
    keys = []
    if username:
        digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
        keys.append(f"login-failures:user:{digest}")
    if ip_address:
        keys.append(f"login-failures:ip:{ip_address}")
    return keys


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def login_is_locked(*, username: str | None, ip_address: str | None) -> bool:
    limit = settings.LOGIN_MAX_FAILURES
    counts = cache.get_many(_keys(username=username, ip_address=ip_address))
    return any(count >= limit for count in counts.values())


def login_failure_record(*, username: str | None, ip_address: str | None) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in _keys(username=username, ip_address=ip_address):
        # add() starts the window on the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=window)


def login_failures_clear(*, username: str | None) -> None:
    cache.delete_many(_keys(username=username, ip_address=None))
