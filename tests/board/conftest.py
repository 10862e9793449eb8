import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle and login-failure counts live in the (per-process) cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
