"""What screening, readers and moderators recorded: classifications, flags, reports, decisions and screening
requests. Read-only for everyone: these rows are written by the services together with their audit entries,
and changing them here would rewrite history without a trace. Decisions are taken in the review queue.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator

from moderation.admin.links import detail_url
from moderation.admin.paging import CappedCountPaginator
from moderation.models import (
    Classification,
    ContentKind,
    Flag,
    Report,
    ReviewDecision,
    ScreeningRequest,
    ScreeningStatus,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nobody adds, changes or deletes these rows here, superusers included."""

    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedCountPaginator

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordAdmin(ReadOnlyAdmin):
    """A record about content, by kind and id: its content links to the content page."""

    @admin.display(description="content")
    def content_link(self, obj):
        return format_html(
            '<a href="{}">{} {}</a>',
            detail_url(obj.content_kind, obj.object_id),
            obj.content_kind,
            obj.object_id,
        )


@admin.register(Classification)
class ClassificationAdmin(RecordAdmin):
    list_display = (
        "created_at",
        "content_link",
        "revision",
        "action",
        "language",
        "model_version",
        "scores_short",
    )
    list_filter = ("action", "content_kind", "model_version")
    search_fields = ("object_id__exact",)

    @admin.display(description="scores")
    def scores_short(self, obj):
        parts = [
            f"{label} {value.get('score', 0):.2f} {value.get('level', '')}"
            for label, value in (obj.scores or {}).items()
            if isinstance(value, dict)
        ]
        return "; ".join(parts)


@admin.register(Flag)
class FlagAdmin(RecordAdmin):
    list_display = (
        "created_at",
        "content_link",
        "revision",
        "label",
        "score",
        "level",
        "action",
        "status",
        "evidence_short",
    )
    list_filter = ("label", "level", "status", "action", "content_kind")
    search_fields = ("object_id__exact",)
    list_select_related = ("resolved_by",)

    @admin.display(description="evidence")
    def evidence_short(self, obj):
        return Truncator("; ".join(str(line) for line in obj.evidence)).chars(160)


@admin.register(Report)
class ReportAdmin(RecordAdmin):
    list_display = ("created_at", "comment_link", "reader", "reason", "text")
    list_filter = ("reason", "created_at")
    search_fields = ("text", "reader__display_name", "comment__id__exact")
    list_select_related = ("reader",)

    @admin.display(description="comment")
    def comment_link(self, obj):
        return format_html(
            '<a href="{}">comment {}</a>', detail_url(ContentKind.COMMENT, obj.comment_id), obj.comment_id
        )


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(RecordAdmin):
    list_display = ("created_at", "moderator", "decision", "label", "content_link", "revision", "reason")
    list_filter = ("decision", "label", "content_kind", "created_at")
    search_fields = ("reason", "text", "moderator__display_name")
    list_select_related = ("moderator",)


class FailedFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ScreeningStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() in ScreeningStatus.values else queryset


@admin.register(ScreeningRequest)
class ScreeningRequestAdmin(RecordAdmin):
    list_display = (
        "created_at",
        "content_link",
        "revision",
        "status",
        "attempts",
        "error_short",
        "screened_at",
    )
    list_filter = (FailedFilter, "content_kind")
    search_fields = ("object_id__exact",)

    @admin.display(description="last error")
    def error_short(self, obj):
        return Truncator(obj.last_error).chars(120)
