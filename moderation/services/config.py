"""Moderators' configuration: thresholds and watched words. Edits are audited and reach every worker within
``MODERATION_CONFIG_TTL_SECONDS`` (see ``moderation.runtime``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from board.exceptions import ApplicationError
from moderation.models import AuditAction, ModerationThresholds, WatchedWord
from moderation.runtime import live_config_clear
from moderation.services.audit import audit_log_record
from moderation.services.users import require_moderator

THRESHOLD_FIELDS = (
    "spam_medium",
    "spam_high",
    "advice_medium",
    "advice_high",
    "reports_to_hide",
    "new_account_hold_count",
    "approvals_for_trust",
)


def thresholds_get() -> ModerationThresholds:
    """The thresholds row, or an unsaved one holding the settings' defaults."""
    return ModerationThresholds.objects.filter(pk=1).first() or ModerationThresholds(
        pk=1, **ModerationThresholds.defaults()
    )


@transaction.atomic
def thresholds_update(*, actor, values: dict[str, Any]) -> bool:
    """Change some of the thresholds (validated: scores in [0, 1], medium below high); True if changed."""
    require_moderator(actor)
    unknown = set(values) - set(THRESHOLD_FIELDS)
    if unknown:
        raise ApplicationError(
            f"Unknown thresholds: {', '.join(sorted(unknown))}.",
            fields={name: ["Unknown."] for name in unknown},
        )
    row = ModerationThresholds.objects.select_for_update().filter(pk=1).first() or thresholds_get()
    before = {field: getattr(row, field) for field in THRESHOLD_FIELDS}
    for field, value in values.items():
        setattr(row, field, value)
    after = {field: getattr(row, field) for field in THRESHOLD_FIELDS}
    if after == before and not row._state.adding:
        return False
    row.updated_by = actor
    row.full_clean()
    row.save()
    audit_log_record(
        actor=actor,
        action=AuditAction.THRESHOLDS_CHANGED,
        target_kind="thresholds",
        target_id=1,
        extra={"before": before, "after": after},
    )
    transaction.on_commit(live_config_clear)
    return True


@transaction.atomic
def watched_word_save(*, actor, word: WatchedWord) -> WatchedWord:
    """Create or update a watched word (a bad regex is refused with the reason); audited."""
    require_moderator(actor)
    created = word._state.adding
    if created and word.created_by_id is None:
        word.created_by = actor
    word.full_clean()
    word.save()
    audit_log_record(
        actor=actor,
        action=AuditAction.WATCHED_WORD_CREATED if created else AuditAction.WATCHED_WORD_CHANGED,
        target_kind="watched_word",
        target_id=word.pk,
        extra={
            "pattern": word.pattern,
            "is_regex": word.is_regex,
            "label": word.label,
            "action": word.action,
            "is_active": word.is_active,
        },
    )
    transaction.on_commit(live_config_clear)
    return word
