"""Erasure of a reader's account, moderation's part: called by the board through
``BOARD_ACCOUNT_ERASED_HOOKS`` inside the transaction of ``board.services.user_erase``.

Moderation keeps the facts (a report was made, a label was confirmed, a comment was removed, an account was
silenced) and drops the person: the erased reader no longer appears as an actor, their words (report
texts, the text moderators saw, the classifier's evidence quoted from it) are emptied, and their email and
display name are replaced wherever a moderator wrote them in a reason. Scores, levels, actions, targets
and times stay, so the queue's history, the dashboard's rates and the audit trail still add up.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from moderation.models import (
    ERASED_ACTOR_LABEL,
    Appeal,
    AuditLogEntry,
    ContentKind,
    Flag,
    Report,
    ReviewDecision,
    ReviewItem,
)
from moderation.services.users import USER

ERASED_MARK = "[erased]"
# Keys of an audit entry's ``extra`` that quote the content's or the reporter's words.
QUOTING_KEYS = ("text", "evidence")


def _scrubber(*words: str):
    """A function replacing each of ``words`` (whole words, any case) in a string with ``ERASED_MARK``."""
    words = [word for word in words if word]
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in words), re.IGNORECASE)

    def scrub(value):
        if isinstance(value, str):
            return pattern.sub(ERASED_MARK, value)
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        return value

    return scrub


def _content_q(erased, kind_field: str, id_field: str) -> Q:
    return Q(**{kind_field: ContentKind.COMMENT, f"{id_field}__in": erased.comment_ids}) | Q(
        **{kind_field: ContentKind.REPOST, f"{id_field}__in": erased.repost_ids}
    )


def _mentions_q(field: str, *words: str) -> Q:
    query = Q()
    for word in words:
        if word:
            query |= Q(**{f"{field}__icontains": word})
    return query


def _audit_anonymise(user_id: int, erased, scrub) -> None:
    words = (erased.email, erased.display_name)
    rows = (
        AuditLogEntry.objects.annotate(extra_text=Cast("extra", TextField()))
        .filter(
            Q(actor_id=user_id)
            | Q(actor_label__startswith=f"user:{user_id}:")
            | _content_q(erased, "target_kind", "target_id")
            | Q(target_kind=USER, target_id=user_id)
            | _mentions_q("reason", *words)
            | _mentions_q("extra_text", *words)
        )
        .only("pk", "actor_id", "actor_label", "reason", "extra", "target_kind", "target_id")
    )
    for entry in rows.iterator():
        changes = {}
        if entry.actor_id == user_id or entry.actor_label.startswith(f"user:{user_id}:"):
            changes.update(actor=None, actor_label=ERASED_ACTOR_LABEL)
        extra = entry.extra if isinstance(entry.extra, dict) else {}
        about_them = entry.actor_id == user_id or (
            (entry.target_kind == ContentKind.COMMENT and entry.target_id in erased.comment_ids)
            or (entry.target_kind == ContentKind.REPOST and entry.target_id in erased.repost_ids)
        )
        if about_them:
            extra = {key: value for key, value in extra.items() if key not in QUOTING_KEYS}
        extra = scrub(extra)
        if extra != entry.extra:
            changes["extra"] = extra
        reason = scrub(entry.reason)
        if reason != entry.reason:
            changes["reason"] = reason
        if changes:
            AuditLogEntry.objects.filter(pk=entry.pk).erasure_update(**changes)


@transaction.atomic
def account_erased_anonymise(*, user_id: int, erased) -> None:
    """Remove an erased reader from moderation's rows, keeping the facts (module docstring). Idempotent."""
    scrub = _scrubber(erased.email, erased.display_name)
    _audit_anonymise(user_id, erased, scrub)
    Report.objects.filter(reader_id=user_id).exclude(text="").update(text="")
    ReviewDecision.objects.filter(_content_q(erased, "content_kind", "object_id")).update(text="")
    ReviewDecision.objects.filter(moderator_id=user_id).update(moderator=None)
    for decision in ReviewDecision.objects.filter(_mentions_q("reason", erased.email, erased.display_name)):
        ReviewDecision.objects.filter(pk=decision.pk).update(reason=scrub(decision.reason))
    for item in ReviewItem.objects.filter(_mentions_q("resolution", erased.email, erased.display_name)):
        ReviewItem.objects.filter(pk=item.pk).update(resolution=scrub(item.resolution))
    Flag.objects.filter(_content_q(erased, "content_kind", "object_id")).update(evidence=[])
    Flag.objects.filter(resolved_by_id=user_id).update(resolved_by=None)
    ReviewItem.objects.filter(resolved_by_id=user_id).update(resolved_by=None)
    # An appeal keeps its outcome; the author's own words go.
    Appeal.objects.filter(author_id=user_id).exclude(text="").update(text="")
    Appeal.objects.filter(decided_by_id=user_id).update(decided_by=None)
