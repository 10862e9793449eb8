"""Fixtures of the abuse and bad-input battery."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle and login-failure counts live in the (per-process) cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
