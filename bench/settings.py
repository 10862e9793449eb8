"""Settings for the benchmark: the test settings (MD5 hasher, plain static storage) with every write limit
lifted, so that timing loops measure the code and not the throttle, and Redis as the cache, as in production.
Anonymous hot reads are off as in the tests (the in-process measures time the views); ``bench/run.py``
turns them on for the servers it loads with ``BOARD_ANON_CACHE_SECONDS``.

The database comes from ``DATABASE_URL`` and the broker from ``REDIS_URL`` as everywhere else;
``bench/run.py`` points them at the services it starts.
"""

from config.settings.test import *  # noqa: F403 - these settings extend the test settings
from config.settings.test import MODERATION_THROTTLE_RATES, REDIS_URL, REST_FRAMEWORK

DEBUG = False
ALLOWED_HOSTS = ["*"]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000000/min"),
}
MODERATION_THROTTLE_RATES = dict.fromkeys(MODERATION_THROTTLE_RATES, "1000000/min")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "IGNORE_EXCEPTIONS": True},
        "KEY_PREFIX": "board",
    }
}
ROOT_URLCONF = "bench.urls"
