"""The Celery application: configured from Django settings (namespace ``CELERY_``), tasks autodiscovered.

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
