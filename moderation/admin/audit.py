"""The audit log in the admin: read-only for everyone (superusers included), filterable, exported as CSV.

Rows are written only by ``moderation.services.audit_log_record``; the model refuses updates and deletes,
and this admin offers neither. The CSV export streams whatever the changelist shows (same filters and
search), row by row, so a year of log is exported without holding it in memory.
"""

from __future__ import annotations

import csv
import json

from django.contrib import admin
from django.contrib.admin import DateFieldListFilter, SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from board.access import moderators_q
from board.models import User
from moderation.admin.links import detail_url
from moderation.admin.records import ReadOnlyAdmin
from moderation.admin.search import IndexedSearchMixin, audit_log_search
from moderation.content import KIND_MODELS
from moderation.models import AuditLogEntry, ContentKind
from moderation.selectors import audit_log_list

CSV_COLUMNS = (
    "created_at",
    "actor_label",
    "actor_id",
    "action",
    "target_kind",
    "target_id",
    "reason",
    "extra",
)
# A cell starting with one of these is a formula to a spreadsheet: prefixed with a quote when exported.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

ACTOR_KINDS = [
    ("user:", "people (moderators, readers)"),
    ("worker:", "workers (classifier model)"),
    ("reports", "readers' reports (threshold)"),
    ("trainer", "model training"),
    ("sweep", "screening sweep"),
]
ACTION_FAMILIES = [
    ("review.", "moderators' decisions"),
    ("screening.", "automatic screening"),
    ("report.", "reports"),
    ("user.", "accounts (trust, silence, suspension)"),
    ("content.", "pinning"),
    ("watched_word.", "watched words"),
    ("thresholds.", "thresholds"),
    ("model.", "models"),
]
TARGET_KINDS = [
    *((kind, kind) for kind in ContentKind.values),
    ("user", "user"),
    ("watched_word", "watched word"),
    ("thresholds", "thresholds"),
    ("model", "model"),
]


class ActorKindFilter(SimpleListFilter):
    title = "actor"
    parameter_name = "actor_kind"

    def lookups(self, request, model_admin):
        return ACTOR_KINDS

    def queryset(self, request, queryset):
        if self.value() in dict(ACTOR_KINDS):
            return queryset.filter(actor_label__startswith=self.value())
        return queryset


class ModeratorFilter(SimpleListFilter):
    """The people who moderate (``board.access.moderators_q``): one small query for the list."""

    title = "moderator"
    parameter_name = "actor_id"

    def lookups(self, request, model_admin):
        users = (
            User.objects.filter(moderators_q())
            .distinct()
            .order_by("display_name")
            .values_list("pk", "display_name")
        )
        return [(str(pk), name) for pk, name in users]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(actor_id=int(self.value()))
        return queryset


class ActionFilter(SimpleListFilter):
    title = "action"
    parameter_name = "action_family"

    def lookups(self, request, model_admin):
        return ACTION_FAMILIES

    def queryset(self, request, queryset):
        if self.value() in dict(ACTION_FAMILIES):
            return queryset.filter(action__startswith=self.value())
        return queryset


class TargetKindFilter(SimpleListFilter):
    title = "target kind"
    parameter_name = "target_kind"

    def lookups(self, request, model_admin):
        return TARGET_KINDS

    def queryset(self, request, queryset):
        if self.value() in dict(TARGET_KINDS):
            return queryset.filter(target_kind=self.value())
        return queryset


class TargetIdFilter(SimpleListFilter):
    """``?target_id=`` from a content page's "all entries" link; shown only while it is in use."""

    title = "target id"
    parameter_name = "target_id"

    def lookups(self, request, model_admin):
        value = request.GET.get(self.parameter_name, "")
        return [(value, f"#{value}")] if value.isdigit() else []

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(target_id=int(self.value()))
        return queryset


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    """A file-like object whose ``write`` returns the line, so ``csv.writer`` feeds a streaming response."""

    def write(self, value: str) -> str:
        return value


def audit_csv_response(queryset, *, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    rows = queryset.values_list(*CSV_COLUMNS).iterator(chunk_size=2000)

    def lines():
        yield "\ufeff"  # so that spreadsheets read the file as UTF-8
        yield writer.writerow(CSV_COLUMNS)
        for row in rows:
            created_at, *rest = row
            yield writer.writerow([created_at.isoformat(), *(_csv_cell(value) for value in rest)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(AuditLogEntry)
class AuditLogAdmin(IndexedSearchMixin, ReadOnlyAdmin):
    list_display = ("created_at", "actor_label", "action", "target_link", "reason_short", "extra_short")
    list_filter = (
        ActorKindFilter,
        ModeratorFilter,
        ActionFilter,
        TargetKindFilter,
        TargetIdFilter,
        ("created_at", DateFieldListFilter),
    )
    search_fields = ("actor_label", "action", "reason")
    indexed_search = staticmethod(audit_log_search)
    search_help_text = "Search the actor, the action code (e.g. review.remove) and the reason."
    list_select_related = ("actor",)
    list_per_page = 100
    sortable_by = ()
    ordering = ("-created_at", "-id")
    fields = (
        "created_at",
        "actor",
        "actor_label",
        "action",
        "target_kind",
        "target_id",
        "reason",
        "extra_pretty",
    )
    readonly_fields = fields
    actions = ["export_selected_csv"]
    change_list_template = "admin/moderation/auditlogentry/change_list.html"

    class Media:
        css = {"all": ["moderation/admin.css"]}

    def get_queryset(self, request):
        return audit_log_list()

    @admin.display(description="target")
    def target_link(self, entry):
        label = f"{entry.target_kind} {entry.target_id or ''}".strip()
        if entry.target_kind in KIND_MODELS and entry.target_id:
            return format_html('<a href="{}">{}</a>', detail_url(entry.target_kind, entry.target_id), label)
        if entry.target_kind == "user" and entry.target_id:
            return format_html(
                '<a href="{}">{}</a>', reverse("admin:board_user_change", args=[entry.target_id]), label
            )
        return label

    @admin.display(description="reason")
    def reason_short(self, entry):
        return Truncator(entry.reason).chars(120)

    @admin.display(description="details")
    def extra_short(self, entry):
        return (
            Truncator(json.dumps(entry.extra, ensure_ascii=False, sort_keys=True)).chars(160)
            if entry.extra
            else ""
        )

    @admin.display(description="details")
    def extra_pretty(self, entry):
        return format_html(
            "<pre>{}</pre>", json.dumps(entry.extra, ensure_ascii=False, indent=2, sort_keys=True)
        )

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="moderation_auditlogentry_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The changelist's rows (its filters and search from the query string) as a streamed CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        request.GET = request.GET.copy()
        request.GET.pop("p", None)  # the export is every page of the view
        changelist = self.get_changelist_instance(request)
        return audit_csv_response(changelist.queryset, filename=self._filename())

    @admin.action(description="Export the selected entries as CSV", permissions=["view"])
    def export_selected_csv(self, request, queryset):
        return audit_csv_response(queryset, filename=self._filename())

    def _filename(self) -> str:
        return f"audit-log-{timezone.now():%Y%m%d-%H%M%S}.csv"
