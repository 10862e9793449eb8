"""Forms of the moderators' admin: the intermediate pages of bulk actions."""

from __future__ import annotations

from django import forms
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from moderation.admin.decisions import SILENCE_DURATIONS
from moderation.models import REASON_MAX_LENGTH, Label

REASON_HELP = "Shown to the author of removed content; kept in the audit log."


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH, required=False, widget=forms.TextInput(attrs={"size": 60})
    )


class RemoveForm(ReasonForm):
    label = forms.ChoiceField(
        choices=[("", "no label (removed for another reason)"), *Label.choices],
        required=False,
        help_text="The label confirmed by the removal (a training example); spam also lowers the author's trust.",
    )

    field_order = ["label", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = REASON_HELP + " Empty: the label's standard reason."


class SilenceForm(ReasonForm):
    duration = forms.ChoiceField(
        choices=[(key, words) for key, (_period, words) in SILENCE_DURATIONS.items()]
    )

    field_order = ["duration", "reason"]


class SuspendForm(ReasonForm):
    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH, required=True, widget=forms.TextInput(attrs={"size": 60})
    )


def intermediate_page(
    *, model_admin, request, queryset, action: str, title: str, form, objects, submit: str
) -> TemplateResponse:
    """The confirmation page of a bulk action: the objects, a form, and the selection carried along.

    Posts back to the changelist (same query string) with ``action``, the selected ids and ``apply``, which
    Django's changelist hands to the same action again (see ``ModelAdmin.response_action``).
    """
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": opts,
        "app_label": opts.app_label,
        "objects": objects,
        "form": form,
        "action": action,
        "submit": submit,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": model_admin.media,
    }
    return TemplateResponse(request, "admin/moderation/action_form.html", context)


def action_with_form(
    *, model_admin, request, queryset, form_class, action: str, title: str, submit: str, objects, apply
) -> TemplateResponse | None:
    """A bulk action that asks for a form first: its intermediate page until the form is valid, then
    ``apply(cleaned_data)`` (None: Django's changelist shows the messages the act left)."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        apply(form.cleaned_data)
        return None
    return intermediate_page(
        model_admin=model_admin,
        request=request,
        queryset=queryset,
        action=action,
        title=title,
        form=form,
        objects=objects,
        submit=submit,
    )
