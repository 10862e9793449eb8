"""The Celery application: configured from Django settings (namespace ``CELERY_``), tasks autodiscovered.

The project's one convention for tasks (``board/tasks.py``, ``moderation/tasks.py``):

- a task is named explicitly, ``name="<app>.<verb>"``, and its function ``<verb>_task``; it takes ids
  (plus a revision where content changes), fetches, and calls one service;
- it retries only the errors it lists as transient, declaratively (``autoretry_for``, ``retry_backoff``,
  ``max_retries``, module constants); any other error is a bug or bad data that a retry would not fix;
- it says whether it is acknowledged late: ``acks_late=True`` only for a task that is safe to run twice
  (``CELERY_TASK_ACKS_LATE`` stays off, so a new task is not redelivered by accident);
- results are ignored (``ignore_result=True``) unless a caller reads them; callers queue tasks after commit.

Routes, time limits and the beat schedule are in ``config/settings/base.py``.
https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("newsboard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.ping")
def ping() -> str:
    """Round-trip probe used by the health check's tests and by operators."""
    return "pong"
