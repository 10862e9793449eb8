"""Due process: the statement of reasons an author is shown, their appeal, and a moderator's decision on it.

The decision an author sees and appeals is the latest audit entry that held or removed their content
(``APPEALABLE_ACTIONS``): automatic (screening, readers' reports) or a moderator's. One appeal per decision,
within ``MODERATION_APPEAL_WINDOW_DAYS``.

Deciding: *uphold* keeps the content as it is; *overturn* restores it (the board's counters follow), rejects
the original label's flag, records a moderator's decision whose training example says the label was wrong
(``ReviewDecision.labels = {label: False}``, which ``decision_examples`` reads like any other decision), takes
back the trust penalty the decision caused, and resolves the content's queue item. Either way the author is
notified and the audit log has the row, in the same transaction. Where another moderator is available, the
moderator who made the decision does not decide its appeal (``MODERATION_APPEAL_SEPARATE_DECIDER``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from board import services as board_services
from board.access import moderators_q
from board.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied
from board.models import ModerationState, NotificationKind, User
from moderation import content as board_content
from moderation.models import (
    APPEAL_TEXT_MAX_LENGTH,
    APPEALABLE_ACTIONS,
    REASON_MAX_LENGTH,
    Appeal,
    AppealStatus,
    AuditAction,
    AuditLogEntry,
    ContentKind,
    Decision,
    Flag,
    FlagStatus,
    Label,
    ReviewDecision,
    UserModerationState,
)
from moderation.services.audit import audit_log_record
from moderation.services.queue import review_item_resolve
from moderation.services.users import USER, require_moderator, user_trust_set

# Messages tests assert on.
NOT_APPEALABLE = "Only held or removed content can be appealed."
NO_DECISION = "There is no decision to appeal."
APPEAL_EXISTS = "This decision has already been appealed."
WINDOW_CLOSED = "The time to appeal this decision ended on {until:%d %b %Y, %H:%M} UTC."
SAME_MODERATOR = "Another moderator decides the appeal of your own decision."
REASON_REQUIRED = "Give the reason the author will read."
OUTCOMES = ("uphold", "overturn")

# What the author reads when the decision was automatic (a moderator's decision carries its own reason).
_AUTOMATIC_REASONS = {
    Label.SPAM: "Held automatically: it looks like promotion, spam or a scam.",
    Label.FINANCIAL_ADVICE: "Held automatically: it reads like telling readers what to do with their money.",
    "new_account": "Held for review: a moderator checks the first comments of a new account.",
    "reports": "Held for review after several readers reported it.",
    "screening_failed": "Held for review: the automatic check could not read it.",
    "": "Held for review automatically.",
}


def _kind_of(content) -> str:
    return ContentKind.REPOST if content._meta.model_name == "repost" else ContentKind.COMMENT


def _entry_label(entry: AuditLogEntry) -> str | None:
    """The label a decision acted on: a moderator's named one, or screening's strongest flagged one."""
    extra = entry.extra or {}
    if entry.action == AuditAction.REVIEW_REMOVE:
        return extra.get("label") or None
    levels, scores = extra.get("levels") or {}, extra.get("scores") or {}
    flagged = [label for label, level in levels.items() if level != "low" and label in Label.values]
    if not flagged:
        return None
    return max(flagged, key=lambda label: scores.get(label, 0))


def _entry_rule(entry: AuditLogEntry, label: str | None) -> str:
    if label is not None:
        return ""
    if entry.action == AuditAction.REPORT_HIDDEN:
        return "reports"
    if entry.action == AuditAction.SCREENING_FAILED:
        return "screening_failed"
    if entry.action == AuditAction.SCREENING_REMOVE:
        return "watched_word"
    reasons = [part.strip() for part in (entry.reason or "").split(";")]
    return next((part for part in reasons if part and ":" not in part), "")


def _entry_reason(entry: AuditLogEntry, label: str | None, rule: str) -> str:
    if entry.actor_id is not None or entry.action == AuditAction.SCREENING_REMOVE:
        if entry.action == AuditAction.SCREENING_REMOVE:
            from moderation.services.screening import WATCHED_REMOVAL_REASON

            return WATCHED_REMOVAL_REASON
        return entry.reason
    reason = _AUTOMATIC_REASONS.get(label or rule, _AUTOMATIC_REASONS[""])
    if entry.action == AuditAction.SCREENING_HIDE:
        reason = reason.replace("Held automatically", "Hidden automatically")
    return reason


def appeal_deadline(entry: AuditLogEntry):
    return entry.created_at + timedelta(days=settings.MODERATION_APPEAL_WINDOW_DAYS)


def _appeal_state(appeal: Appeal | None) -> dict | None:
    if appeal is None:
        return None
    return {
        "id": appeal.pk,
        "status": appeal.status,
        "created_at": appeal.created_at,
        "decided_at": appeal.decided_at,
        "reason": appeal.decision_reason,
    }


def statement_of(entry: AuditLogEntry) -> dict:
    """The statement of reasons of one decision, as the author is shown it."""
    label = _entry_label(entry)
    rule = _entry_rule(entry, label)
    appeal = getattr(entry, "appeal", None)
    return {
        "reason": _entry_reason(entry, label, rule),
        "label": label,
        "rule": rule,
        "by": "moderator" if entry.actor_id is not None else "automated",
        "decided_at": entry.created_at,
        "appealable_until": appeal_deadline(entry),
        "appeal": _appeal_state(appeal),
        "decision_id": entry.pk,
    }


def _latest_decisions(kind: str, object_ids: list[int]) -> dict[int, AuditLogEntry]:
    """The latest appealable decision of each piece of content, with its appeal: one query."""
    entries = (
        AuditLogEntry.objects.filter(
            target_kind=kind, target_id__in=object_ids, action__in=APPEALABLE_ACTIONS
        )
        .select_related("appeal")
        .order_by("target_id", "-created_at", "-id")
    )
    latest: dict[int, AuditLogEntry] = {}
    for entry in entries:
        if entry.target_id in latest or not _entry_changed_state(entry):
            continue
        latest[entry.target_id] = entry
    return latest


def _entry_changed_state(entry: AuditLogEntry) -> bool:
    """Screening records every verdict; one that left the state as it was (content already removed or
    held by a moderator or reports) is not the decision the author lives with."""
    extra = entry.extra or {}
    if not entry.action.startswith("screening.") or "state_before" not in extra:
        return True
    return extra["state_before"] != extra.get("state_after")


def decision_statements(*, kind: str, object_ids: list[int]) -> dict[int, dict]:
    """The board's ``BOARD_DECISION_PROVIDER``: ``{id: statement}`` for held or removed content (one
    query). The caller shows them to the content's author only."""
    if kind not in (ContentKind.COMMENT, ContentKind.REPOST) or not object_ids:
        return {}
    return {
        object_id: statement_of(entry) for object_id, entry in _latest_decisions(kind, object_ids).items()
    }


def _text_clean(text) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ApplicationError("Empty appeal.", fields={"text": ["Say why the decision is wrong."]})
    text = text.strip()
    if len(text) > APPEAL_TEXT_MAX_LENGTH:
        raise ApplicationError(
            "Appeal too long.", fields={"text": [f"At most {APPEAL_TEXT_MAX_LENGTH} characters."]}
        )
    return text


@transaction.atomic
def appeal_create(*, author: User, content, text: str) -> Appeal:
    """The author appeals the decision that holds or removes ``content`` (a comment or repost quote).

    ``NotFound`` if it is not theirs (the same answer as missing); 400 for bad text, content that is not
    held or removed, no decision or a closed window; ``Conflict`` (409) for a second appeal of it.
    """
    kind = _kind_of(content)
    if board_content.content_author(kind, content).pk != author.pk or board_content.content_is_gone(
        kind, content
    ):
        raise NotFound("Content not found.")
    text = _text_clean(text)
    if content.moderation_state not in (ModerationState.HELD, ModerationState.REMOVED):
        raise ApplicationError(NOT_APPEALABLE, fields={"content": [NOT_APPEALABLE]})
    entry = _latest_decisions(kind, [content.pk]).get(content.pk)
    if entry is None:
        raise ApplicationError(NO_DECISION, fields={"content": [NO_DECISION]})
    if hasattr(entry, "appeal"):  # the reverse one-to-one's "does not exist" is an AttributeError
        raise Conflict(APPEAL_EXISTS, code="appeal_exists")
    until = appeal_deadline(entry)
    if timezone.now() > until:
        message = WINDOW_CLOSED.format(until=until)
        raise ApplicationError(message, fields={"content": [message]})
    appeal = Appeal(
        content_kind=kind,
        comment=content if kind == ContentKind.COMMENT else None,
        repost=content if kind == ContentKind.REPOST else None,
        author=author,
        decision=entry,
        label=_entry_label(entry) or "",
        automated=entry.actor_id is None,
        text=text,
    )
    appeal.full_clean(exclude=["comment", "repost", "author", "decision"], validate_unique=False)
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError as exc:  # the same decision appealed at the same moment
        raise Conflict(APPEAL_EXISTS, code="appeal_exists") from exc
    audit_log_record(
        actor=author,
        action=AuditAction.APPEAL_CREATED,
        target_kind=kind,
        target_id=content.pk,
        reason=text[:REASON_MAX_LENGTH],
        extra={"appeal": appeal.pk, "decision": entry.pk, "decision_action": entry.action},
    )
    return appeal


def _separation_check(moderator, appeal: Appeal) -> None:
    if not settings.MODERATION_APPEAL_SEPARATE_DECIDER or appeal.decision.actor_id != moderator.pk:
        return
    others = User.objects.filter(moderators_q()).exclude(pk=moderator.pk).distinct()
    if others.exists():
        raise PermissionDenied(SAME_MODERATOR)


def _trust_penalty_undo(*, moderator, appeal: Appeal, kind: str, content) -> None:
    """Give back the trust the overturned decision took, and clear the spam penalty it started."""
    author = appeal.author
    lowered = (
        AuditLogEntry.objects.filter(
            action=AuditAction.USER_TRUST_CHANGED,
            target_kind=USER,
            target_id=author.pk,
            reason__in=[
                f"{kind} {content.pk} removed as spam",
                f"spam hidden automatically ({kind} {content.pk})",
            ],
        )
        .order_by("-created_at", "-id")
        .first()
    )
    state = UserModerationState.objects.select_for_update().filter(user_id=author.pk).first()
    if state is not None and (lowered is not None or appeal.label == Label.SPAM):
        if appeal.decision.action == AuditAction.REVIEW_REMOVE and appeal.label == Label.SPAM:
            state.spam_removed_count = max(0, state.spam_removed_count - 1)
        state.last_spam_at = None
        state.auto_lowered_from = None
        state.save(update_fields=["spam_removed_count", "last_spam_at", "auto_lowered_from", "updated_at"])
    if lowered is None:
        return
    author.refresh_from_db(fields=["trust_level"])
    if author.trust_level == lowered.extra.get("to") and lowered.extra.get("from") is not None:
        user_trust_set(
            user=author,
            trust_level=lowered.extra["from"],
            actor=moderator,
            reason=f"appeal {appeal.pk} overturned the decision on {kind} {content.pk}",
        )


def _overturn(*, moderator, appeal: Appeal, reason: str) -> None:
    kind = appeal.content_kind
    board_content.author_lock(kind=kind, object_id=appeal.object_id)
    content = board_content.content_get(kind=kind, object_id=appeal.object_id, lock=True)
    if content is None or board_content.content_is_gone(kind, content):
        return
    board_content.content_set_state(
        kind=kind, content=content, state=ModerationState.VISIBLE, advice_notice=False
    )
    revision = (appeal.decision.extra or {}).get("revision", content.revision)
    if appeal.label:
        now = timezone.now()
        for flag in Flag.objects.select_for_update().filter(
            content_kind=kind, object_id=content.pk, revision=revision, label=appeal.label
        ):
            flag.status, flag.resolved_at, flag.resolved_by = FlagStatus.REJECTED, now, moderator
            flag.save(update_fields=["status", "resolved_at", "resolved_by"])
    # The moderator's decision, and (with a label) a training example against the original label.
    example = ReviewDecision(
        moderator=moderator,
        content_kind=kind,
        object_id=content.pk,
        revision=revision,
        decision=Decision.APPROVE,
        label=appeal.label,
        reason=reason,
        text=board_content.content_text(kind, content),
        labels={appeal.label: False} if appeal.label else {},
    )
    example.full_clean()
    example.save()
    review_item_resolve(kind=kind, content=content, moderator=moderator, resolution="approved")
    _trust_penalty_undo(moderator=moderator, appeal=appeal, kind=kind, content=content)


@transaction.atomic
def appeal_decide(*, moderator, appeal: Appeal, outcome: str, reason: str) -> bool:
    """Uphold or overturn an open appeal; True if it was decided now (False: already decided).

    403 for non-moderators and, where another moderator is available, for the decision's own moderator;
    400 for an unknown outcome or no reason."""
    require_moderator(moderator)
    if outcome not in OUTCOMES:
        raise ApplicationError("Unknown outcome.", fields={"outcome": [f"One of {', '.join(OUTCOMES)}."]})
    reason = (reason or "").strip()[:REASON_MAX_LENGTH]
    if not reason:
        raise ApplicationError(REASON_REQUIRED, fields={"reason": [REASON_REQUIRED]})
    locked = (
        Appeal.objects.select_for_update().select_related("decision", "author").filter(pk=appeal.pk).first()
    )
    if locked is None:
        raise NotFound("Appeal not found.")
    if locked.status != AppealStatus.OPEN:
        return False
    _separation_check(moderator, locked)
    status = AppealStatus.OVERTURNED if outcome == "overturn" else AppealStatus.UPHELD
    if status == AppealStatus.OVERTURNED:
        _overturn(moderator=moderator, appeal=locked, reason=reason)
    locked.status, locked.decided_at, locked.decided_by = status, timezone.now(), moderator
    locked.decision_reason = reason
    locked.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    appeal.status, appeal.decided_at, appeal.decided_by = locked.status, locked.decided_at, moderator
    appeal.decision_reason = reason
    audit_log_record(
        actor=moderator,
        action=AuditAction.APPEAL_OVERTURNED
        if status == AppealStatus.OVERTURNED
        else AuditAction.APPEAL_UPHELD,
        target_kind=locked.content_kind,
        target_id=locked.object_id,
        reason=reason,
        extra={
            "appeal": locked.pk,
            "decision": locked.decision_id,
            "decision_action": locked.decision.action,
            "label": locked.label or None,
            "automated": locked.automated,
        },
    )
    board_services.notification_enqueue(
        recipient_id=locked.author_id,
        kind=NotificationKind.APPEAL,
        source=f"appeal:{locked.pk}",
        comment_id=locked.comment_id,
        repost_id=locked.repost_id,
        data={"outcome": status, "reason": reason},
    )
    return True
