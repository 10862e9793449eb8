"""The moderators' review queue: one ``ReviewItem`` per piece of content, opened, merged and resolved here.

Callers hold the transaction (and the content's row lock); these helpers lock the item row itself.
"""

from __future__ import annotations

from django.utils import timezone

from moderation.models import ReviewItem, ReviewStatus


def review_item_get(*, kind: str, content, lock: bool = False) -> ReviewItem | None:
    queryset = ReviewItem.objects.all()
    if lock:
        queryset = queryset.select_for_update()
    return queryset.filter(**{kind: content}).first()


def review_item_open(
    *,
    kind: str,
    content,
    revision: int,
    reasons: list[str] | tuple[str, ...],
    risk: float,
    summary: dict | None = None,
    report_count: int | None = None,
    item: ReviewItem | None = None,
) -> ReviewItem:
    """Put ``content`` in the queue, or add ``reasons`` to its open item (risk only ever rises while open).

    A resolved item is reopened with the new reasons alone: the earlier ones were decided. Pass ``item`` if
    the caller already holds it locked (saves a query).
    """
    now = timezone.now()
    risk = min(1.0, max(0.0, float(risk)))
    if item is None:
        item = review_item_get(kind=kind, content=content, lock=True)
    if item is None:
        item = ReviewItem(
            content_kind=kind,
            revision=revision,
            reasons=list(dict.fromkeys(reasons)),
            risk=risk,
            summary=summary or {},
            opened_at=now,
            report_count=report_count or 0,
            **{kind: content},
        )
        # The content is a row the caller holds and the constraints are the database's: no extra queries.
        item.full_clean(
            exclude=["comment", "repost", "article", "resolved_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        item.save()
        return item
    if item.status == ReviewStatus.RESOLVED:
        item.status = ReviewStatus.OPEN
        item.reasons = list(dict.fromkeys(reasons))
        item.risk = risk
        item.opened_at = now
        item.resolved_at = None
        item.resolved_by = None
        item.resolution = ""
    else:
        item.reasons = list(dict.fromkeys([*item.reasons, *reasons]))
        item.risk = max(item.risk, risk)
    item.revision = max(item.revision, revision)
    if summary:
        item.summary = summary
    if report_count is not None:
        item.report_count = report_count
    item.save()
    return item


def review_item_resolve(*, kind: str, content, moderator, resolution: str) -> bool:
    """Close the open item of ``content`` (if any); reports count afresh from now. True if one was open."""
    item = review_item_get(kind=kind, content=content, lock=True)
    if item is None or item.status != ReviewStatus.OPEN:
        return False
    now = timezone.now()
    item.status = ReviewStatus.RESOLVED
    item.resolved_at = now
    item.resolved_by = moderator
    item.resolution = resolution
    item.reports_since = now
    item.report_count = 0
    item.save(
        update_fields=[
            "status",
            "resolved_at",
            "resolved_by",
            "resolution",
            "reports_since",
            "report_count",
            "updated_at",
        ]
    )
    return True
