"""``GET /healthz``: the state of the database, Redis and the Celery workers, for operators and probes."""

from concurrent.futures import ThreadPoolExecutor

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is the answer, not an error of the probe
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_redis() -> dict:
    timeout = settings.HEALTHZ_TIMEOUT_SECONDS
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        client.ping()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True}


def check_workers() -> dict:
    try:
        # limit=1: answer as soon as one worker replies instead of waiting out the timeout for all of them.
        replies = celery_app.control.ping(timeout=settings.HEALTHZ_TIMEOUT_SECONDS, limit=1) or []
    except Exception as exc:
        return {"ok": False, "workers": 0, "error": exc.__class__.__name__}
    names = sorted(name for reply in replies for name in reply)
    return {"ok": bool(names), "workers": len(names), "names": names}


def check_classifier() -> dict:
    """What the screening workers last reported of their classifier blocks. A missing block degrades the
    verdicts (screening goes on with the others), so it is reported but does not fail the probe."""
    from moderation.runtime import classifier_status_published

    status = classifier_status_published()
    if status is None:
        return {"ok": True, "reported": False, "degraded": []}
    degraded = sorted(name for name, block in status["blocks"].items() if not block["ok"])
    return {
        "ok": True,
        "reported": True,
        "degraded": degraded,
        "model_version": status["model_version"],
        "blocks": status["blocks"],
    }


@never_cache
@require_GET
def healthz(request):
    # The broker checks wait on the network: run them beside the database check (which must stay on this
    # thread, as Django connections are per thread).
    with ThreadPoolExecutor(max_workers=2) as pool:
        redis_future = pool.submit(check_redis)
        redis_state = redis_future.result()
        workers_future = pool.submit(check_workers) if redis_state["ok"] else None
        database_state = check_database()
        workers_state = (
            workers_future.result() if workers_future else {"ok": False, "workers": 0, "error": "RedisDown"}
        )
    checks = {"database": database_state, "redis": redis_state, "worker": workers_state}
    healthy = all(check["ok"] for check in checks.values())
    checks["classifier"] = check_classifier()
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)
