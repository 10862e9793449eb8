"""Readers' reports: one per reader and comment; enough distinct readers hide the comment for a moderator."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from board.access import Viewer, comment_is_open_to
from board.exceptions import ApplicationError, NotFound
from board.models import Comment, ModerationState, User
from moderation import content as board_content
from moderation.models import REPORT_TEXT_MAX_LENGTH, AuditAction, ContentKind, Report, ReportReason
from moderation.runtime import live_config
from moderation.services.audit import audit_log_record
from moderation.services.queue import review_item_get, review_item_open

# Queue order for reported comments: each distinct reader adds 0.3, so the hiding third report ranks with
# a high classifier score (0.9); a comment the classifier scored higher keeps its own risk.
REPORT_RISK_STEP = 0.3
REPORT_RISK_MAX = 0.95


def _report_text_clean(reason: str, text: str) -> str:
    if reason not in ReportReason.values:
        raise ApplicationError(
            "Unknown reason.", fields={"reason": [f"Choose one of: {', '.join(ReportReason.values)}."]}
        )
    text = (text or "").strip()
    if len(text) > REPORT_TEXT_MAX_LENGTH:
        raise ApplicationError(
            "The text is too long.", fields={"text": [f"At most {REPORT_TEXT_MAX_LENGTH} characters."]}
        )
    return text


def _report_save(*, reader: User, comment: Comment, reason: str, text: str) -> tuple[Report, bool]:
    existing = Report.objects.filter(reader=reader, comment=comment).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = Report(reader=reader, comment=comment, reason=reason, text=text)
            report.full_clean(
                exclude=["reader", "comment"], validate_unique=False, validate_constraints=False
            )
            report.save()
    except IntegrityError:  # the same reader, twice at once: the other request won
        return Report.objects.get(reader=reader, comment=comment), False
    return report, True


def _reports_queue(comment: Comment) -> int:
    """Put the comment in the queue (or update its item) with the distinct readers who reported it since
    the last moderator decision; returns their number."""
    item = review_item_get(kind=ContentKind.COMMENT, content=comment, lock=True)
    since = item.reports_since if item is not None else None
    reports = Report.objects.filter(comment=comment)
    if since is not None:
        reports = reports.filter(created_at__gte=since)
    count = reports.values("reader_id").distinct().count()
    review_item_open(
        kind=ContentKind.COMMENT,
        content=comment,
        revision=comment.revision,
        reasons=["reports"],
        risk=min(REPORT_RISK_MAX, REPORT_RISK_STEP * count),
        report_count=count,
        item=item,
    )
    return count


@transaction.atomic
def report_create(*, reader: User, comment: Comment, reason: str, text: str = "") -> tuple[Report, bool]:
    """Record ``reader``'s report of ``comment``; returns ``(report, created)``.

    A reader reports a comment once: a repeat returns the first report (``created`` False) and changes
    nothing. Comments the reader cannot see answer "not found"; one's own comment cannot be reported.
    When the distinct readers who reported it since the last moderator decision reach the threshold
    (``reports_to_hide``, default 3), a visible comment is held until a moderator decides.
    """
    text = _report_text_clean(reason, text)
    # The comment row's lock orders concurrent reports of one comment: the count below sees all of them.
    locked = board_content.content_get(kind=ContentKind.COMMENT, object_id=comment.pk, lock=True)
    if locked is None or not comment_is_open_to(locked, Viewer(reader)):
        raise NotFound("Comment not found.")
    if locked.author_id == reader.pk:
        raise ApplicationError("You cannot report your own comment.", code="own_comment")
    report, created = _report_save(reader=reader, comment=locked, reason=reason, text=text)
    if not created:
        return report, False
    audit_log_record(
        actor=reader,
        action=AuditAction.REPORT_CREATED,
        target_kind=ContentKind.COMMENT,
        target_id=locked.pk,
        reason=reason,
        extra={"text": text},
    )
    count = _reports_queue(locked)
    threshold = live_config().reports_to_hide
    if count >= threshold and locked.moderation_state == ModerationState.VISIBLE:
        board_content.content_set_state(kind=ContentKind.COMMENT, content=locked, state=ModerationState.HELD)
        audit_log_record(
            actor_label="reports",
            action=AuditAction.REPORT_HIDDEN,
            target_kind=ContentKind.COMMENT,
            target_id=locked.pk,
            reason=f"{count} readers reported it (threshold {threshold})",
            extra={"reports": count, "threshold": threshold},
        )
    return report, True
