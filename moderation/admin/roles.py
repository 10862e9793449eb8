"""Who may do what in the moderators' admin, derived from the board's one rule of who moderates
(``board.access.user_is_moderator``: active staff, superusers and the Moderator group).

The admin shows a moderator the screens Django's permissions grant. The Moderator group (created by
migration ``0002_moderator_group``) holds exactly ``MODERATOR_PERMISSIONS``; a moderator's account is also
``is_staff`` (to enter the admin). Two permissions stand for moderators' acts rather than for editing rows:

- ``moderation.change_reviewitem``: decide on queue items (approve, remove, confirm or reject a label);
- ``moderation.change_usermoderationstate``: silence, suspend and set the trust of readers.

An act in the admin needs both: a moderator, holding the act's permission. Pinning a comment needs only the
rule, as in the API. Every act is exercised through ``moderation.services`` (which check the actor again
and write the audit row); no ModelAdmin lets anyone edit those rows directly.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from board.access import user_is_moderator

DECIDE_PERMISSION = "moderation.change_reviewitem"
MODERATE_USERS_PERMISSION = "moderation.change_usermoderationstate"
DECIDE_APPEALS_PERMISSION = "moderation.change_appeal"

# The living list; the migration keeps a frozen copy and a test checks they agree.
MODERATOR_PERMISSIONS = {
    "board": ["view_user", "view_article", "view_comment", "view_repost"],
    "moderation": [
        "view_reviewitem",
        "change_reviewitem",
        "view_usermoderationstate",
        "change_usermoderationstate",
        "view_watchedword",
        "add_watchedword",
        "change_watchedword",
        "view_moderationthresholds",
        "change_moderationthresholds",
        "view_classification",
        "view_flag",
        "view_report",
        "view_reviewdecision",
        "view_screeningrequest",
        "view_auditlogentry",
        # Appeals: see them, and decide them (uphold or overturn, through the services).
        "view_appeal",
        "change_appeal",
    ],
}


def can_decide(user) -> bool:
    return user_is_moderator(user) and user.has_perm(DECIDE_PERMISSION)


def can_moderate_users(user) -> bool:
    return user_is_moderator(user) and user.has_perm(MODERATE_USERS_PERMISSION)


def can_decide_appeals(user) -> bool:
    return user_is_moderator(user) and user.has_perm(DECIDE_APPEALS_PERMISSION)


def can_pin(user) -> bool:
    return user_is_moderator(user)


def moderator_group_sync():
    """Create or repair the Moderator group with exactly ``MODERATOR_PERMISSIONS`` (tests and fresh
    databases whose tables were flushed after migrating); returns the group."""
    group, _ = Group.objects.get_or_create(name=settings.BOARD_MODERATOR_GROUP)
    permissions = []
    for app_label, codenames in MODERATOR_PERMISSIONS.items():
        permissions += Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.set(permissions)
    return group
