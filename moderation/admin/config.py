"""Watched words and thresholds: moderators edit them here, the services validate, save and audit them.

Workers read both through ``moderation.runtime.live_config``, cached per process for
``MODERATION_CONFIG_TTL_SECONDS`` (30 s by default), so an edit reaches every worker within a minute without
a restart. A bad regular expression is refused by the model's ``clean()`` (``validate_pattern``: it must
compile, and nested quantifiers and backreferences are refused), which the admin's form shows on the field.
Nothing is deleted: a word is deactivated, so the audit log keeps what it was.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from board.exceptions import ApplicationError
from moderation.models import ModerationThresholds, WatchedWord
from moderation.services import thresholds_update, watched_word_save
from moderation.services.config import THRESHOLD_FIELDS, thresholds_get


def _ttl_note() -> str:
    return (
        f"Workers apply changes within {settings.MODERATION_CONFIG_TTL_SECONDS:g} seconds, without a restart."
    )


class WatchedWordForm(forms.ModelForm):
    class Meta:
        model = WatchedWord
        fields = ("pattern", "is_regex", "label", "action", "is_active", "note")
        help_texts = {
            "pattern": (
                "A word or phrase (matched on word boundaries after normalization: case, look-alike and "
                "spaced letters), or a regular expression if 'is regex' is ticked (case-insensitive; nested "
                "quantifiers and backreferences are refused)."
            ),
            "label": "The label a match raises (optional).",
            "action": "flag: queue for review, published; hold: held for review; remove: removed at once.",
        }


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    form = WatchedWordForm
    list_display = ("pattern", "is_regex", "label", "action", "is_active", "note", "created_by", "updated_at")
    list_filter = ("is_active", "is_regex", "label", "action")
    search_fields = ("pattern", "note")
    list_select_related = ("created_by",)
    actions = ["activate", "deactivate"]

    def get_fieldsets(self, request, obj=None):
        return [(None, {"fields": WatchedWordForm.Meta.fields, "description": _ttl_note()})]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit log keeps the word

    def save_model(self, request, obj, form, change):
        watched_word_save(actor=request.user, word=obj)

    def _set_active(self, request, queryset, active: bool) -> None:
        changed = 0
        for word in queryset:
            if word.is_active != active:
                word.is_active = active
                watched_word_save(actor=request.user, word=word)
                changed += 1
        self.message_user(request, f"{changed} watched words {'activated' if active else 'deactivated'}.")

    @admin.action(description="Activate the selected words", permissions=["change"])
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description="Deactivate the selected words", permissions=["change"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = ModerationThresholds
        fields = THRESHOLD_FIELDS


@admin.register(ModerationThresholds)
class ThresholdsAdmin(admin.ModelAdmin):
    """One row (id 1): the list goes straight to it; until first saved it shows the settings' defaults."""

    form = ThresholdsForm

    def get_fieldsets(self, request, obj=None):
        return [
            (
                "Scores (0 to 1): medium must be below high",
                {
                    "fields": ("spam_medium", "spam_high", "advice_medium", "advice_high"),
                    "description": _ttl_note(),
                },
            ),
            ("Counts", {"fields": ("reports_to_hide", "new_account_hold_count", "approvals_for_trust")}),
        ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        return thresholds_get() if str(object_id) == "1" else None

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:moderation_moderationthresholds_change", args=[1]))

    def save_model(self, request, obj, form, change):
        try:
            thresholds_update(
                actor=request.user, values={name: getattr(obj, name) for name in THRESHOLD_FIELDS}
            )
        except ApplicationError as exc:  # the form validated the same rules; a race may still get here
            messages.error(request, exc.message)

    def response_change(self, request, obj):
        self.message_user(request, f"Thresholds saved. {_ttl_note()}", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:moderation_moderationthresholds_change", args=[1]))
