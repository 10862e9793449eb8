"""Test settings: speed only, plus short periods so fault and timing tests wait seconds, not minutes."""

import os
import tempfile

# Moderation's sweep runs every 2 s and takes requests pending 5 s, so outbox tests wait seconds, not
# minutes. Set as environment defaults before base.py reads them, so the beat schedule it builds uses them;
# the environment still wins, so a test can hand other values to its worker and beat processes.
os.environ.setdefault("MODERATION_SWEEP_INTERVAL_SECONDS", "2")
os.environ.setdefault("MODERATION_SWEEP_AFTER_SECONDS", "5")
# Anonymous hot reads are off: most tests write and read back inside one transaction that never commits,
# so no version would move. tests/board/test_hot_reads.py turns them on with committed writes.
os.environ.setdefault("BOARD_ANON_CACHE_SECONDS", "0")


# pytest-xdist's name for this test process (gw0, gw1...), empty outside it.
_TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "")
_REDIS_CHOSEN_MARKER = "TEST_REDIS_DATABASE_CHOSEN"
# Under pytest-xdist each test process takes a Redis database of its own (gw0 -> 1, gw1 -> 2...), so the
# Celery workers one process starts never take another's tasks. Its child processes inherit the rewritten
# URL and the marker, so they use what they are handed (a fault test's private Redis included) as it is.
if _TEST_PROCESS and not os.environ.get(_REDIS_CHOSEN_MARKER):
    _redis_server = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rpartition("/")[0]
    os.environ["REDIS_URL"] = f"{_redis_server}/{1 + int(_TEST_PROCESS.removeprefix('gw'))}"
    os.environ[_REDIS_CHOSEN_MARKER] = "1"

# After the environment above is settled, which base.py reads.
from .base import *  # noqa: E402
from .base import DATABASES, REST_FRAMEWORK, Path, env  # noqa: E402

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-only-not-secret-8a4c1e7b3d9f2a6c5e8b1d4f7a0c3e6b9d2f5a8c")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each concurrent test run (make test, a developer's run beside it) may name its own test database.
if env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
# Generous limits; throttling tests override the rates they exercise.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "10000/min"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not pytest-django's in-memory default, so that worker processes can share it.
    DATABASES["default"]["TEST"] = {
        "NAME": env("TEST_DATABASE_NAME", default=str(DATABASES["default"]["NAME"]) + ".test")
    }

# Folders below are this test process's own: one per pytest-xdist worker.
# Trained models kept out of the repo.
MODERATION_MODEL_DIR = env.path(
    "MODERATION_MODEL_DIR",
    default=str(Path(tempfile.gettempdir()) / f"newsboard-test-moderation-models{_TEST_PROCESS}"),
)
# Trust tiers limit writes per account; tests that exercise them set their own rates.
MODERATION_THROTTLE_RATES = dict.fromkeys(("penalty", "new", "basic", "trusted"), "10000/min")

# The demo board is a local-settings app; tests load it too, with the moderator's password kept in a
# temporary folder rather than the worktree's .state/ (tests that check the file pass their own).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
DEMO_STATE_DIR = env.path(
    "DEMO_STATE_DIR", default=str(Path(tempfile.gettempdir()) / f"newsboard-test-demo{_TEST_PROCESS}")
)
