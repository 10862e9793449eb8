"""What a moderator's click does: one function per kind of act, each calling one moderation service.

Used by the queue's per-row buttons, its bulk actions, the content detail page, the users' admin and the
comments' list, so that every path takes the same permission check (``moderation.admin.roles``), calls the
same service (which writes the audit row) and reports the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from board.exceptions import ApplicationError
from board.models import TrustLevel
from moderation.admin.roles import can_decide, can_moderate_users, can_pin
from moderation.models import Decision, Label
from moderation.services import (
    comment_pin,
    comment_unpin,
    review_decide,
    user_silence,
    user_suspend,
    user_trust_set,
    user_unsuspend,
)

SILENCE_DURATIONS = {
    "24h": (timedelta(hours=24), "24 hours"),
    "7d": (timedelta(days=7), "7 days"),
    "30d": (timedelta(days=30), "30 days"),
}
CONTENT_VERBS = {
    Decision.APPROVE: "approved",
    Decision.REMOVE: "removed",
    Decision.CONFIRM_LABEL: "label confirmed",
    Decision.REJECT_LABEL: "label rejected",
}
USER_VERBS = {
    "silence": "silenced",
    "unsilence": "silence lifted",
    "suspend": "suspended",
    "unsuspend": "suspension lifted",
}


@dataclass(frozen=True)
class Outcome:
    changed: bool
    message: str


def content_act(*, moderator, kind: str, content, verb: str, label: str = "", reason: str = "") -> Outcome:
    """Approve, remove, confirm or reject a label on ``content`` through ``review_decide``.

    Raises Django's ``PermissionDenied`` without the decide permission; domain errors (``ApplicationError``)
    propagate for the caller to show.
    """
    if verb not in CONTENT_VERBS:
        raise ApplicationError(f"Unknown decision {verb!r}.")
    if not can_decide(moderator):
        raise PermissionDenied
    if label and label not in Label.values:
        raise ApplicationError(f"Unknown label {label!r}.")
    changed = review_decide(
        moderator=moderator,
        decision=verb,
        reason=reason,
        label=label or None,
        **{kind: content},
    )
    name = Label(label).label if label else ""
    what = {
        Decision.APPROVE: "approved",
        Decision.REMOVE: f"removed as {name}" if name else "removed",
        Decision.CONFIRM_LABEL: f"{name} label confirmed",
        Decision.REJECT_LABEL: f"{name} label rejected",
    }[verb]
    subject = f"{kind} {content.pk}".capitalize()
    if changed:
        return Outcome(True, f"{subject}: {what}.")
    return Outcome(False, f"{subject}: nothing changed (already {what}).")


def user_act(*, moderator, user, verb: str, duration: str = "", reason: str = "") -> Outcome:
    """Silence (for ``duration``), lift a silence, suspend or lift a suspension, through the services."""
    if verb not in USER_VERBS:
        raise ApplicationError(f"Unknown action {verb!r}.")
    if not can_moderate_users(moderator):
        raise PermissionDenied
    if user is None:  # the content of an erased account: there is nobody left to act on
        return Outcome(False, "The author erased their account.")
    name = str(user)
    if verb == "silence":
        if duration not in SILENCE_DURATIONS:
            raise ApplicationError(f"Unknown silence duration {duration!r}.")
        period, words = SILENCE_DURATIONS[duration]
        changed = user_silence(moderator=moderator, user=user, until=timezone.now() + period, reason=reason)
        return Outcome(changed, f"{name}: silenced for {words}.")
    if verb == "unsilence":
        changed = user_silence(moderator=moderator, user=user, until=None, reason=reason)
    elif verb == "suspend":
        changed = user_suspend(moderator=moderator, user=user, reason=reason)
    else:
        changed = user_unsuspend(moderator=moderator, user=user, reason=reason)
    if not changed:
        return Outcome(False, f"{name}: nothing to change.")
    return Outcome(True, f"{name}: {USER_VERBS[verb]}.")


def trust_act(*, moderator, user, trust_level: TrustLevel, reason: str = "") -> Outcome:
    if not can_moderate_users(moderator):
        raise PermissionDenied
    changed = user_trust_set(user=user, trust_level=trust_level, actor=moderator, reason=reason)
    if not changed:
        return Outcome(False, f"{user}: trust unchanged.")
    return Outcome(True, f"{user}: trust {user.get_trust_level_display()}.")


def pin_act(*, moderator, comment, pinned: bool) -> Outcome:
    """Pin or unpin a comment through the services (a moderator's act, as in the API)."""
    if not can_pin(moderator):
        raise PermissionDenied
    service = comment_pin if pinned else comment_unpin
    changed = service(moderator=moderator, comment=comment)
    verb = "pinned" if pinned else "unpinned"
    if not changed:
        return Outcome(False, f"Comment {comment.pk}: already {verb}.")
    return Outcome(True, f"Comment {comment.pk}: {verb}.")
