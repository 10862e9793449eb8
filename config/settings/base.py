"""Every setting of the project, with values from the environment (django-environ), one block per concern.

``local``, ``test`` and ``production`` only adjust what they must. Secrets have no production default.
https://docs.djangoproject.com/en/5.2/ref/settings/
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer may keep overrides in a .env file beside manage.py; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ---------------------------------------------------------------------------------------------------------
# Core
# https://docs.djangoproject.com/en/5.2/ref/settings/#core-settings
# ---------------------------------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
# Only local/test settings provide a default; production.py requires a real one.
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# ---------------------------------------------------------------------------------------------------------
# Apps, middleware and templates. ``moderation`` is built on ``board`` (docs/architecture.md).
# https://docs.djangoproject.com/en/5.2/ref/applications/
# ---------------------------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "config.apps.BoardAdminConfig",  # django.contrib.admin with our site (config/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "board",
    "moderation",
    # Swagger UI's files, served by us (no CDN, CSP 'self').
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "config.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # ETag and 304 for every GET (a response that already has an ETag, e.g. a cached one, keeps it), then
    # Cache-Control and Vary: they see the response after the session and CSRF middleware set cookies.
    "django.middleware.http.ConditionalGetMiddleware",
    "config.middleware.CacheHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.ApiNotFoundMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The bell's unread count (one indexed query, only on pages that show it).
                "board.web.context.notifications",
            ],
        },
    },
]

# ---------------------------------------------------------------------------------------------------------
# Database: PostgreSQL in production, a SQLite file beside manage.py as the embedded default.
# https://docs.djangoproject.com/en/5.2/ref/databases/
# ---------------------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the busy timeout instead of
    # failing with "database is locked" when a read lock is upgraded. WAL lets readers run beside a writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_TIMEOUT_SECONDS", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    # A request never waits more than this for a lock or a slow statement.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------------------------------------
# Accounts: the user model, sign-in by email or username, passwords, brute-force limits.
# https://docs.djangoproject.com/en/5.2/topics/auth/customizing/
# ---------------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "board.User"
AUTHENTICATION_BACKENDS = ["board.auth_backends.EmailOrUsernameBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute force: this many wrong passwords per account or per address within the window lock logins.
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=10)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# ---------------------------------------------------------------------------------------------------------
# Email: password reset links. EMAIL_URL as django-environ reads it (smtp+tls://user:pass@host:587,
# consolemail://). https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
# ---------------------------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="News board <no-reply@board.example>")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 60 * 60)

# ---------------------------------------------------------------------------------------------------------
# Internationalization and static files
# https://docs.djangoproject.com/en/5.2/topics/i18n/ and https://whitenoise.readthedocs.io/
# ---------------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# ---------------------------------------------------------------------------------------------------------
# Security headers, cookies and request size; the Content-Security-Policy (django-csp 4): no inline
# scripts, our own files only. https://django-csp.readthedocs.io/en/latest/configuration.html
# ---------------------------------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Cache-Control of anonymous answers (config/middleware.py): how long a shared cache in front (a CDN, nginx)
# may keep one, then serve it stale while it revalidates. Keep the sum within BOARD_ANON_CACHE_SECONDS.
HTTP_PUBLIC_MAX_AGE = env.int("HTTP_PUBLIC_MAX_AGE", default=1)
HTTP_PUBLIC_STALE_WHILE_REVALIDATE = env.int("HTTP_PUBLIC_STALE_WHILE_REVALIDATE", default=1)
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Readers may post large comments, but nothing near this (comments are capped at 5,000 characters).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)

# ---------------------------------------------------------------------------------------------------------
# Redis: the Celery broker and result backend (below), and the cache (django-redis).
# https://github.com/jazzband/django-redis
# ---------------------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            # The board keeps serving when Redis is down: cache misses instead of errors.
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
        "KEY_PREFIX": "board",
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# ---------------------------------------------------------------------------------------------------------
# Health check: how long /healthz waits for each dependency.
# ---------------------------------------------------------------------------------------------------------
HEALTHZ_TIMEOUT_SECONDS = env.float("HEALTHZ_TIMEOUT_SECONDS", default=1.5)

# ---------------------------------------------------------------------------------------------------------
# Logging: one JSON object per line on stdout; web lines carry the request id.
# https://docs.djangoproject.com/en/5.2/topics/logging/
# ---------------------------------------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "INFO"},
        "celery": {"level": "INFO"},
    },
}

# ---------------------------------------------------------------------------------------------------------
# Django REST framework and the OpenAPI schema.
# https://www.django-rest-framework.org/api-guide/settings/ and https://drf-spectacular.readthedocs.io/
# ---------------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "board.api.authentication.BearerOrTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only; malformed, too deeply nested or non-UTF-8-encodable bodies answer 400, never 500.
    "DEFAULT_PARSER_CLASSES": ["board.api.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "auth": env("THROTTLE_AUTH", default="10/min"),
        "comment_write": env("THROTTLE_COMMENT_WRITE", default="10/min"),
        "reaction_write": env("THROTTLE_REACTION_WRITE", default="60/min"),
        "reward_write": env("THROTTLE_REWARD_WRITE", default="30/min"),
        "report_write": env("THROTTLE_REPORT_WRITE", default="20/min"),
        "account_write": env("THROTTLE_ACCOUNT_WRITE", default="20/min"),
        "article_write": env("THROTTLE_ARTICLE_WRITE", default="60/min"),
        # Data exports (GET me/export/) and account deletion (DELETE me/, which checks a password).
        "account_export": env("THROTTLE_ACCOUNT_EXPORT", default="5/hour"),
        "account_delete": env("THROTTLE_ACCOUNT_DELETE", default="10/hour"),
        "appeal_write": env("THROTTLE_APPEAL_WRITE", default="5/min"),
        # Search (GET search/, the only throttled read): per account, and per address for anonymous callers
        # (a search box typed into is a few requests a minute; a scraper is hundreds).
        "search": env("THROTTLE_SEARCH", default="60/min"),
        "search_anonymous": env("THROTTLE_SEARCH_ANONYMOUS", default="30/min"),
    },
    "EXCEPTION_HANDLER": "board.api.exception_handler.api_exception_handler",
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%S.%fZ",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Throttles identify anonymous clients by address. With 0, DRF ignores X-Forwarded-For (which any client
    # can forge) and uses the socket's address; set it to the number of trusted proxies in front of us.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "News board API",
    "DESCRIPTION": "Articles, threaded comments, reactions, rewards and moderation for the mobile apps.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # An abstract and a translation move through the same three states: one enum in the schema; fields
    # named "status" with different choices: the appeal's gets its own component name.
    "ENUM_NAME_OVERRIDES": {
        "ProgressStatusEnum": ["pending", "ready", "failed"],
        "AppealStatusEnum": "moderation.models.AppealStatus",
    },
}

# ---------------------------------------------------------------------------------------------------------
# The board: readers, articles, comments, reactions, rewards (board/).
# ---------------------------------------------------------------------------------------------------------
BOARD_DISPLAY_NAME_PREFIX = env("BOARD_DISPLAY_NAME_PREFIX", default="User-")
BOARD_STARTING_POINTS = env.int("BOARD_STARTING_POINTS", default=100)
# Moderators (board.access.user_is_moderator): staff, superusers and the members of this group.
BOARD_MODERATOR_GROUP = env("BOARD_MODERATOR_GROUP", default="Moderator")
# The canonical origin of shared and disclaimer links, e.g. https://news.example.com; empty: the request's.
BOARD_SITE_URL = env("BOARD_SITE_URL", default="")
# Comments: a page of top-level comments (default and maximum ?page_size), the reply previews nested in it
# (the first N replies of each comment, down to DEPTH levels), and a hard cap on comments per response.
BOARD_COMMENT_PAGE_SIZE = env.int("BOARD_COMMENT_PAGE_SIZE", default=20)
BOARD_COMMENT_PAGE_SIZE_MAX = env.int("BOARD_COMMENT_PAGE_SIZE_MAX", default=100)
BOARD_REPLY_PREVIEW_COUNT = env.int("BOARD_REPLY_PREVIEW_COUNT", default=3)
BOARD_REPLY_PREVIEW_DEPTH = env.int("BOARD_REPLY_PREVIEW_DEPTH", default=3)
BOARD_MAX_COMMENTS_PER_RESPONSE = env.int("BOARD_MAX_COMMENTS_PER_RESPONSE", default=500)
# Anonymous hot reads (board/caching.py): the feed, article pages and the first API pages of comments are
# served from the cache to readers without a session, never older than this after a write commits (0: off).
BOARD_ANON_CACHE_SECONDS = env.float("BOARD_ANON_CACHE_SECONDS", default=2.0)
# How long a web process trusts its own copy of the cache's version tokens (board.caching.NearCache): another
# process's write is seen here at most this much later. 0: every hot read asks Redis.
BOARD_ANON_CACHE_LOCAL_SECONDS = env.float("BOARD_ANON_CACHE_LOCAL_SECONDS", default=0.25)
BOARD_ARTICLE_PAGE_SIZE = env.int("BOARD_ARTICLE_PAGE_SIZE", default=20)
BOARD_LEDGER_PAGE_SIZE = env.int("BOARD_LEDGER_PAGE_SIZE", default=20)
# Abstracts: longest abstract in characters (CJK text says more per character), and how long an article may
# stay `pending` before the periodic sweep queues its abstract again (the first enqueue may have been lost).
BOARD_ABSTRACT_MAX_CHARS = env.int("BOARD_ABSTRACT_MAX_CHARS", default=300)
BOARD_ABSTRACT_MAX_CHARS_CJK = env.int("BOARD_ABSTRACT_MAX_CHARS_CJK", default=150)
BOARD_ABSTRACT_SWEEP_AFTER_SECONDS = env.int("BOARD_ABSTRACT_SWEEP_AFTER_SECONDS", default=60)
BOARD_ABSTRACT_SWEEP_INTERVAL_SECONDS = env.float("BOARD_ABSTRACT_SWEEP_INTERVAL_SECONDS", default=60.0)
# The board's extension points (board/extensions.py): what the apps built on it plug in, by dotted path.
# Called with kind=, object_id=, revision= inside the transaction that writes a comment, quote or article.
BOARD_CONTENT_SUBMITTED_HOOKS = ["moderation.services.screening_request_create"]
# Throttle classes applied, beside the write's own scope, to writes of comments and repost quotes.
BOARD_WRITE_THROTTLES = ["moderation.throttles.TrustAwareWriteThrottle"]
# Called with user_id=, erased= inside the transaction that erases a reader's account (docs/privacy.md).
BOARD_ACCOUNT_ERASED_HOOKS = ["moderation.services.account_erased_anonymise"]
# Sections other apps add to a reader's data export: {name: dotted path of section(*, user)}.
BOARD_EXPORT_SECTIONS = {
    "reports": "moderation.exports.reports_section",
    "moderation_decisions": "moderation.exports.decisions_section",
}
# Data exports (docs/privacy.md): a one-time download link of a worker-built export stays valid this long;
# after it the payload is deleted by the purge (beat, every BOARD_EXPORT_PURGE_INTERVAL_SECONDS).
BOARD_EXPORT_LINK_TTL_SECONDS = env.int("BOARD_EXPORT_LINK_TTL_SECONDS", default=48 * 60 * 60)
BOARD_EXPORT_PURGE_INTERVAL_SECONDS = env.float("BOARD_EXPORT_PURGE_INTERVAL_SECONDS", default=60 * 60)

# ---------------------------------------------------------------------------------------------------------
# Translation: comments, repost quotes and articles in the reader's language (board/translation/).
# TRANSLATION_BACKEND: "none" (nothing is translated, nothing calls out) or "libretranslate" (a self-hosted
# LibreTranslate server at TRANSLATION_URL; https://docs.libretranslate.com/), or the dotted path of a class
# implementing board.translation.backends.TranslationBackend. Readers' reads never call the service: a task
# does, within TRANSLATION_BUDGET_PER_MINUTE calls a minute (all workers together, counted in the cache).
# ---------------------------------------------------------------------------------------------------------
TRANSLATION_BACKEND = env("TRANSLATION_BACKEND", default="none")
TRANSLATION_URL = env("TRANSLATION_URL", default="")
TRANSLATION_API_KEY = env("TRANSLATION_API_KEY", default="")
# Connecting and reading: a service slower than this counts as down for this attempt.
TRANSLATION_CONNECT_TIMEOUT_SECONDS = env.float("TRANSLATION_CONNECT_TIMEOUT_SECONDS", default=3.0)
TRANSLATION_TIMEOUT_SECONDS = env.float("TRANSLATION_TIMEOUT_SECONDS", default=15.0)
TRANSLATION_BUDGET_PER_MINUTE = env.int("TRANSLATION_BUDGET_PER_MINUTE", default=120)
# The languages readers may choose (?lang=, their profile, Accept-Language); ISO 639-1.
TRANSLATION_LANGUAGES = env.list(
    "TRANSLATION_LANGUAGES",
    default=["en", "zh", "ko", "ja", "vi", "tr", "ru", "es", "fr", "de", "pt", "id", "th", "ar", "hi", "it"],
)
# A failed translation is tried again after RETRY_BASE_SECONDS, doubling each time up to RETRY_MAX_SECONDS,
# MAX_ATTEMPTS times in all; then it stays failed until the text changes.
TRANSLATION_MAX_ATTEMPTS = env.int("TRANSLATION_MAX_ATTEMPTS", default=6)
TRANSLATION_RETRY_BASE_SECONDS = env.float("TRANSLATION_RETRY_BASE_SECONDS", default=30.0)
TRANSLATION_RETRY_MAX_SECONDS = env.float("TRANSLATION_RETRY_MAX_SECONDS", default=3600.0)
# The sweep (beat) queues translations that are due: retries, budget deferrals, and requests whose first
# task was lost (due SWEEP_AFTER seconds after the read that asked for them).
TRANSLATION_SWEEP_INTERVAL_SECONDS = env.float("TRANSLATION_SWEEP_INTERVAL_SECONDS", default=15.0)
TRANSLATION_SWEEP_AFTER_SECONDS = env.float("TRANSLATION_SWEEP_AFTER_SECONDS", default=60.0)

# Called as provider(kind=, object_ids=) -> {id: statement of reasons} for the author's own held or removed
# comments and quotes (empty: no statements shown).
BOARD_DECISION_PROVIDER = env("BOARD_DECISION_PROVIDER", default="moderation.services.decision_statements")

# ---------------------------------------------------------------------------------------------------------
# Notifications (board/services/notifications.py): the list, and the daily e-mail digest (through
# EMAIL_URL, above), sent by beat at BOARD_DIGEST_HOUR (site time), at most one mail a reader a day.
# ---------------------------------------------------------------------------------------------------------
BOARD_NOTIFICATION_PAGE_SIZE = env.int("BOARD_NOTIFICATION_PAGE_SIZE", default=20)
BOARD_DIGEST_HOUR = env.int("BOARD_DIGEST_HOUR", default=7)
# A digest lists at most this many of the unread notifications (newest first) and links to the rest.
BOARD_DIGEST_MAX_ITEMS = env.int("BOARD_DIGEST_MAX_ITEMS", default=20)

# ---------------------------------------------------------------------------------------------------------
# Moderation: the screening pipeline (outbox, sweep, retries), trust and the classifier model (moderation/).
# The policy and how the pipeline implements it: docs/moderation-policy.md.
# ---------------------------------------------------------------------------------------------------------
# The sweep (beat) re-queues screening requests left pending longer than MODERATION_SWEEP_AFTER_SECONDS and
# marks failed those that used up MODERATION_MAX_ATTEMPTS. The "after" period must exceed the hard task time
# limit, or a screening still running would be queued a second time (harmless, but wasted work).
MODERATION_SWEEP_INTERVAL_SECONDS = env.float("MODERATION_SWEEP_INTERVAL_SECONDS", default=30)
MODERATION_SWEEP_AFTER_SECONDS = env.float("MODERATION_SWEEP_AFTER_SECONDS", default=60)
# One sweep re-queues at most this many requests; at 30 s intervals that is 2,000 a minute, well above
# what a backlog after an outage needs (500 screenings drain in seconds once a worker runs).
MODERATION_SWEEP_BATCH = env.int("MODERATION_SWEEP_BATCH", default=1000)
MODERATION_MAX_ATTEMPTS = env.int("MODERATION_MAX_ATTEMPTS", default=3)
# Moderator-edited thresholds, watched words and the active model pointer are cached per process this long:
# an edit in the admin reaches every worker within a minute, without a restart.
MODERATION_CONFIG_TTL_SECONDS = env.float("MODERATION_CONFIG_TTL_SECONDS", default=30)
# Near-duplicates: compare with texts screened in the last N minutes, newest first, at most SCAN_LIMIT of
# them (5,000 SimHash comparisons take about 2 ms), and only texts long enough to be a campaign (short
# replies such as "great article, thanks" are written alike by honest readers).
MODERATION_DUPLICATE_WINDOW_MINUTES = env.int("MODERATION_DUPLICATE_WINDOW_MINUTES", default=60)
MODERATION_DUPLICATE_SCAN_LIMIT = env.int("MODERATION_DUPLICATE_SCAN_LIMIT", default=5000)
MODERATION_DUPLICATE_MIN_CHARS = env.int("MODERATION_DUPLICATE_MIN_CHARS", default=40)
# Defaults of the moderator-editable thresholds row (ModerationThresholds), used until a moderator edits it
# and by `moderation_classify`/`moderation_eval`.
MODERATION_DEFAULT_THRESHOLDS = {
    "spam_medium": env.float("MODERATION_SPAM_MEDIUM", default=0.5),
    "spam_high": env.float("MODERATION_SPAM_HIGH", default=0.85),
    "advice_medium": env.float("MODERATION_ADVICE_MEDIUM", default=0.5),
    "advice_high": env.float("MODERATION_ADVICE_HIGH", default=0.85),
    "reports_to_hide": env.int("MODERATION_REPORTS_TO_HIDE", default=3),
    "new_account_hold_count": env.int("MODERATION_NEW_ACCOUNT_HOLD_COUNT", default=3),
    "approvals_for_trust": env.int("MODERATION_APPROVALS_FOR_TRUST", default=3),
}
# After a spam removal (automatic or by a moderator) a trust-0 account posts at the "penalty" rate this long.
MODERATION_SPAM_PENALTY_HOURS = env.int("MODERATION_SPAM_PENALTY_HOURS", default=24)
# Write rates by trust tier for moderation.throttles.TrustAwareWriteThrottle.
MODERATION_THROTTLE_RATES = {
    "penalty": env("THROTTLE_TRUST_PENALTY", default="2/min"),
    "new": env("THROTTLE_TRUST_NEW", default="5/min"),
    "basic": env("THROTTLE_TRUST_BASIC", default="10/min"),
    "trusted": env("THROTTLE_TRUST_TRUSTED", default="30/min"),
}
# Models trained by `moderation_train` and the pointer to the active one (active.json); without a pointer
# the model shipped in moderation/classifier/artifacts/ is used.
MODERATION_MODEL_DIR = env.path("MODERATION_MODEL_DIR", default=BASE_DIR / ".state" / "moderation-models")
MODERATION_TRAIN_HOUR = env.int("MODERATION_TRAIN_HOUR", default=3)
# Appeals: an author may appeal a hold or removal this many days after it (the statement of reasons says
# until when); where another moderator is available, the one who made a decision does not decide its appeal.
MODERATION_APPEAL_WINDOW_DAYS = env.int("MODERATION_APPEAL_WINDOW_DAYS", default=14)
MODERATION_APPEAL_SEPARATE_DECIDER = env.bool("MODERATION_APPEAL_SEPARATE_DECIDER", default=True)

# ---------------------------------------------------------------------------------------------------------
# Celery: broker, acknowledgement, time limits and the beat schedule (the task convention: config/celery.py).
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# ---------------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = timedelta(hours=1)
CELERY_TIMEZONE = TIME_ZONE
# Each task says whether it is acknowledged late (only the idempotent ones are); those are redelivered
# after a worker crash.
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Screening a comment takes milliseconds; a minute means something is stuck.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=50)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60)
# The broker redelivers an unacknowledged task after this; it must exceed the hard time limit, or a slow
# task would run twice at once.
CELERY_BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    # Fail fast when Redis is down: the request still succeeds and the sweep re-queues later.
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "max_retries": 1,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis that answers but refuses writes (MISCONF: its disk full or a snapshot failed; OOM over maxmemory;
# READONLY after a failover) raises a redis ResponseError, one of the transport's channel errors, not its
# connection errors: without this the worker's consumer met it acknowledging a task, logged "Unrecoverable
# error" and exited (the soak, docs/reliability.md). With it the consumer handles channel errors as a lost
# connection: it reconnects (broker_connection_retry's policy) until Redis takes writes again. LOADING is a
# connection error already. Tested by tests/reliability/test_redis_refusals.py.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#broker-channel-error-retry
CELERY_BROKER_CHANNEL_ERROR_RETRY = True
# When Redis goes away mid-task, the unacknowledged task is redelivered rather than left in doubt.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html
CELERY_BEAT_SCHEDULE = {
    "moderation-sweep": {
        "task": "moderation.sweep",
        "schedule": MODERATION_SWEEP_INTERVAL_SECONDS,
        # A sweep that waited longer than one interval is superseded by the next one.
        "options": {"expires": MODERATION_SWEEP_INTERVAL_SECONDS},
    },
    "moderation-train-nightly": {
        "task": "moderation.train",
        "schedule": crontab(hour=MODERATION_TRAIN_HOUR, minute=17),
    },
    "board-abstracts-sweep": {
        "task": "board.abstracts_sweep",
        "schedule": BOARD_ABSTRACT_SWEEP_INTERVAL_SECONDS,
    },
    "board-account-exports-purge": {
        "task": "board.account_exports_purge",
        "schedule": BOARD_EXPORT_PURGE_INTERVAL_SECONDS,
    },
    "board-translations-sweep": {
        "task": "board.translations_sweep",
        "schedule": TRANSLATION_SWEEP_INTERVAL_SECONDS,
        "options": {"expires": TRANSLATION_SWEEP_INTERVAL_SECONDS},
    },
    # Once a day; the service also refuses a second mail the same day (a restarted beat, a manual run).
    "board-notifications-digest": {
        "task": "board.notifications_digest",
        "schedule": crontab(hour=BOARD_DIGEST_HOUR, minute=5),
    },
}
