"""Moderation's sections of a reader's data export (``BOARD_EXPORT_SECTIONS``; the registry is
``board.exports``): the reports they made, and the decisions about them and their content.

Moderators are not named (their decisions are the board's, not a person's); the classifier's scores are
not included (they are the board's assessment, and quoting them would teach how to evade screening), but
every decision that changed what readers see of the reader's content or account is.
"""

from __future__ import annotations

from django.db.models import Q

from board.models import Comment, Repost, User
from moderation.models import Appeal, AuditLogEntry, ContentKind, ReviewDecision
from moderation.services.users import USER


def _when(value):
    return value.isoformat() if value is not None else None


def reports_section(*, user: User) -> list[dict]:
    """The comments they reported, why, and what they wrote."""
    rows = user.reports.order_by("created_at", "id")
    return [
        {
            "comment": report.comment_id,
            "reason": report.reason,
            "text": report.text,
            "created_at": _when(report.created_at),
        }
        for report in rows
    ]


def decisions_section(*, user: User) -> dict:
    """Moderators' decisions on their comments and reposts, and what was done to their account and
    content automatically or by hand (the audit log's entries about them), oldest first."""
    comments = Comment.objects.filter(author=user).values("pk")
    reposts = Repost.objects.filter(user=user).values("pk")
    content = Q(content_kind=ContentKind.COMMENT, object_id__in=comments) | Q(
        content_kind=ContentKind.REPOST, object_id__in=reposts
    )
    decisions = ReviewDecision.objects.filter(content).order_by("created_at", "id")
    targets = (
        Q(target_kind=ContentKind.COMMENT, target_id__in=comments)
        | Q(target_kind=ContentKind.REPOST, target_id__in=reposts)
        | Q(target_kind=USER, target_id=user.pk)
    )
    entries = AuditLogEntry.objects.filter(targets).order_by("created_at", "id")
    return {
        "review_decisions": [
            {
                "content_kind": decision.content_kind,
                "content_id": decision.object_id,
                "revision": decision.revision,
                "decision": decision.decision,
                "label": decision.label or None,
                "reason": decision.reason,
                "created_at": _when(decision.created_at),
            }
            for decision in decisions
        ],
        "actions": [
            {
                "action": entry.action,
                "target_kind": entry.target_kind,
                "target_id": entry.target_id,
                "reason": entry.reason,
                "created_at": _when(entry.created_at),
            }
            for entry in entries
        ],
        "appeals": [
            {
                "content_kind": appeal.content_kind,
                "content_id": appeal.comment_id or appeal.repost_id,
                "label": appeal.label or None,
                "text": appeal.text,
                "status": appeal.status,
                "decision_reason": appeal.decision_reason,
                "created_at": _when(appeal.created_at),
                "decided_at": _when(appeal.decided_at),
            }
            for appeal in Appeal.objects.filter(author=user).order_by("created_at", "id")
        ],
    }
