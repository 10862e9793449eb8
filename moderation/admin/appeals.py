"""The Appeals queue: authors' appeals of holds and removals, oldest first. Each row shows the content, the
original decision (its action, label, evidence and who made it) and the appeal's text; its page decides
*uphold* or *overturn* with a reason, through ``moderation.services.appeal_decide`` (which restores the
content on an overturn, notifies the author and writes the audit row). Deciding needs a moderator holding
``moderation.change_appeal``; nobody adds, edits or deletes appeals here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.text import Truncator

from board.exceptions import ApplicationError
from moderation import content as board_content
from moderation.admin.links import detail_url
from moderation.admin.roles import can_decide_appeals
from moderation.models import REASON_MAX_LENGTH, Appeal, AppealStatus
from moderation.services import appeal_decide
from moderation.services.appeals import statement_of


class AppealDecideForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("uphold", "Uphold the decision"), ("overturn", "Overturn it")])
    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The author reads it.",
    )


class OpenFirstFilter(admin.SimpleListFilter):
    """Open appeals unless another status is chosen (the queue is what waits)."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*AppealStatus.choices, ("all", "all")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or AppealStatus.OPEN) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or AppealStatus.OPEN
        return queryset if value == "all" else queryset.filter(status=value)


def _evidence(decision) -> str:
    extra = decision.extra or {}
    evidence = extra.get("evidence") or {}
    parts = [f"{label}: {', '.join(map(str, items))}" for label, items in evidence.items() if items]
    levels = extra.get("levels") or {}
    parts += [f"{label} {level}" for label, level in levels.items() if level != "low"]
    return "; ".join(parts)


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    index_name = "Appeals"
    index_order = 1
    list_display = ("created_at", "content_cell", "decision_cell", "text_cell", "status", "decided_by")
    list_display_links = ("created_at",)
    list_filter = (OpenFirstFilter, "label", "automated")
    ordering = ("created_at", "id")
    search_fields = ("text", "author__display_name")
    show_full_result_count = False
    list_per_page = 50

    def index_badge(self, request) -> str:
        return f"{Appeal.objects.filter(status=AppealStatus.OPEN).count()} open"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("decision", "author", "comment", "repost", "decided_by", "decision__actor")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return can_decide_appeals(request.user)

    @admin.display(description="content")
    def content_cell(self, appeal):
        content = appeal.target
        text = board_content.content_text_shown(appeal.content_kind, content) if content else ""
        return format_html(
            '<a href="{}">{} #{}</a> by {}<br>{}',
            detail_url(appeal.content_kind, appeal.object_id),
            appeal.content_kind,
            appeal.object_id,
            appeal.author.display_name,
            Truncator(text).chars(200),
        )

    @admin.display(description="original decision")
    def decision_cell(self, appeal):
        decision = appeal.decision
        return format_html(
            "{} · {} · by {}<br><small>{}</small>",
            decision.action,
            appeal.label or "no label",
            decision.actor_label,
            _evidence(decision) or decision.reason,
        )

    @admin.display(description="appeal")
    def text_cell(self, appeal):
        return Truncator(appeal.text).chars(300)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The appeal in full and, while open, the form that decides it."""
        appeal = self.get_object(request, object_id)
        if appeal is None or not self.has_view_permission(request, appeal):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form = AppealDecideForm(request.POST or None)
        if request.method == "POST":
            if not self.has_change_permission(request, appeal):
                raise DjangoPermissionDenied
            if form.is_valid():
                try:
                    decided = appeal_decide(moderator=request.user, appeal=appeal, **form.cleaned_data)
                except ApplicationError as exc:
                    messages.error(request, exc.message)
                else:
                    outcome = "overturned" if form.cleaned_data["outcome"] == "overturn" else "upheld"
                    messages.success(
                        request,
                        f"Appeal {appeal.pk} {outcome}."
                        if decided
                        else f"Appeal {appeal.pk} was already decided.",
                    )
                    return redirect("admin:moderation_appeal_changelist")
        content = appeal.target
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Appeal {appeal.pk}",
            "appeal": appeal,
            "statement": statement_of(appeal.decision),
            "evidence": _evidence(appeal.decision),
            "content_text": board_content.content_text_shown(appeal.content_kind, content) if content else "",
            "content_state": content.moderation_state if content else "gone",
            "content_url": detail_url(appeal.content_kind, appeal.object_id),
            "form": form,
            "can_decide": appeal.status == AppealStatus.OPEN and self.has_change_permission(request, appeal),
        }
        return TemplateResponse(request, "admin/moderation/appeal/decide.html", context)
