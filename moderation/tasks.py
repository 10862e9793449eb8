"""Moderation's Celery tasks (the project's convention is in ``config/celery.py``).

``content_classify_task`` is idempotent (a screened revision is never screened twice), so it is
acknowledged late and redelivered if its worker dies; it retries only transient errors (database or
broker unreachable) with exponential backoff. Its attempts are counted in the outbox row before the work,
so a task that kills its process is given up after ``MODERATION_MAX_ATTEMPTS`` deliveries.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_init, worker_process_init
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    DatabaseOperationalError,
    DatabaseInterfaceError,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
)
MAX_RETRIES = 3
# Backoff 1, 2, 4 s (+ jitter), capped: a database restart is usually over within seconds; the sweep takes
# over for longer outages.
RETRY_BACKOFF_MAX_SECONDS = 30


@worker_init.connect
@worker_process_init.connect
def _load_model_in_worker(**_kwargs) -> None:
    """Load the active model when a pool process starts, so the first comment is not slowed by it.

    Loaded first in the worker's main process, before it forks its pool: a replacement pool process (after
    one was killed) then starts with the model already in memory. Loading it in the child alone took 4.6 s
    on a busy 2-core machine, past Celery's 4 s ``worker_proc_alive_timeout``, so the worker killed every
    replacement and never screened again.
    """
    try:
        from moderation.runtime import active_bundle

        active_bundle()
    except Exception:  # the task will try again and report properly
        logger.exception("moderation: could not preload the classifier model")


@worker_process_init.connect
def _build_encoder_in_pool_process(**_kwargs) -> None:
    """Build the sentence encoder in each pool process, after the fork, and report the classifier's blocks.

    In a thread, so the process reports itself alive to Celery at once: the build takes 2-3 s (longer on a
    busy machine), and ``worker_proc_alive_timeout`` is 4 s. A task arriving meanwhile waits on the
    encoder's lock rather than building a second one.
    """
    import threading

    from moderation.runtime import classifier_status_publish

    threading.Thread(target=classifier_status_publish, name="encoder-build", daemon=True).start()


@shared_task(
    name="moderation.content_classify",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
    ignore_result=True,
)
def content_classify_task(kind: str, object_id: int, revision: int) -> str:
    """Screen one revision of one piece of content (see ``moderation.services.content_screen``)."""
    from moderation import services

    if not services.screening_attempt_start(kind=kind, object_id=object_id, revision=revision):
        return "skipped"
    try:
        classification = services.content_screen(kind=kind, object_id=object_id, revision=revision)
    except Exception as exc:
        try:
            services.screening_error_record(
                kind=kind, object_id=object_id, revision=revision, error=f"{type(exc).__name__}: {exc}"
            )
        except Exception:  # the database itself may be what failed
            logger.warning("moderation: could not record the error of %s %s r%s", kind, object_id, revision)
        raise
    return "screened" if classification is not None else "unchanged"


@shared_task(name="moderation.sweep", acks_late=True, ignore_result=True)
def moderation_sweep_task() -> dict:
    """Re-queue screenings the broker lost and fail those out of attempts (beat, every
    ``MODERATION_SWEEP_INTERVAL_SECONDS``). Safe to run twice: it only queues what is still pending."""
    from moderation.services import screening_sweep

    return screening_sweep()


# Training takes about 15 s on the repo corpus. The limits stay below the broker's visibility timeout (300 s)
# so a slow run is never handed to a second worker. Not acknowledged late (acked when it starts): a run lost
# with its worker is simply repeated the next night.
@shared_task(
    name="moderation.train", acks_late=False, ignore_result=True, time_limit=240, soft_time_limit=220
)
def moderation_train_task() -> dict:
    """Retrain from the corpus and moderators' decisions; activate only if not worse (beat, nightly)."""
    from moderation.services import model_train

    result = model_train()
    return {key: result[key] for key in ("activated", "same_as_active", "examples_from_decisions", "worse")}
