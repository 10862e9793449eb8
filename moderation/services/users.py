"""Moderation of accounts: trust level, silencing, suspension. Each is safe to repeat and says whether
anything changed (Misago-style); each change writes an audit entry in its transaction."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from board.exceptions import ApplicationError, PermissionDenied
from moderation import content as board_content
from moderation.models import UserModerationState
from moderation.services.audit import audit_log_record


def require_moderator(user) -> None:
    """Refuse anyone the board does not consider a moderator (403)."""
    if not board_content.user_is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")


@transaction.atomic
def user_trust_set(*, user, trust_level: int, actor=None, actor_label: str = "", reason: str = "") -> bool:
    """Set ``user``'s trust level (0 new, 1 basic, 2 trusted); True if it changed."""
    if trust_level not in (0, 1, 2):
        raise ApplicationError(
            "Trust level must be 0, 1 or 2.", fields={"trust_level": ["Must be 0, 1 or 2."]}
        )
    model = type(user)
    previous = (
        model.objects.select_for_update().filter(pk=user.pk).values_list("trust_level", flat=True).first()
    )
    if previous is None or previous == trust_level:
        return False
    model.objects.filter(pk=user.pk).update(trust_level=trust_level)
    user.trust_level = trust_level
    audit_log_record(
        actor=actor,
        actor_label=actor_label,
        action="user.trust_changed",
        target_kind="user",
        target_id=user.pk,
        reason=reason,
        extra={"from": previous, "to": trust_level},
    )
    return True


@transaction.atomic
def user_silence(*, moderator, user, until: datetime | None, reason: str) -> bool:
    """Silence ``user`` (no new comments) until ``until``; None lifts it. True if it changed."""
    require_moderator(moderator)
    if until is not None and until <= timezone.now():
        raise ApplicationError(
            "The end of a silence must be in the future.", fields={"until": ["In the past."]}
        )
    model = type(user)
    current = (
        model.objects.select_for_update().filter(pk=user.pk).values_list("silenced_until", flat=True).first()
    )
    if current == until:
        return False
    model.objects.filter(pk=user.pk).update(silenced_until=until)
    user.silenced_until = until
    audit_log_record(
        actor=moderator,
        action="user.silenced" if until else "user.unsilenced",
        target_kind="user",
        target_id=user.pk,
        reason=reason,
        extra={
            "until": until.isoformat() if until else None,
            "previous": current.isoformat() if current else None,
        },
    )
    return True


@transaction.atomic
def user_suspend(*, moderator, user, reason: str) -> bool:
    """Suspend ``user``: the account can no longer sign in or use its tokens (``is_active`` false)."""
    require_moderator(moderator)
    if moderator.pk == user.pk:
        raise ApplicationError("Moderators cannot suspend themselves.", code="invalid")
    model = type(user)
    active = model.objects.select_for_update().filter(pk=user.pk).values_list("is_active", flat=True).first()
    if not active:
        return False
    model.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    UserModerationState.objects.update_or_create(user_id=user.pk, defaults={"suspended_at": timezone.now()})
    audit_log_record(
        actor=moderator, action="user.suspended", target_kind="user", target_id=user.pk, reason=reason
    )
    return True


@transaction.atomic
def user_unsuspend(*, moderator, user, reason: str) -> bool:
    """Lift a suspension; True if the account was suspended."""
    require_moderator(moderator)
    model = type(user)
    active = model.objects.select_for_update().filter(pk=user.pk).values_list("is_active", flat=True).first()
    if active is None or active:
        return False
    model.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    UserModerationState.objects.update_or_create(user_id=user.pk, defaults={"suspended_at": None})
    audit_log_record(
        actor=moderator, action="user.unsuspended", target_kind="user", target_id=user.pk, reason=reason
    )
    return True
