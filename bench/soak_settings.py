"""Settings for the soak (``bench/soak.py``): the benchmark's (write limits lifted) with Redis as the cache,
as in production, so that Redis faults reach the requests the way they would there (django-redis ignores
its errors: a cache miss, not a failed request)."""

from bench.settings import *  # noqa: F403 - these settings extend the benchmark's
from config.settings import base

CACHES = base.CACHES
