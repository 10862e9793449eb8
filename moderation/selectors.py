"""Every read of the moderation app: querysets with their joins already applied."""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from board.models import Article, Comment, CommentRevision, Repost
from moderation.content import content_article, content_author, content_model
from moderation.models import (
    Appeal,
    AppealStatus,
    AuditLogEntry,
    Classification,
    ContentAction,
    ContentKind,
    Decision,
    Flag,
    FlagStatus,
    Label,
    Report,
    ReportReason,
    ReviewDecision,
    ReviewItem,
    ReviewStatus,
    UserModerationState,
)


def review_queue_waiting_count() -> int:
    """Open queue items: the number the dashboard and the admin index show (served by ``review_queue_idx``)."""
    return ReviewItem.objects.filter(status=ReviewStatus.OPEN).count()


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


# ---------------------------------------------------------------------------------------------------------
# The moderators' admin: the queue's rows, the dashboard, a piece of content in full, the audit log.
# ---------------------------------------------------------------------------------------------------------


# An article's text, which a queue row about a comment or a repost does not show (only its title).
_ARTICLE_TEXT = ("body", "body_html", "abstract")


def review_item_list() -> QuerySet[ReviewItem]:
    """Every queue item (open and resolved) with its content, author and article joined, highest risk first.

    The admin's queue narrows it with its filters (open items by default); rows are completed page by page
    with ``review_queue_attach``.
    """
    # Comments, most of the queue, are joined; reposts, articles and who resolved an item come in one query
    # each, and only when the page has some. Joining all of them (ten tables) took the planner 12 ms of a
    # searched queue page at a million comments, for a statement that ran in 4.
    return (
        ReviewItem.objects.select_related("comment__author", "comment__article")
        .defer(*(f"comment__article__{name}" for name in _ARTICLE_TEXT))
        .prefetch_related(
            Prefetch(
                "repost",
                Repost.objects.select_related("user", "article").defer(
                    *(f"article__{name}" for name in _ARTICLE_TEXT)
                ),
            ),
            Prefetch("article", Article.objects.select_related("author")),
            "resolved_by",
        )
        .order_by("-risk", "opened_at", "id")
    )


def _content_keys(items) -> dict[str, set[int]]:
    keys: dict[str, set[int]] = defaultdict(set)
    for item in items:
        keys[item.content_kind].add(item.object_id)
    return keys


def _latest_flags(keys: dict[str, set[int]]) -> dict[tuple[str, int], dict[str, Flag]]:
    """{(kind, id): {label: Flag}} of each piece of content's latest screened revision (one query)."""
    by_content: dict[tuple[str, int], dict[str, Flag]] = {}
    latest: dict[tuple[str, int], int] = {}
    flags = Flag.objects.filter(
        _or_all(Q(content_kind=kind, object_id__in=ids) for kind, ids in keys.items())
    ).select_related("classification")
    # Newest revision first: the first revision seen for a piece of content is its latest screened one.
    for flag in flags.order_by("content_kind", "object_id", "-revision", "label"):
        key = (flag.content_kind, flag.object_id)
        if latest.setdefault(key, flag.revision) == flag.revision:
            by_content.setdefault(key, {})[flag.label] = flag
    return by_content


def _report_reasons(comment_ids: set[int]) -> dict[int, list[tuple[str, int]]]:
    """{comment id: [(reason label, count)]}, most frequent first (one query, none without comments)."""
    reasons: dict[int, list[tuple[str, int]]] = defaultdict(list)
    if not comment_ids:
        return reasons
    rows = (
        Report.objects.filter(comment_id__in=comment_ids)
        .values("comment_id", "reason")
        .annotate(count=Count("id"))
        .order_by("comment_id", "-count", "reason")
    )
    labels = dict(ReportReason.choices)
    for row in rows:
        reasons[row["comment_id"]].append((labels.get(row["reason"], row["reason"]), row["count"]))
    return reasons


def _decisions_on_comments_of(author_ids) -> QuerySet[ReviewDecision]:
    return ReviewDecision.objects.filter(
        content_kind=ContentKind.COMMENT,
        object_id__in=Comment.objects.filter(author_id__in=author_ids).values("pk"),
    )


def _author_decisions(author_ids: set[int]) -> dict[int, dict[str, int]]:
    """{author id: {decision: count}} over moderators' decisions on their comments (one query)."""
    decisions: dict[int, dict[str, int]] = defaultdict(dict)
    if not author_ids:
        return decisions
    rows = (
        _decisions_on_comments_of(author_ids)
        .annotate(
            author_id=Subquery(
                Comment.objects.filter(pk=OuterRef("object_id")).order_by().values("author_id")[:1]
            )
        )
        .values("author_id", "decision")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in rows:
        decisions[row["author_id"]][row["decision"]] = row["count"]
    return decisions


def review_queue_attach(items: list[ReviewItem]) -> list[ReviewItem]:
    """Complete one page of queue items with what their rows show, in three queries whatever the page size.

    Sets on each item: ``label_flags`` ({label: Flag} of the content's latest screened revision, with its
    classification), ``report_reasons`` ([(reason label, count)], all reports of a comment) and
    ``reports_total``, and ``author_decisions`` ({decision: count} over the moderators' decisions on the
    author's comments).
    """
    if not items:
        return items
    keys = _content_keys(items)
    by_content = _latest_flags(keys)
    reasons = _report_reasons(keys.get(ContentKind.COMMENT, set()))
    decisions = _author_decisions(
        {item.comment.author_id for item in items if item.comment_id and item.comment.author_id}
    )
    for item in items:
        item.label_flags = by_content.get((item.content_kind, item.object_id), {})
        item.report_reasons = reasons.get(item.comment_id, []) if item.comment_id else []
        item.reports_total = sum(count for _reason, count in item.report_reasons)
        item.author_decisions = decisions.get(item.comment.author_id, {}) if item.comment_id else {}
    return items


def _or_all(conditions) -> Q:
    return functools.reduce(operator.or_, conditions)


@dataclass(frozen=True)
class LabelDrift:
    """One label over the dashboard's window: automatic actions and how many moderators overturned."""

    label: str
    name: str
    actions: int
    overturned: int
    upheld: int
    # One (day, actions, overturned) per day of the window, oldest first, days without actions included.
    days: list[tuple[date, int, int]] = field(default_factory=list)

    @property
    def overturned_share(self) -> float | None:
        return self.overturned / self.actions if self.actions else None


@dataclass(frozen=True)
class AppealShare:
    """Decided appeals of one group of decisions (a label, or automated vs human): how many overturned."""

    name: str
    decided: int
    overturned: int

    @property
    def overturned_share(self) -> float | None:
        return self.overturned / self.decided if self.decided else None

    @property
    def overturned_percent(self) -> int | None:
        share = self.overturned_share
        return None if share is None else round(share * 100)


@dataclass(frozen=True)
class AppealStats:
    """Appeals over the dashboard's weeks: how many a week (oldest first), and the share overturned per
    label and for automated vs human decisions."""

    weeks: list[tuple[date, int]]
    open: int
    per_label: list[AppealShare]
    per_origin: list[AppealShare]


@dataclass(frozen=True)
class Dashboard:
    waiting: int
    decided_today: int
    since: date
    until: date
    labels: list[LabelDrift]
    appeals: AppealStats | None = None


APPEAL_WEEKS = 8


def appeal_stats(*, now: datetime | None = None, weeks: int = APPEAL_WEEKS) -> AppealStats:
    """One aggregate query: appeals per (week, label, automated, status) over the last ``weeks`` weeks."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    rows = (
        Appeal.objects.filter(created_at__gte=start)
        .annotate(week=TruncWeek("created_at"))
        .values("week", "label", "automated", "status")
        .annotate(total=Count("id"))
        .order_by()
    )
    per_week: dict[date, int] = defaultdict(int)
    decided: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    waiting = 0
    for row in rows:
        week = row["week"].date() if isinstance(row["week"], datetime) else row["week"]
        per_week[week] += row["total"]
        if row["status"] == AppealStatus.OPEN:
            waiting += row["total"]
            continue
        overturned = row["total"] if row["status"] == AppealStatus.OVERTURNED else 0
        for key in (("label", row["label"] or ""), ("origin", "automated" if row["automated"] else "human")):
            decided[key][0] += row["total"]
            decided[key][1] += overturned
    label_names = {**dict(Label.choices), "": "other rules"}
    return AppealStats(
        weeks=[
            (first + timedelta(weeks=index), per_week.get(first + timedelta(weeks=index), 0))
            for index in range(weeks)
        ],
        open=waiting,
        per_label=[AppealShare(name, *decided[("label", label)]) for label, name in label_names.items()],
        per_origin=[
            AppealShare(f"{origin} decisions", *decided[("origin", origin)])
            for origin in ("automated", "human")
        ],
    )


def moderation_dashboard(*, days: int = 30, now: datetime | None = None) -> Dashboard:
    """The numbers at the top of the queue, in four aggregate queries whatever the volume.

    - ``waiting``: open queue items (served by the partial index ``review_queue_idx``);
    - ``decided_today``: moderators' approvals and removals since midnight (site time zone);
    - per label, over the last ``days`` days (today included): automatic actions (flags whose level asked
      for an action: notice, hold, hide) and those a moderator overturned (the flag rejected), per day.
      The window is found through ``Classification.created_at`` (indexed), not by scanning flags;
    - ``appeals``: appeals per week and the share overturned (``appeal_stats``, one query).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = today - timedelta(days=days - 1)
    start_of_today = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()))

    waiting = review_queue_waiting_count()
    decided_today = ReviewDecision.objects.filter(
        created_at__gte=start_of_today, decision__in=[Decision.APPROVE, Decision.REMOVE]
    ).count()
    rows = (
        Flag.objects.filter(classification__created_at__gte=start)
        .exclude(action=ContentAction.NONE)
        .annotate(day=TruncDate("classification__created_at"))
        .values("day", "label")
        .annotate(
            actions=Count("id"),
            overturned=Count("id", filter=Q(status=FlagStatus.REJECTED)),
            upheld=Count("id", filter=Q(status=FlagStatus.CONFIRMED)),
        )
        .order_by("day", "label")
    )
    per_day: dict[str, dict[date, tuple[int, int, int]]] = defaultdict(dict)
    for row in rows:
        per_day[row["label"]][row["day"]] = (row["actions"], row["overturned"], row["upheld"])
    window = [since + timedelta(days=offset) for offset in range(days)]
    labels = []
    for label, name in Label.choices:
        counts = per_day.get(label, {})
        labels.append(
            LabelDrift(
                label=label,
                name=name,
                actions=sum(value[0] for value in counts.values()),
                overturned=sum(value[1] for value in counts.values()),
                upheld=sum(value[2] for value in counts.values()),
                days=[(day, *counts.get(day, (0, 0, 0))[:2]) for day in window],
            )
        )
    return Dashboard(
        waiting=waiting,
        decided_today=decided_today,
        since=since,
        until=today,
        labels=labels,
        appeals=appeal_stats(now=now),
    )


@dataclass
class ContentDetail:
    """A piece of content with everything a moderator looks at before deciding."""

    kind: str
    content: object
    author: object
    article: object
    item: ReviewItem | None
    parent: object | None = None
    root: object | None = None
    replies: list = field(default_factory=list)
    reply_total: int = 0
    revisions: list = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    classifications: list[Classification] = field(default_factory=list)
    decisions: list[ReviewDecision] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    audit: list[AuditLogEntry] = field(default_factory=list)
    author_state: object | None = None
    author_decisions: dict[str, int] = field(default_factory=dict)

    @property
    def latest_flags(self) -> dict[str, Flag]:
        """{label: Flag} of the latest screened revision."""
        if not self.flags:
            return {}
        newest = max(flag.revision for flag in self.flags)
        return {flag.label: flag for flag in self.flags if flag.revision == newest}


DETAIL_REPLIES = 50
DETAIL_AUDIT_ENTRIES = 100


_DETAIL_JOINS = {
    ContentKind.COMMENT: ("author", "article", "parent__author", "root__author"),
    ContentKind.REPOST: ("user", "article"),
    ContentKind.ARTICLE: ("author", "disclaimer"),
}


def _comment_context(detail: ContentDetail) -> None:
    """A comment's thread around it, its edit history, its reports and its author's past decisions."""
    content = detail.content
    detail.parent = content.parent
    detail.root = content.root if content.root_id and content.root_id != content.parent_id else None
    replies = Comment.objects.filter(parent=content).select_related("author").order_by("created_at", "id")
    detail.replies = list(replies[:DETAIL_REPLIES])
    detail.reply_total = len(detail.replies) if len(detail.replies) < DETAIL_REPLIES else replies.count()
    detail.revisions = list(CommentRevision.objects.filter(comment=content).order_by("-revision"))
    detail.reports = list(review_item_reports_for_comment(comment_id=content.pk))
    detail.author_decisions = {
        row["decision"]: row["count"]
        for row in _decisions_on_comments_of([detail.author.pk] if detail.author else [])
        .values("decision")
        .annotate(count=Count("id"))
        .order_by()
    }


def content_detail(*, kind: str, object_id: int) -> ContentDetail | None:
    """A comment, repost or article in full for the moderators' detail page, or None if it does not exist.

    Comments come with their thread context (the top-level comment, the parent, the first
    ``DETAIL_REPLIES`` direct replies and their number) and their edit history (older texts, newest first);
    every kind with all its flags and classifications (every revision), moderators' decisions, readers'
    reports and the latest ``DETAIL_AUDIT_ENTRIES`` audit entries.
    """
    content = content_model(kind).objects.select_related(*_DETAIL_JOINS[kind]).filter(pk=object_id).first()
    if content is None:
        return None
    author = content_author(kind, content)
    detail = ContentDetail(
        kind=kind,
        content=content,
        author=author,
        article=content_article(kind, content),
        item=ReviewItem.objects.select_related("resolved_by").filter(**{kind: content}).first(),
    )
    if kind == ContentKind.COMMENT:
        _comment_context(detail)
    detail.flags = list(flags_for_content(kind=kind, object_id=content.pk))
    detail.classifications = list(
        Classification.objects.filter(content_kind=kind, object_id=content.pk).order_by("-revision")
    )
    detail.decisions = list(
        ReviewDecision.objects.filter(content_kind=kind, object_id=content.pk)
        .select_related("moderator")
        .order_by("-created_at", "-id")
    )
    detail.audit = list(audit_log_for(target_kind=kind, target_id=content.pk)[:DETAIL_AUDIT_ENTRIES])
    detail.author_state = (
        UserModerationState.objects.filter(user_id=author.pk).first() if author is not None else None
    )
    return detail


def review_item_reports_for_comment(*, comment_id: int) -> QuerySet[Report]:
    """All readers' reports of a comment, newest first, with their readers."""
    return (
        Report.objects.filter(comment_id=comment_id).select_related("reader").order_by("-created_at", "-id")
    )


def audit_log_list() -> QuerySet[AuditLogEntry]:
    """The audit log, newest first, with the acting users joined."""
    return AuditLogEntry.objects.select_related("actor").order_by("-created_at", "-id")


__all__ = [
    "ContentDetail",
    "Dashboard",
    "LabelDrift",
    "audit_log_for",
    "audit_log_list",
    "content_detail",
    "flags_for_content",
    "moderation_dashboard",
    "review_item_list",
    "review_item_reports_for_comment",
    "review_queue_attach",
]


def screening_integrity(*, since: datetime | None = None) -> dict[str, int]:
    """What the screening outbox promises, as counts that are all 0 when it holds (the soak's checks and
    the restore drill, through ``manage.py screening_check``):

    - ``missing_request``: a comment, or a repost with a quote, created at or after ``since`` without an
      outbox row for its current revision (content bulk-loaded by a seeder has none, hence ``since``);
    - ``done_without_classification``: a request marked done with no classification of its revision (a
      request finished with a note, because its content was gone or already changed, is not counted);
    - ``classified_not_done``: a classification whose request is still pending or failed: the two are
      written in one transaction, so a consistent copy never shows one without the other;
    - ``flags_not_one_per_label``: a classification without exactly one flag per label;
    - ``audits_doubled``: content with more ``screening.*`` audit entries than classifications and failures;
    - ``pending`` and ``failed``: requests not screened (yet, or after every attempt). ``pending`` is 0
      only once the queue has drained; a copy taken under traffic holds the few that were in flight.
    """
    from moderation.models import ScreeningRequest, ScreeningStatus

    def same_revision(kind_field: str = "content_kind") -> dict:
        return {
            kind_field: OuterRef("content_kind"),
            "object_id": OuterRef("object_id"),
            "revision": OuterRef("revision"),
        }

    def requested(kind: str) -> Exists:
        return Exists(
            ScreeningRequest.objects.filter(
                content_kind=kind, object_id=OuterRef("pk"), revision=OuterRef("revision")
            )
        )

    recent = Q(created_at__gte=since) if since is not None else Q()
    missing = Comment.objects.filter(recent).exclude(requested(ContentKind.COMMENT)).count()
    missing += Repost.objects.filter(recent).exclude(quote="").exclude(requested(ContentKind.REPOST)).count()
    classified = Classification.objects.filter(**same_revision())
    done_without = (
        ScreeningRequest.objects.filter(status=ScreeningStatus.DONE, last_error="")
        .exclude(Exists(classified))
        .count()
    )
    not_done = (
        Classification.objects.exclude(
            Exists(ScreeningRequest.objects.filter(status=ScreeningStatus.DONE, **same_revision()))
        )
        .filter(Exists(ScreeningRequest.objects.filter(**same_revision())))
        .count()
    )
    flag_counts = Classification.objects.annotate(
        labels=Count("flags__label", distinct=True), rows=Count("flags")
    ).exclude(labels=len(Label.choices), rows=len(Label.choices))
    screened = defaultdict(int)
    for kind, object_id, rows in (
        Classification.objects.values_list("content_kind", "object_id").annotate(rows=Count("pk")).order_by()
    ):
        screened[(kind, object_id)] += rows
    for kind, object_id, rows in (
        ScreeningRequest.objects.filter(status=ScreeningStatus.FAILED)
        .values_list("content_kind", "object_id")
        .annotate(rows=Count("pk"))
        .order_by()
    ):
        screened[(kind, object_id)] += rows
    audits = (
        AuditLogEntry.objects.filter(action__startswith="screening.")
        .values_list("target_kind", "target_id")
        .annotate(rows=Count("pk"))
        .order_by()
    )
    doubled = sum(1 for kind, object_id, rows in audits if rows > screened[(kind, object_id)])
    statuses = dict(
        ScreeningRequest.objects.values_list("status")
        .annotate(rows=Count("pk"))
        .order_by()
        .values_list("status", "rows")
    )
    return {
        "missing_request": missing,
        "done_without_classification": done_without,
        "classified_not_done": not_done,
        "flags_not_one_per_label": flag_counts.count(),
        "audits_doubled": doubled,
        "pending": statuses.get(ScreeningStatus.PENDING, 0),
        "failed": statuses.get(ScreeningStatus.FAILED, 0),
    }
