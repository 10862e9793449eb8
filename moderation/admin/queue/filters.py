"""The review queue's list filters: fixed choices, so they cost no query."""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter
from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast

from board.models import ModerationState
from moderation.models import Label, Level, Report, ReportReason, ReviewStatus


class QueueStatusFilter(SimpleListFilter):
    """Waiting items by default; decided ones on request."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(ReviewStatus.OPEN, "waiting"), (ReviewStatus.RESOLVED, "decided"), ("all", "all")]

    def value(self):
        return super().value() or ReviewStatus.OPEN

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(status=self.value())


class LabelFilter(SimpleListFilter):
    """Items whose latest screening put a label at medium or high, or that matched a watched word."""

    title = "label"
    parameter_name = "label"

    def lookups(self, request, model_admin):
        return [*Label.choices, ("watched", "watched word")]

    def queryset(self, request, queryset):
        value = self.value()
        if value in Label.values:
            return queryset.filter(**{f"summary__{value}__level__in": [Level.MEDIUM, Level.HIGH]})
        if value == "watched":
            return _reasons_containing(queryset, '"watched:')
        return queryset


def _reasons_containing(queryset, fragment: str):
    # JSON containment (``reasons__contains``) is PostgreSQL-only; the list's text works on SQLite too.
    return queryset.annotate(reasons_text=Cast("reasons", TextField())).filter(
        reasons_text__contains=fragment
    )


# The choices of ``ContentStateFilter`` that are a board state as such ("hidden" is held spam).
_STATES = (ModerationState.HELD, ModerationState.VISIBLE, ModerationState.REMOVED, ModerationState.PENDING)


def _state_q(state: str) -> Q:
    return (
        Q(comment__moderation_state=state)
        | Q(repost__moderation_state=state)
        | Q(article__moderation_state=state)
    )


class ContentStateFilter(SimpleListFilter):
    title = "content state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (ModerationState.HELD, "held for review"),
            ("hidden", "hidden as spam"),
            (ModerationState.VISIBLE, "published (notice or reported)"),
            (ModerationState.REMOVED, "removed"),
            (ModerationState.PENDING, "not screened yet"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "hidden":
            return queryset.filter(_state_q(ModerationState.HELD), summary__spam__level=Level.HIGH)
        if value in _STATES:
            return queryset.filter(_state_q(value))
        return queryset


class ReportReasonFilter(SimpleListFilter):
    title = "report reason"
    parameter_name = "report"

    def lookups(self, request, model_admin):
        return [*ReportReason.choices, ("any", "any report")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.filter(Exists(Report.objects.filter(comment_id=OuterRef("comment_id"))))
        if value in ReportReason.values:
            return queryset.filter(
                Exists(Report.objects.filter(comment_id=OuterRef("comment_id"), reason=value))
            )
        return queryset


class QueuedBecauseFilter(SimpleListFilter):
    title = "queued because"
    parameter_name = "why"

    def lookups(self, request, model_admin):
        return [
            ("new_account", "new account"),
            ("reports", "readers' reports"),
            ("watched", "watched word"),
            ("screening_failed", "screening failed"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in dict(self.lookup_choices):
            return _reasons_containing(queryset, f'"{value}')
        return queryset
