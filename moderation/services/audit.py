"""The audit log's one writer. Every moderation service calls it inside its own transaction."""

from __future__ import annotations

from typing import Any

from moderation.models import ACTOR_LABEL_MAX_LENGTH, REASON_MAX_LENGTH, AuditAction, AuditLogEntry


def actor_label_for(user) -> str:
    """How a human actor is named in the log: kept readable if the account is later deleted."""
    if user is None:
        return "system"
    name = getattr(user, "display_name", "") or user.get_username()
    return f"user:{user.pk}:{name}"[:ACTOR_LABEL_MAX_LENGTH]


def audit_log_record(
    *,
    action: AuditAction,
    target_kind: str,
    target_id: int | None,
    actor=None,
    actor_label: str = "",
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditLogEntry:
    """Append one entry: who (``actor`` and/or ``actor_label``), what (``action`` on the target), why.

    Call it inside the transaction of the change it describes, so the change and its record commit or roll
    back together.
    """
    entry = AuditLogEntry(
        actor=actor,
        actor_label=(actor_label or actor_label_for(actor))[:ACTOR_LABEL_MAX_LENGTH],
        action=AuditAction(action),
        target_kind=target_kind,
        target_id=target_id,
        reason=(reason or "")[:REASON_MAX_LENGTH],
        extra=extra or {},
    )
    # The actor is a row the caller holds: skip full_clean's per-foreign-key query.
    entry.full_clean(exclude=["actor"])
    entry.save()
    return entry
