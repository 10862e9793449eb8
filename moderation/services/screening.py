"""Screening: the outbox row, the task's attempts, the classification of one revision, the sweep.

Flow: a board service writes content and calls ``screening_request_create`` in the same transaction (its
content-submitted hook, ``BOARD_CONTENT_SUBMITTED_HOOKS``); after commit the task is queued (the fast path). The worker's task calls ``screening_attempt_start`` (its own
committed transaction: the attempt counts even if the process dies) and then ``content_screen``. The beat
sweep (``screening_sweep``) re-queues what the broker lost and gives up on what keeps failing.

Idempotency: ``content_screen`` locks the outbox row, and returns without writing if the revision already
has a ``Classification`` (unique per revision, so even a race writes one). Redelivered, duplicated and
swept tasks therefore write one classification and one flag per label.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from board import services as board_services
from board.models import ModerationState, TrustLevel, User
from moderation import content as board_content
from moderation.models import (
    AuditAction,
    Classification,
    ContentAction,
    ContentKind,
    Flag,
    FlagStatus,
    Level,
    ScreeningRequest,
    ScreeningStatus,
    UserModerationState,
)
from moderation.policy import PolicyOutcome, board_state_for, label_action, policy_outcome, risk_for
from moderation.runtime import active_bundle, live_config
from moderation.services.audit import audit_log_record
from moderation.services.notices import NOTICE, REMOVED, author_notify
from moderation.services.queue import review_item_open
from moderation.services.users import user_trust_set

if TYPE_CHECKING:  # the classifier (and numpy) is loaded by the first screening, not by the web process
    from moderation.classifier.pipeline import Verdict

logger = logging.getLogger(__name__)

# A request whose screening failed MODERATION_MAX_ATTEMPTS times is near the top of the queue: content that
# crashes the classifier is more often an attack than an accident.
FAILED_SCREENING_RISK = 0.9
POSTING_RATE_WINDOW = timedelta(minutes=10)
_MASK64 = (1 << 64) - 1


def _signed64(value: int) -> int:
    return value - (1 << 64) if value >= (1 << 63) else value


# ---------------------------------------------------------------------------------------------------------
# The outbox
# ---------------------------------------------------------------------------------------------------------


# After a failed hand-off, this process does not try the broker again for this long: with Redis down each
# attempt costs about 2 s (measured: connection refused, then kombu's one reconnect) that a reader's request
# would wait for. The sweep queues whatever was skipped once Redis is back.
BROKER_BACKOFF_SECONDS = 5.0
_broker = {"down_until": 0.0}


def _screening_enqueue(request_id: int, kind: str, object_id: int, revision: int) -> None:
    """Hand a committed request to the broker. A broker that is down is not an error: the row stays pending
    with ``queued_at`` cleared, and the sweep queues it once Redis is back."""
    from moderation.tasks import content_classify_task  # the tasks module imports these services

    if time.monotonic() < _broker["down_until"]:
        error = "broker unavailable (not tried: it failed moments ago)"
    else:
        try:
            # retry=False: fail fast rather than hold the reader's request; the sweep is the retry.
            content_classify_task.apply_async((kind, object_id, revision), retry=False)
            return
        except (BrokerError, OSError) as exc:
            _broker["down_until"] = time.monotonic() + BROKER_BACKOFF_SECONDS
            error = f"broker unavailable: {exc}"
            logger.warning(
                "moderation: broker unavailable, %s %s r%s left to the sweep: %s",
                kind,
                object_id,
                revision,
                exc,
            )
    ScreeningRequest.objects.filter(pk=request_id, status=ScreeningStatus.PENDING).update(
        queued_at=None, last_error=error[:500]
    )


# No savepoint of its own: it runs inside the caller's transaction (writing a comment), where one insert in
# a savepoint (three statements) is all it costs; get_or_create would cost six.
@transaction.atomic(savepoint=False)
def screening_request_create(*, kind: str, object_id: int, revision: int) -> ScreeningRequest:
    """Record that this revision needs screening, and queue the task once the caller's transaction commits.

    Call it inside the transaction that writes the content, so both commit together. Safe to repeat: the
    same revision gets one row and one queued task.
    """
    board_content.content_model(kind)  # refuses an unknown kind
    lookup = {"content_kind": kind, "object_id": object_id, "revision": revision}
    try:
        with transaction.atomic():
            request = ScreeningRequest.objects.create(**lookup, queued_at=timezone.now())
    except IntegrityError:  # already requested (a repeated call): one row, one task
        return ScreeningRequest.objects.get(**lookup)
    # A lambda, not functools.partial: Django logs a failing robust callback by its __qualname__.
    transaction.on_commit(lambda: _screening_enqueue(request.pk, kind, object_id, revision), robust=True)
    return request


def _request_lock(
    kind: str, object_id: int, revision: int, *, create: bool = True
) -> ScreeningRequest | None:
    lookup = {"content_kind": kind, "object_id": object_id, "revision": revision}
    request = ScreeningRequest.objects.select_for_update().filter(**lookup).first()
    if request is None and not create:
        return None
    if request is None:  # a task queued by hand, or a test calling the service directly
        ScreeningRequest.objects.get_or_create(**lookup, defaults={"queued_at": timezone.now()})
        request = ScreeningRequest.objects.select_for_update().get(**lookup)
    return request


def _request_finish(request: ScreeningRequest, *, note: str = "") -> None:
    if request.status == ScreeningStatus.DONE:
        return
    request.status = ScreeningStatus.DONE
    request.screened_at = timezone.now()
    if note:
        request.last_error = note
    request.save(update_fields=["status", "screened_at", "last_error"])


def screening_attempt_start(*, kind: str, object_id: int, revision: int) -> bool:
    """Count one attempt, committed before the work starts; False when there is nothing to do.

    Nothing to do: the request is done or failed, or it has used up ``MODERATION_MAX_ATTEMPTS`` (then it is
    marked failed and shown to moderators). Because the count is committed first, a task that kills its
    process is stopped after that many deliveries instead of looping.
    """
    with transaction.atomic():
        # A message without an outbox row is only screened if its content exists (a task queued by hand);
        # a stale message from another database or a deleted row is dropped.
        exists = board_content.content_get(kind=kind, object_id=object_id) is not None
        request = _request_lock(kind, object_id, revision, create=exists)
        if request is None or request.status != ScreeningStatus.PENDING:
            return False
        exhausted = request.attempts >= settings.MODERATION_MAX_ATTEMPTS
        if not exhausted:
            request.attempts += 1
            request.attempted_at = timezone.now()
            request.save(update_fields=["attempts", "attempted_at"])
    if exhausted:
        screening_request_fail(
            request_id=request.pk,
            error=f"stopped after {request.attempts} attempts; last error: {request.last_error or 'none recorded'}",
        )
        return False
    return True


def screening_error_record(*, kind: str, object_id: int, revision: int, error: str) -> None:
    """Keep the last error of a failed attempt on the request (for the moderators' failed list)."""
    ScreeningRequest.objects.filter(
        content_kind=kind, object_id=object_id, revision=revision, status=ScreeningStatus.PENDING
    ).update(last_error=error[:2000])


@transaction.atomic
def screening_request_fail(*, request_id: int, error: str, actor_label: str = "worker") -> bool:
    """Give up on a request: mark it failed, hold its content (if still unscreened) and queue it for a
    moderator, with an audit entry. False if it was no longer pending."""
    request = (
        ScreeningRequest.objects.select_for_update()
        .filter(pk=request_id, status=ScreeningStatus.PENDING)
        .first()
    )
    if request is None:
        return False
    request.status = ScreeningStatus.FAILED
    request.last_error = error[:2000]
    request.save(update_fields=["status", "last_error"])
    kind = request.content_kind
    content = board_content.content_get(kind=kind, object_id=request.object_id, lock=True)
    if content is not None and not board_content.content_is_gone(kind, content):
        if content.revision == request.revision and content.moderation_state == ModerationState.PENDING:
            board_content.content_set_state(kind=kind, content=content, state=ModerationState.HELD)
        review_item_open(
            kind=kind,
            content=content,
            revision=request.revision,
            reasons=["screening_failed"],
            risk=FAILED_SCREENING_RISK,
        )
    audit_log_record(
        actor_label=actor_label,
        action=AuditAction.SCREENING_FAILED,
        target_kind=kind,
        target_id=request.object_id,
        reason=error,
        extra={"revision": request.revision, "attempts": request.attempts},
    )
    return True


def screening_sweep(*, now=None) -> dict[str, int]:
    """Re-queue requests pending longer than ``MODERATION_SWEEP_AFTER_SECONDS`` (or never handed to the
    broker), and fail those that used up their attempts. Run by beat every
    ``MODERATION_SWEEP_INTERVAL_SECONDS``; safe to run anywhere, any number of times.

    A request is left alone while an attempt started within the period is presumably still running; rows
    locked by a running screening are skipped (``SKIP LOCKED`` on PostgreSQL).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.MODERATION_SWEEP_AFTER_SECONDS)
    batch = settings.MODERATION_SWEEP_BATCH
    due = ScreeningRequest.objects.filter(status=ScreeningStatus.PENDING).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=cutoff),
        Q(attempted_at__isnull=True) | Q(attempted_at__lt=cutoff),
    )
    failed = 0
    exhausted = due.filter(attempts__gte=settings.MODERATION_MAX_ATTEMPTS).order_by("created_at", "id")
    for request in exhausted.only("pk", "attempts", "last_error")[:batch]:
        failed += screening_request_fail(
            request_id=request.pk,
            error=f"stopped after {request.attempts} attempts; last error: {request.last_error or 'none recorded'}",
            actor_label="sweep",
        )
    with transaction.atomic():
        rows = list(
            due.filter(attempts__lt=settings.MODERATION_MAX_ATTEMPTS)
            .order_by("created_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("pk", "content_kind", "object_id", "revision")[:batch]
        )
        ScreeningRequest.objects.filter(pk__in=[row[0] for row in rows]).update(queued_at=now)
        for row in rows:
            transaction.on_commit(lambda row=row: _screening_enqueue(*row), robust=True)
    if rows or failed:
        logger.info("moderation sweep: re-queued %s, failed %s", len(rows), failed)
    return {"requeued": len(rows), "failed": failed}


# ---------------------------------------------------------------------------------------------------------
# Screening one revision: classify (no board row locked), then lock and apply the policy, in named steps
# ---------------------------------------------------------------------------------------------------------

# Shown to the author of content a watched word removes at once.
WATCHED_REMOVAL_REASON = "Removed automatically: it matches a term the moderators do not allow."


@dataclass
class _Screening:
    """What classifying one revision found, and what the policy makes of it."""

    verdict: Verdict
    outcome: PolicyOutcome
    author: User
    behaviour: dict
    hold_new: bool
    fingerprint: int | None

    @property
    def labels(self) -> dict:
        return self.verdict.labels

    @property
    def levels(self) -> dict[str, str]:
        return {label: result.level for label, result in self.labels.items()}

    @property
    def scores(self) -> dict[str, float]:
        return {label: result.score for label, result in self.labels.items()}

    @property
    def model_label(self) -> str:
        return f"worker:model {self.verdict.model_version}"


def _duplicates_recent(kind: str, object_id: int, fingerprint: int | None) -> int:
    """Near-duplicates of this text screened in the window, by anyone (other content only)."""
    if fingerprint is None:
        return 0
    from moderation.classifier.signals import NEAR_DUPLICATE_MAX_DISTANCE

    since = timezone.now() - timedelta(minutes=settings.MODERATION_DUPLICATE_WINDOW_MINUTES)
    recent = (
        Classification.objects.filter(created_at__gte=since, fingerprint__isnull=False)
        .exclude(content_kind=kind, object_id=object_id)
        .order_by("-created_at")
        .values_list("fingerprint", flat=True)[: settings.MODERATION_DUPLICATE_SCAN_LIMIT]
    )
    return sum(
        1 for other in recent if ((other & _MASK64) ^ fingerprint).bit_count() <= NEAR_DUPLICATE_MAX_DISTANCE
    )


def _behaviour_numbers(kind: str, object_id: int, author: User, fingerprint: int | None) -> dict:
    """The behaviour signals of a comment or quote: near-duplicates, posting rate, account age, trust."""
    return {
        "duplicates_recent": _duplicates_recent(kind, object_id, fingerprint),
        "posts_last_10min": board_content.author_recent_posts(
            kind=kind, author_id=author.pk, since=timezone.now() - POSTING_RATE_WINDOW
        ),
        "account_age_hours": round((timezone.now() - author.date_joined).total_seconds() / 3600, 2),
        "trust_level": author.trust_level,
    }


def _new_account_hold(kind: str, content, author: User, hold_count: int) -> bool:
    """A trust-0 reader's first ``hold_count`` comments (counted again after a spam hide or removal)."""
    if kind != ContentKind.COMMENT or author.is_staff or author.is_bot or author.trust_level > TrustLevel.NEW:
        return False
    last_spam_at = (
        UserModerationState.objects.filter(user_id=author.pk).values_list("last_spam_at", flat=True).first()
    )
    earlier = board_content.content_model(kind).objects.filter(author_id=author.pk, pk__lte=content.pk)
    if last_spam_at is not None:
        earlier = earlier.filter(created_at__gte=last_spam_at)
    return earlier.count() <= hold_count


def _screening_run(kind: str, object_id: int, content) -> _Screening:
    """Classify the text with the live thresholds, watched words and model, and apply the policy table.
    Locks nothing on the board: readers' writes never wait for the model."""
    from moderation.classifier.normalize import normalize
    from moderation.classifier.pipeline import Behaviour, classify
    from moderation.classifier.signals import fingerprint as simhash

    config, bundle = live_config(), active_bundle()
    text = board_content.content_text(kind, content)
    normalized = normalize(text)
    fingerprint = simhash(normalized) if len(normalized) >= settings.MODERATION_DUPLICATE_MIN_CHARS else None
    author = board_content.content_author(kind, content)
    numbers = _behaviour_numbers(kind, object_id, author, fingerprint) if kind != ContentKind.ARTICLE else {}
    verdict = classify(
        text,
        watched=config.watched,
        behaviour=Behaviour(**numbers) if numbers else None,
        thresholds=config.thresholds,
        bundle=bundle,
    )
    hold_new = _new_account_hold(kind, content, author, config.new_account_hold_count)
    levels = {label: result.level for label, result in verdict.labels.items()}
    outcome = policy_outcome(levels=levels, watched_action=verdict.watched_action, new_account_hold=hold_new)
    return _Screening(verdict, outcome, author, numbers, hold_new, fingerprint)


def _skip_reason(kind: str, content, revision: int) -> str:
    if content is None or board_content.content_is_gone(kind, content):
        return "content gone before screening"
    if content.revision != revision:
        return f"superseded by revision {content.revision}"
    return ""


def _content_for_screening(
    request: ScreeningRequest, kind: str, object_id: int, revision: int, *, lock: bool
):
    """The content at ``revision``, or None (the request is then finished with the reason): gone, or edited
    since (the new revision has its own request)."""
    content = board_content.content_get(kind=kind, object_id=object_id, lock=lock)
    skip = _skip_reason(kind, content, revision)
    if skip:
        _request_finish(request, note=skip)
        return None
    return content


def _classification_save(kind: str, object_id: int, revision: int, screening: _Screening) -> Classification:
    """The verdict on this revision and one flag per label."""
    verdict, labels = screening.verdict, screening.labels
    classification = Classification(
        content_kind=kind,
        object_id=object_id,
        revision=revision,
        model_version=verdict.model_version,
        language=verdict.language or "",
        scores={
            **{label: {"score": result.score, "level": result.level} for label, result in labels.items()},
            "watched": [hit.evidence for hit in verdict.watched_hits],
        },
        action=screening.outcome.action if kind != ContentKind.ARTICLE else ContentAction.NONE,
        behaviour={**screening.behaviour, "new_account_hold": screening.hold_new},
        fingerprint=_signed64(screening.fingerprint) if screening.fingerprint is not None else None,
    )
    # Uniqueness was checked under the outbox row's lock; the constraint backs it up.
    classification.full_clean(validate_unique=False, validate_constraints=False)
    classification.save()
    Flag.objects.bulk_create(
        [
            Flag(
                classification=classification,
                content_kind=kind,
                object_id=object_id,
                revision=revision,
                label=label,
                score=result.score,
                level=result.level,
                evidence=list(result.evidence),
                model_version=verdict.model_version,
                action=label_action(label, result.level),
                status=FlagStatus.CLEAR if result.level == Level.LOW else FlagStatus.OPEN,
            )
            for label, result in labels.items()
        ]
    )
    return classification


def _state_apply(kind: str, content, outcome: PolicyOutcome) -> bool:
    """Pending or visible comments and quotes take the policy's state; held content (waiting for a
    moderator, e.g. after reports), removed content and articles keep theirs. True if it changed."""
    if kind == ContentKind.ARTICLE or content.moderation_state not in (
        ModerationState.PENDING,
        ModerationState.VISIBLE,
    ):
        return False
    return board_content.content_set_state(
        kind=kind,
        content=content,
        state=board_state_for(outcome.action),
        advice_notice=outcome.action == ContentAction.NOTICE,
        removal_reason=WATCHED_REMOVAL_REASON if outcome.action == ContentAction.REMOVE else "",
    )


def _queue_if_flagged(kind: str, content, revision: int, screening: _Screening) -> bool:
    """Open (or add to) the content's queue item when the policy asks a moderator to look; an article is
    queued whenever screening would not simply have published it."""
    outcome = screening.outcome
    queued = outcome.queue_for_review or (
        kind == ContentKind.ARTICLE and outcome.action != ContentAction.PUBLISH
    )
    if queued:
        review_item_open(
            kind=kind,
            content=content,
            revision=revision,
            reasons=list(outcome.reasons),
            risk=risk_for(screening.scores, screening.levels),
            summary={
                "revision": revision,
                "model_version": screening.verdict.model_version,
                **{
                    label: {"score": screening.scores[label], "level": screening.levels[label]}
                    for label in screening.labels
                },
            },
        )
    return queued


def _screening_audit(
    kind, object_id, revision, screening: _Screening, *, state_before, changed, queued, behaviour
):
    outcome, verdict = screening.outcome, screening.verdict
    # Articles keep their state: what screening did to them is queue them, or not.
    action = outcome.action if kind != ContentKind.ARTICLE else ("queue" if queued else ContentAction.PUBLISH)
    audit_log_record(
        actor_label=screening.model_label,
        action=AuditAction.for_screening(action),
        target_kind=kind,
        target_id=object_id,
        reason="; ".join(outcome.reasons) or "nothing flagged",
        extra={
            "revision": revision,
            "scores": screening.scores,
            "levels": screening.levels,
            "evidence": {label: list(result.evidence) for label, result in screening.labels.items()},
            "watched": [hit.evidence for hit in verdict.watched_hits],
            "state_before": state_before,
            "state_after": board_state_for(outcome.action) if changed else state_before,
            "behaviour": behaviour,
        },
    )


def _lower_trust_for_spam(*, author: User, classification: Classification, model_label: str) -> None:
    """Policy: a spam-high hide lowers its author's trust by one level and starts the spam penalty."""
    if author.is_staff or author.is_bot:
        return
    state, _ = UserModerationState.objects.get_or_create(user_id=author.pk)
    previous = author.trust_level
    state.last_spam_at = timezone.now()
    state.approved_count = 0
    if previous > TrustLevel.NEW:
        state.auto_lowered_from = previous
    state.save(update_fields=["last_spam_at", "approved_count", "auto_lowered_from", "updated_at"])
    if previous > TrustLevel.NEW:
        user_trust_set(
            user=author,
            trust_level=previous - 1,
            actor_label=model_label,
            reason=f"spam hidden automatically ({classification.content_kind} {classification.object_id})",
        )


@transaction.atomic
def content_screen(*, kind: str, object_id: int, revision: int) -> Classification | None:
    """Classify one revision of one piece of content and apply the policy table. The task's body.

    Returns the new ``Classification``, or None when nothing was written: the revision was already
    screened (idempotent: no second flag), the content is gone or has a newer revision (that revision has
    its own request). Holds the outbox row's lock for the whole transaction, so concurrent deliveries of
    the same request run one after the other and the second finds the first's classification.

    Visibility: pending or visible content takes the policy's state; held content (waiting for a moderator,
    e.g. after readers' reports) and removed content keep their state, and their flags are still written.
    """
    request = _request_lock(kind, object_id, revision)
    if Classification.objects.filter(content_kind=kind, object_id=object_id, revision=revision).exists():
        _request_finish(request)
        return None
    content = _content_for_screening(request, kind, object_id, revision, lock=False)
    if content is None:
        return None
    screening = _screening_run(kind, object_id, content)
    lower_trust = screening.outcome.lower_trust and kind != ContentKind.ARTICLE
    if lower_trust:  # the board's lock order: the author (whose trust changes) before the content
        board_content.author_lock(kind=kind, object_id=object_id)
    content = _content_for_screening(request, kind, object_id, revision, lock=True)
    if content is None:  # edited or deleted while we classified
        return None
    classification = _classification_save(kind, object_id, revision, screening)
    if kind != ContentKind.ARTICLE:  # an article's language is its editor's field
        board_services.content_language_set(content=content, language=classification.language)
    state_before = content.moderation_state
    changed = _state_apply(kind, content, screening.outcome)
    queued = _queue_if_flagged(kind, content, revision, screening)
    _screening_audit(
        kind,
        object_id,
        revision,
        screening,
        state_before=state_before,
        changed=changed,
        queued=queued,
        behaviour=classification.behaviour,
    )
    if lower_trust:
        _lower_trust_for_spam(
            author=screening.author, classification=classification, model_label=screening.model_label
        )
    _author_tell(kind, content, screening.outcome, changed=changed, classification=classification)
    _request_finish(request)
    return classification


def _author_tell(kind: str, content, outcome: PolicyOutcome, *, changed: bool, classification) -> None:
    """Tell the author when screening published their text with the financial-advice notice or removed
    it (a plain publication, a hold or a hide tells nothing: the author already sees it as it is)."""
    if not changed or outcome.action not in (ContentAction.NOTICE, ContentAction.REMOVE):
        return
    removed = outcome.action == ContentAction.REMOVE
    author_notify(
        kind=kind,
        content=content,
        outcome=REMOVED if removed else NOTICE,
        reason=WATCHED_REMOVAL_REASON if removed else "",
        source=f"classification:{classification.pk}",
    )
