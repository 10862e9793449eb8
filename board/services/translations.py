"""Translations: asking for them (a read found one missing), doing one (the task), dropping them when the
text changes, and the sweep that retries what failed or was lost (``board.translation`` has the picture).

Idempotency. A translation is one row per (kind, content, revision, target language), so repeated and
concurrent requests ask once. ``translation_perform`` claims the row for the length of one call to the
service (``claimed_until``) instead of holding a database lock across it; a second task for the same row
finds it claimed or ready and returns. Every write after the call is conditional on the row still being
there (an edit deletes it meanwhile).
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from board.caching import article_changed
from board.models import (
    AbstractStatus,
    Article,
    Comment,
    ContentTranslation,
    Repost,
    TextKind,
    TranslationStatus,
)
from board.text import markdown_to_text
from board.translation.backends import TranslationError, translation_backend

logger = logging.getLogger(__name__)

_MODELS = {TextKind.COMMENT: Comment, TextKind.REPOST: Repost, TextKind.ARTICLE: Article}
# After a failed hand-off to the broker this process does not try again for this long: each attempt with
# Redis down costs a reader's request about 2 s (as for screening). The sweep queues what was skipped.
BROKER_BACKOFF_SECONDS = 5.0
_broker = {"down_until": 0.0}
# One sweep queues at most this many translations; the next sweep takes the rest.
SWEEP_BATCH = 500
# A claim outlives one call to the service (connect + read timeouts) by this margin.
CLAIM_MARGIN_SECONDS = 5.0


def _enqueue(keys: list[tuple[str, int, int, str]]) -> None:
    from board.tasks import content_translate_task  # the tasks module imports these services

    if time.monotonic() < _broker["down_until"]:
        return
    for key in keys:
        try:
            # retry=False: fail fast rather than hold a reader's request; the sweep is the retry.
            content_translate_task.apply_async(key, retry=False)
        except (BrokerError, ConnectionError, OSError) as exc:
            _broker["down_until"] = time.monotonic() + BROKER_BACKOFF_SECONDS
            logger.warning("translation not queued; the sweep will: %s", exc)
            return


@transaction.atomic(savepoint=False)
def translations_request(*, kind: str, contents: list, language: str) -> None:
    """Ask for the translation into ``language`` of the current revision of each of ``contents`` (one
    ``kind``): a pending row each (one insert; rows that exist are left alone), and the tasks queued once
    this commits. The sweep queues them again if the broker loses them."""
    due = timezone.now() + timedelta(seconds=settings.TRANSLATION_SWEEP_AFTER_SECONDS)
    rows = [
        ContentTranslation(
            content_kind=kind,
            object_id=content.pk,
            revision=content.revision,
            target_language=language,
            source_language=content.language,
            due_at=due,
        )
        for content in contents
    ]
    ContentTranslation.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [(kind, row.object_id, row.revision, language) for row in rows]
    transaction.on_commit(lambda: _enqueue(keys), robust=True)


def translations_drop(*, kind: str, object_id: int) -> int:
    """Delete every translation of a content whose text changed or went away (inside the caller's
    transaction). One query; returns how many."""
    deleted, _ = ContentTranslation.objects.filter(content_kind=kind, object_id=object_id).delete()
    return deleted


def _budget_take() -> bool:
    """One call to the service out of this minute's ``TRANSLATION_BUDGET_PER_MINUTE`` (shared by every
    worker through the cache); False when the minute's budget is spent."""
    key = f"translation-budget:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, 1, timeout=120)
        used = 1
    # None: the cache is down (django-redis ignoring errors); then so is the broker, and little runs.
    return used is None or used <= settings.TRANSLATION_BUDGET_PER_MINUTE


def _texts(kind: str, content) -> list[str]:
    if kind == TextKind.COMMENT:
        return [content.body]
    if kind == TextKind.REPOST:
        return [content.quote]
    abstract = content.abstract if content.abstract_status == AbstractStatus.READY else ""
    return [content.title, abstract, content.body]


def _content_current(row: ContentTranslation):
    """The content at the row's revision with text to translate, or None (gone, edited, deleted)."""
    content = _MODELS[row.content_kind].objects.filter(pk=row.object_id).first()
    if content is None or content.revision != row.revision:
        return None
    if row.content_kind == TextKind.COMMENT and content.is_deleted:
        return None
    if not any(text.strip() for text in _texts(row.content_kind, content)):
        return None
    return content


def _backoff(attempts: int) -> float:
    return min(
        settings.TRANSLATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0),
        settings.TRANSLATION_RETRY_MAX_SECONDS,
    )


def _translate(kind: str, content, row: ContentTranslation) -> dict[str, str]:
    texts = _texts(kind, content)
    # Only texts with words go to the service; an article's Markdown goes as its plain text.
    if kind == TextKind.ARTICLE:
        texts[2] = markdown_to_text(texts[2])
    indexes = [index for index, text in enumerate(texts) if text.strip()]
    translated = translation_backend().translate(
        [texts[index] for index in indexes], source=row.source_language, target=row.target_language
    )
    result = [""] * len(texts)
    for index, text in zip(indexes, translated, strict=True):
        result[index] = text
    if kind == TextKind.ARTICLE:
        return {"title": result[0], "abstract": result[1], "text": result[2]}
    return {"text": result[0]}


def translation_perform(*, kind: str, object_id: int, revision: int, language: str) -> str:
    """Translate one row (the task). Returns what happened: ``ready``, ``failed`` (retried later when the
    error is transient, until ``TRANSLATION_MAX_ATTEMPTS``), ``deferred`` (this minute's budget is spent;
    the sweep queues it when the next minute starts), ``dropped`` (the text changed or went away),
    ``busy`` (another task holds it) or ``missing``.

    No transaction is held during the call to the service.
    """
    row = ContentTranslation.objects.filter(
        content_kind=kind, object_id=object_id, revision=revision, target_language=language
    ).first()
    if row is None:
        return "missing"
    if row.status == TranslationStatus.READY:
        return "ready"
    now = timezone.now()
    claim = now + timedelta(
        seconds=settings.TRANSLATION_CONNECT_TIMEOUT_SECONDS
        + settings.TRANSLATION_TIMEOUT_SECONDS * 2
        + CLAIM_MARGIN_SECONDS
    )
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    mine = ContentTranslation.objects.filter(pk=row.pk).exclude(status=TranslationStatus.READY)
    if not mine.filter(free).update(claimed_until=claim):
        return "busy"
    content = _content_current(row)
    if content is None:
        mine.delete()
        return "dropped"
    if not _budget_take():
        next_minute = (int(time.time() // 60) + 1) * 60
        mine.update(claimed_until=None, due_at=datetime.fromtimestamp(next_minute, tz=UTC))
        return "deferred"
    try:
        fields = _translate(kind, content, row)
    except TranslationError as exc:
        attempts = row.attempts + 1
        retry = exc.transient and attempts < settings.TRANSLATION_MAX_ATTEMPTS
        mine.update(
            status=TranslationStatus.FAILED,
            attempts=attempts,
            last_error=str(exc)[:500],
            claimed_until=None,
            due_at=timezone.now() + timedelta(seconds=_backoff(attempts)) if retry else None,
        )
        article_changed(content.pk if kind == TextKind.ARTICLE else content.article_id)
        logger.warning(
            "translation failed",
            extra={"kind": kind, "object_id": object_id, "language": language, "error": str(exc)[:200]},
        )
        return "failed"
    mine.update(
        **fields,
        status=TranslationStatus.READY,
        attempts=row.attempts + 1,
        last_error="",
        claimed_until=None,
        due_at=None,
        translated_at=timezone.now(),
    )
    article_changed(content.pk if kind == TextKind.ARTICLE else content.article_id)
    return "ready"


def translations_sweep() -> int:
    """Queue every translation that is due (a retry after its backoff, a deferral past its minute, a
    request whose first task was lost), at most ``SWEEP_BATCH``; returns how many. Each is made due again
    ``TRANSLATION_SWEEP_AFTER_SECONDS`` later, so a lost message is queued once more, not every sweep."""
    now = timezone.now()
    due = ContentTranslation.objects.filter(
        due_at__lte=now, attempts__lt=settings.TRANSLATION_MAX_ATTEMPTS
    ).exclude(status=TranslationStatus.READY)
    rows = list(
        due.order_by("due_at").values_list("pk", "content_kind", "object_id", "revision", "target_language")[
            :SWEEP_BATCH
        ]
    )
    if not rows:
        return 0
    ContentTranslation.objects.filter(pk__in=[row[0] for row in rows]).update(
        due_at=now + timedelta(seconds=settings.TRANSLATION_SWEEP_AFTER_SECONDS)
    )
    _enqueue([row[1:] for row in rows])
    return len(rows)
