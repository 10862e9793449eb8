"""The board's Celery tasks (the project's convention is in ``config/celery.py``).

``article_abstract_generate_task`` is queued after an article's commit (``services.article_publish``);
``abstracts_sweep_task`` runs from beat (``CELERY_BEAT_SCHEDULE``) and queues again what is still pending,
so a lost message (Redis down at publish time, a worker killed) only delays an abstract.

``content_translate_task`` is queued after a read asked for a missing translation
(``services.translations_request``); ``translations_sweep_task`` (beat) queues again what failed (after its
backoff), waited for the next minute's budget, or was lost.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

logger = logging.getLogger(__name__)

# Transient: the database was briefly unreachable or a lock wait timed out. Anything else is a bug or bad
# data, which retrying will not fix.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
ABSTRACT_MAX_RETRIES = 3
# Backoff 2 s, 4 s, 8 s: long enough for a database failover, short enough for readers waiting on the page.
ABSTRACT_RETRY_BASE_SECONDS = 2
# One sweep queues at most this many articles; the next sweep takes the rest.
SWEEP_BATCH = 500


@shared_task(
    name="board.article_abstract_generate",
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=ABSTRACT_RETRY_BASE_SECONDS,
    retry_jitter=False,
    max_retries=ABSTRACT_MAX_RETRIES,
    acks_late=True,
    ignore_result=True,
)
def article_abstract_generate_task(self, article_id: int) -> str:
    """Write an article's abstract: ``pending`` becomes ``ready``, or ``failed`` after the last retry of a
    transient error (or at once on any other error). Returns the status, or "missing".

    Idempotent, so acknowledged late: an abstract already ready is left alone.
    """
    from board.services import article_abstract_generate, article_abstract_mark_failed

    try:
        article = article_abstract_generate(article_id=article_id)
    except TRANSIENT_ERRORS:
        if self.request.retries < self.max_retries:
            raise  # retried by ``autoretry_for``, after the backoff
        article_abstract_mark_failed(article_id=article_id)
        logger.warning("abstract failed after retries", extra={"article_id": article_id})
        return "failed"
    except Exception:
        article_abstract_mark_failed(article_id=article_id)
        logger.exception("abstract failed", extra={"article_id": article_id})
        return "failed"
    return "missing" if article is None else article.abstract_status


@shared_task(name="board.abstracts_sweep", acks_late=True, ignore_result=True)
def abstracts_sweep_task() -> int:
    """Queue the abstract of every article pending for longer than ``BOARD_ABSTRACT_SWEEP_AFTER_SECONDS``
    (at most ``SWEEP_BATCH``); returns how many. Safe to run twice: a queued abstract is written once."""
    from board.models import AbstractStatus, Article

    cutoff = timezone.now() - timedelta(seconds=settings.BOARD_ABSTRACT_SWEEP_AFTER_SECONDS)
    ids = list(
        Article.objects.filter(abstract_status=AbstractStatus.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for article_id in ids:
        article_abstract_generate_task.delay(article_id)
    return len(ids)


# Exports of large accounts: a few seconds of SQL and JSON; generous limits above the default minute.
EXPORT_SOFT_TIME_LIMIT_SECONDS = 10 * 60
EXPORT_TIME_LIMIT_SECONDS = EXPORT_SOFT_TIME_LIMIT_SECONDS + 60
EXPORT_MAX_RETRIES = 3
EXPORT_RETRY_BASE_SECONDS = 5


@shared_task(
    name="board.account_export_build",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=EXPORT_RETRY_BASE_SECONDS,
    max_retries=EXPORT_MAX_RETRIES,
    acks_late=True,
    ignore_result=True,
    soft_time_limit=EXPORT_SOFT_TIME_LIMIT_SECONDS,
    time_limit=EXPORT_TIME_LIMIT_SECONDS,
)
def account_export_build_task(export_id: int, site_url: str) -> str:
    """Build a reader's data export and mail its link; returns its status, or "missing".

    Idempotent (an export no longer pending is left alone), so acknowledged late."""
    from board.services import account_export_build

    export = account_export_build(export_id=export_id, site_url=site_url)
    return "missing" if export is None else export.status


@shared_task(name="board.account_exports_purge", acks_late=True, ignore_result=True)
def account_exports_purge_task() -> dict:
    """Beat: delete the payload of expired exports and queue again the builds left pending. Idempotent."""
    from board.services import account_exports_purge

    return account_exports_purge(site_url=settings.BOARD_SITE_URL or "http://127.0.0.1:8000")


@shared_task(
    name="board.content_translate",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=ABSTRACT_RETRY_BASE_SECONDS,
    retry_jitter=False,
    max_retries=ABSTRACT_MAX_RETRIES,
    acks_late=True,
    ignore_result=True,
)
def content_translate_task(kind: str, object_id: int, revision: int, language: str) -> str:
    """Translate one revision of a comment, quote or article into ``language`` (``translation_perform``).

    Idempotent, so acknowledged late: a translation already ready, or claimed by another task, is left
    alone. The service's own failures are not retried here: the row says ``failed`` and the sweep queues it
    again after its backoff; only the database's transient errors are retried by Celery.
    """
    from board.services import translation_perform

    return translation_perform(kind=kind, object_id=object_id, revision=revision, language=language)


@shared_task(name="board.translations_sweep", acks_late=True, ignore_result=True)
def translations_sweep_task() -> int:
    """Queue the translations that are due (``translations_sweep``); safe to run twice."""
    from board.services import translations_sweep

    return translations_sweep()


# ---------------------------------------------------------------------------------------------------------
# Notifications: queued after commit by the services (board.services.notifications). Each is idempotent (an
# event notifies each reader once), so acknowledged late and retried on transient errors only.
# ---------------------------------------------------------------------------------------------------------
NOTIFY_MAX_RETRIES = 3
NOTIFY_RETRY_BACKOFF_MAX_SECONDS = 30
_NOTIFY_OPTIONS = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": NOTIFY_RETRY_BACKOFF_MAX_SECONDS,
    "retry_jitter": True,
    "max_retries": NOTIFY_MAX_RETRIES,
    "acks_late": True,
    "ignore_result": True,
}
# One digest run sends at most this many mails; the next run (beat, hourly) takes the rest of the day's.
DIGEST_BATCH = 500


@shared_task(name="board.comment_published_notify", **_NOTIFY_OPTIONS)
def comment_published_notify_task(comment_id: int) -> dict:
    """A comment became visible: its ``reply`` and ``mention`` notifications."""
    from board.services import comment_published_notify

    return comment_published_notify(comment_id=comment_id)


@shared_task(name="board.reward_notify", **_NOTIFY_OPTIONS)
def reward_notify_task(reward_id: int) -> bool:
    from board.services import reward_notify

    return reward_notify(reward_id=reward_id)


@shared_task(name="board.notification_record", **_NOTIFY_OPTIONS)
def notification_record_task(**kwargs) -> bool:
    """A notification an app built on the board asked for (``board.services.notification_enqueue``)."""
    from board.services import notification_record

    return notification_record(**kwargs) is not None


@shared_task(name="board.notifications_digest", acks_late=False, ignore_result=True)
def notifications_digest_task() -> int:
    """Send the day's e-mail digests that are due (beat). Not acknowledged late: each reader's day is
    claimed before their mail is sent, so a lost run is simply taken by the next one."""
    from board.services import notification_digest_send
    from board.services.notifications import digest_due_user_ids

    now = timezone.now()
    sent = 0
    for user_id in digest_due_user_ids(now=now, limit=DIGEST_BATCH):
        try:
            sent += notification_digest_send(user_id=user_id, now=now) > 0
        except Exception:  # one reader's mail server trouble must not stop the others'
            logger.exception("digest not sent", extra={"user_id": user_id})
    return sent
