"""Fault injection for the fault battery (``tests/reliability``), never loaded by the project itself.

The fault tests start their workers with ``celery -A tests.support.faults worker`` (``start_worker(...,
app=FAULTS_APP)``): the project's Celery app, plus, in each pool process, a wrapper around screening's
classification step (``moderation.services.screening._screening_run``), read from the environment:

- ``FAULT_SCREENING_DELAY_SECONDS``: each screening sleeps this long first, so a test can kill the pool
  process mid-task (while it holds the outbox row's lock);
- ``FAULT_SCREENING_CRASH_MARKER``: a text holding it ends the process that screens it (``os._exit``), a
  "poison" comment.
"""

import os
import time

from celery.signals import worker_process_init

from config.celery import app

__all__ = ["app"]

DELAY_ENV = "FAULT_SCREENING_DELAY_SECONDS"
CRASH_MARKER_ENV = "FAULT_SCREENING_CRASH_MARKER"


@worker_process_init.connect
def _install(**_kwargs) -> None:
    from moderation.content import content_text
    from moderation.services import screening

    delay = float(os.environ.get(DELAY_ENV) or 0)
    marker = os.environ.get(CRASH_MARKER_ENV, "")
    classify = screening._screening_run

    def faulty(kind, object_id, content):
        if delay:
            time.sleep(delay)
        if marker and marker in content_text(kind, content):
            os._exit(1)
        return classify(kind, object_id, content)

    screening._screening_run = faulty
