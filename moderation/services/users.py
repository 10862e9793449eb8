"""Moderation of accounts: trust level, silencing, suspension. Each is safe to repeat and says whether
anything changed (Misago-style); each change goes through the board's one-column primitive for it and
writes an audit entry in the same transaction."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from board import services as board_services
from board.access import user_is_moderator
from board.exceptions import ApplicationError, PermissionDenied
from board.models import User
from moderation.models import AuditAction, UserModerationState
from moderation.services.audit import audit_log_record

USER = "user"  # the audit log's target kind for accounts


def require_moderator(user) -> None:
    """Refuse anyone the board does not consider a moderator (``board.access.user_is_moderator``; 403)."""
    if not user_is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")


@transaction.atomic
def user_trust_set(
    *, user: User, trust_level: int, actor=None, actor_label: str = "", reason: str = ""
) -> bool:
    """Set ``user``'s trust level (``TrustLevel``); True if it changed. ``actor`` or ``actor_label`` is who
    decided: a moderator, or the automatic rule that did."""
    changed, previous = board_services.user_trust_level_set(user=user, trust_level=trust_level)
    if not changed:
        return False
    audit_log_record(
        actor=actor,
        actor_label=actor_label,
        action=AuditAction.USER_TRUST_CHANGED,
        target_kind=USER,
        target_id=user.pk,
        reason=reason,
        extra={"from": previous, "to": trust_level},
    )
    return True


@transaction.atomic
def user_silence(*, moderator, user: User, until: datetime | None, reason: str) -> bool:
    """Silence ``user`` (no new comments or quotes) until ``until``; None lifts it. True if it changed."""
    require_moderator(moderator)
    changed, previous = board_services.user_silence_set(user=user, until=until)
    if not changed:
        return False
    audit_log_record(
        actor=moderator,
        action=AuditAction.USER_SILENCED if until else AuditAction.USER_UNSILENCED,
        target_kind=USER,
        target_id=user.pk,
        reason=reason,
        extra={
            "until": until.isoformat() if until else None,
            "previous": previous.isoformat() if previous else None,
        },
    )
    return True


def _suspension_set(*, moderator, user: User, suspended: bool, reason: str) -> bool:
    if not board_services.user_active_set(user=user, is_active=not suspended):
        return False
    suspended_at = timezone.now() if suspended else None
    UserModerationState.objects.update_or_create(user_id=user.pk, defaults={"suspended_at": suspended_at})
    audit_log_record(
        actor=moderator,
        action=AuditAction.USER_SUSPENDED if suspended else AuditAction.USER_UNSUSPENDED,
        target_kind=USER,
        target_id=user.pk,
        reason=reason,
    )
    return True


@transaction.atomic
def user_suspend(*, moderator, user: User, reason: str) -> bool:
    """Suspend ``user``: the account can no longer sign in or use its tokens. True if it was active."""
    require_moderator(moderator)
    if moderator.pk == user.pk:
        raise ApplicationError("Moderators cannot suspend themselves.", code="invalid")
    return _suspension_set(moderator=moderator, user=user, suspended=True, reason=reason)


@transaction.atomic
def user_unsuspend(*, moderator, user: User, reason: str) -> bool:
    """Lift a suspension; True if the account was suspended."""
    require_moderator(moderator)
    return _suspension_set(moderator=moderator, user=user, suspended=False, reason=reason)
