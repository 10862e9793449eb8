"""Every read of the moderation app: querysets with their joins already applied."""

from __future__ import annotations

from django.db.models import QuerySet

from moderation.models import (
    AuditLogEntry,
    Flag,
    Report,
    ReviewItem,
    ReviewStatus,
    ScreeningRequest,
    ScreeningStatus,
)


def review_queue_list(*, status: str = ReviewStatus.OPEN) -> QuerySet[ReviewItem]:
    """The moderators' queue: held, hidden, noticed, reported and failed content, highest risk first.

    Each item carries its content, the content's author and article (one join), and the latest scores in
    ``summary``; a page of any size costs one query (plus ``count()`` for a paginator), whatever the queue
    length, served by the partial index ``review_queue_idx``.
    """
    return (
        ReviewItem.objects.filter(status=status)
        .select_related(
            "comment__author",
            "comment__article",
            "repost__user",
            "repost__article",
            "article__author",
        )
        .order_by("-risk", "opened_at", "id")
    )


def review_item_reports(*, item: ReviewItem) -> QuerySet[Report]:
    """The readers' reports behind an item (comments only), newest first, with their readers."""
    if item.comment_id is None:
        return Report.objects.none()
    return (
        Report.objects.filter(comment_id=item.comment_id)
        .select_related("reader")
        .order_by("-created_at", "-id")
    )


def flags_for_content(*, kind: str, object_id: int, revision: int | None = None) -> QuerySet[Flag]:
    """The flags of one piece of content: of ``revision``, or of every revision (newest first)."""
    flags = Flag.objects.filter(content_kind=kind, object_id=object_id).select_related(
        "classification", "resolved_by"
    )
    if revision is not None:
        flags = flags.filter(revision=revision)
    return flags.order_by("-revision", "label")


def audit_log_for(*, target_kind: str, target_id: int) -> QuerySet[AuditLogEntry]:
    return (
        AuditLogEntry.objects.filter(target_kind=target_kind, target_id=target_id)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def screening_failed_list() -> QuerySet[ScreeningRequest]:
    """Screening requests that gave up (shown to moderators), newest first."""
    return ScreeningRequest.objects.filter(status=ScreeningStatus.FAILED).order_by("-created_at", "-id")


__all__ = [
    "audit_log_for",
    "flags_for_content",
    "review_item_reports",
    "review_queue_list",
    "screening_failed_list",
]
