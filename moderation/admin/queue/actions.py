"""The review queue's bulk actions: decide on the selected items, or silence or suspend their authors.
Each goes through ``moderation.admin.decisions`` and so through the services, which write the audit rows."""

from __future__ import annotations

from django.contrib import admin, messages

from board.exceptions import ApplicationError
from moderation.admin import forms
from moderation.admin.decisions import content_act, user_act
from moderation.content import content_author
from moderation.models import Decision, Label


def _tally(request, subjects, act, *, name_of, changed_word=lambda count: "changed", unchanged: str) -> None:
    """Apply ``act`` to each subject; one message per error, then the counts."""
    changed = not_changed = 0
    for subject in subjects:
        try:
            outcome = act(subject)
        except ApplicationError as exc:
            messages.error(request, f"{name_of(subject)}: {exc.message}")
            continue
        changed += outcome.changed
        not_changed += not outcome.changed
    if changed:
        messages.success(request, f"{changed} {changed_word(changed)}.")
    if not_changed:
        messages.info(request, f"{not_changed} {unchanged}")


class QueueActionsMixin:
    actions = [
        "approve_selected",
        "remove_selected",
        "confirm_spam",
        "reject_spam",
        "confirm_advice",
        "reject_advice",
        "silence_authors",
        "suspend_authors",
    ]

    def _content_action(self, request, queryset, verb: str, label: str = "", reason: str = "") -> None:
        _tally(
            request,
            queryset,
            lambda item: content_act(
                moderator=request.user,
                kind=item.content_kind,
                content=item.target,
                verb=verb,
                label=label,
                reason=reason,
            ),
            name_of=lambda item: f"{item.content_kind.capitalize()} {item.object_id}",
            unchanged="unchanged (already so).",
        )

    def _user_action(self, request, users, verb: str, duration: str, reason: str) -> None:
        _tally(
            request,
            users,
            lambda user: user_act(
                moderator=request.user, user=user, verb=verb, duration=duration, reason=reason
            ),
            name_of=str,
            changed_word=lambda count: f"{'account' if count == 1 else 'accounts'} changed",
            unchanged="unchanged.",
        )

    @admin.action(description="Approve selected items", permissions=["decide"])
    def approve_selected(self, request, queryset):
        self._content_action(request, queryset, Decision.APPROVE)

    @admin.action(description="Remove selected items (with a reason)…", permissions=["decide"])
    def remove_selected(self, request, queryset):
        return forms.action_with_form(
            model_admin=self,
            request=request,
            queryset=queryset,
            form_class=forms.RemoveForm,
            action="remove_selected",
            title="Remove the selected items",
            submit="Remove",
            objects=list(queryset),
            apply=lambda data: self._content_action(
                request, queryset, Decision.REMOVE, label=data["label"], reason=data["reason"]
            ),
        )

    @admin.action(description="Spam: confirm the label", permissions=["decide"])
    def confirm_spam(self, request, queryset):
        self._content_action(request, queryset, Decision.CONFIRM_LABEL, label=Label.SPAM)

    @admin.action(description="Spam: reject the label", permissions=["decide"])
    def reject_spam(self, request, queryset):
        self._content_action(request, queryset, Decision.REJECT_LABEL, label=Label.SPAM)

    @admin.action(description="Financial advice: confirm the label", permissions=["decide"])
    def confirm_advice(self, request, queryset):
        self._content_action(request, queryset, Decision.CONFIRM_LABEL, label=Label.FINANCIAL_ADVICE)

    @admin.action(description="Financial advice: reject the label", permissions=["decide"])
    def reject_advice(self, request, queryset):
        self._content_action(request, queryset, Decision.REJECT_LABEL, label=Label.FINANCIAL_ADVICE)

    def _authors(self, queryset) -> list:
        authors = {}
        for item in queryset:
            author = content_author(item.content_kind, item.target)
            if author is not None:  # None: an erased account's tombstone
                authors.setdefault(author.pk, author)
        return list(authors.values())

    def _authors_after_form(self, request, queryset, *, form_class, verb: str, submit: str):
        """Ask for the act's form (duration, reason) on an intermediate page, then act on every author of
        the selected items, once each."""
        authors = self._authors(queryset)
        return forms.action_with_form(
            model_admin=self,
            request=request,
            queryset=queryset,
            form_class=form_class,
            action=f"{verb}_authors",
            title=f"{submit} the authors of the selected items",
            submit=submit,
            objects=authors,
            apply=lambda data: self._user_action(
                request, authors, verb, data.get("duration", ""), data["reason"]
            ),
        )

    @admin.action(description="Silence the authors…", permissions=["moderate_users"])
    def silence_authors(self, request, queryset):
        return self._authors_after_form(
            request, queryset, form_class=forms.SilenceForm, verb="silence", submit="Silence"
        )

    @admin.action(description="Suspend the authors…", permissions=["moderate_users"])
    def suspend_authors(self, request, queryset):
        return self._authors_after_form(
            request, queryset, form_class=forms.SuspendForm, verb="suspend", submit="Suspend"
        )
