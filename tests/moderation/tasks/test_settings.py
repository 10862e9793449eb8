"""Moderation's production defaults: the sweep never re-queues a screening that may still be running."""

import subprocess
import sys

from tests.support.processes import PROJECT_DIR

PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.MODERATION_SWEEP_INTERVAL_SECONDS, s.MODERATION_SWEEP_AFTER_SECONDS, s.CELERY_TASK_TIME_LIMIT, "
    "s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], s.MODERATION_MAX_ATTEMPTS, "
    "s.MODERATION_CONFIG_TTL_SECONDS, s.CELERY_BEAT_SCHEDULE['moderation-sweep']['schedule'])"
)


def test_production_periods():
    result = subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=PROJECT_DIR,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.local", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    interval, after, hard_limit, visibility, attempts, ttl, schedule = (
        float(v) for v in result.stdout.split()
    )

    assert (interval, after, attempts, ttl) == (30, 60, 3, 30)
    assert schedule == interval
    # A sweep re-queues only what has waited longer than any screening may run.
    assert after >= hard_limit and visibility > hard_limit
    # Admin edits reach workers within a minute.
    assert ttl <= 60
