"""Moderators' acts on accounts in the admin: the board's user admin with silencing, suspension and trust
as actions of the users' list (each a moderation service, which writes the audit row), and each account's
moderation history on its page. Registered in place of the board's ``BoardUserAdmin``."""

from __future__ import annotations

from django.contrib import admin, messages

from board.admin import BoardUserAdmin
from board.exceptions import ApplicationError
from board.models import TrustLevel, User
from moderation.admin.decisions import trust_act, user_act
from moderation.admin.forms import SilenceForm, SuspendForm, action_with_form
from moderation.admin.roles import can_moderate_users
from moderation.models import UserModerationState

admin.site.unregister(User)


def _with_summary(fieldsets):
    """The board's fieldsets with the moderation history after the board's own fields, and a description
    that says where trust, silence and suspension change."""
    result = []
    for name, options in fieldsets:
        if name == "Board":
            options = {
                **options,
                "fields": (*options["fields"], "moderation_summary"),
                "description": "Trust, silence and suspension change through the actions of the users' list "
                "(audited); points through the ledger.",
            }
        result.append((name, options))
    return tuple(result)


@admin.register(User)
class ModeratedUserAdmin(BoardUserAdmin):
    fieldsets = _with_summary(BoardUserAdmin.fieldsets)
    actions = [
        "silence_selected",
        "lift_silence",
        "suspend_selected",
        "unsuspend_selected",
        "trust_new",
        "trust_basic",
        "trust_trusted",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "moderation_summary") if obj is not None else fields

    @admin.display(description="moderation")
    def moderation_summary(self, user):
        state = UserModerationState.objects.filter(user=user).first()
        if state is None:
            return "no moderation history"
        parts = [f"approved {state.approved_count}", f"removed as spam {state.spam_removed_count}"]
        if state.last_spam_at:
            parts.append(f"last spam {state.last_spam_at:%Y-%m-%d %H:%M}")
        if state.suspended_at:
            parts.append(f"suspended {state.suspended_at:%Y-%m-%d %H:%M}")
        return ", ".join(parts)

    # Moderators' actions: each one a moderation service, which writes the audit row.
    def has_moderate_users_permission(self, request):
        return can_moderate_users(request.user)

    def _each(self, request, users, act) -> None:
        for user in users:
            try:
                outcome = act(user)
            except ApplicationError as exc:
                messages.error(request, f"{user}: {exc.message}")
            else:
                messages.add_message(
                    request, messages.SUCCESS if outcome.changed else messages.INFO, outcome.message
                )

    def _user_acts(self, request, queryset, verb: str, **arguments) -> None:
        self._each(
            request,
            queryset,
            lambda user: user_act(moderator=request.user, user=user, verb=verb, **arguments),
        )

    def _user_acts_after_form(self, request, queryset, *, form_class, verb: str, title: str, submit: str):
        """Ask for the act's form (duration, reason) on an intermediate page, then act on every user."""
        return action_with_form(
            model_admin=self,
            request=request,
            queryset=queryset,
            form_class=form_class,
            action=f"{verb}_selected",
            title=title,
            submit=submit,
            objects=list(queryset),
            apply=lambda data: self._user_acts(request, queryset, verb, **data),
        )

    @admin.action(description="Silence the selected users…", permissions=["moderate_users"])
    def silence_selected(self, request, queryset):
        return self._user_acts_after_form(
            request,
            queryset,
            form_class=SilenceForm,
            verb="silence",
            title="Silence the selected users",
            submit="Silence",
        )

    @admin.action(description="Lift the silence of the selected users", permissions=["moderate_users"])
    def lift_silence(self, request, queryset):
        self._user_acts(request, queryset, "unsilence")

    @admin.action(description="Suspend the selected users…", permissions=["moderate_users"])
    def suspend_selected(self, request, queryset):
        return self._user_acts_after_form(
            request,
            queryset,
            form_class=SuspendForm,
            verb="suspend",
            title="Suspend the selected users",
            submit="Suspend",
        )

    @admin.action(description="Lift the suspension of the selected users", permissions=["moderate_users"])
    def unsuspend_selected(self, request, queryset):
        self._user_acts(request, queryset, "unsuspend")

    def _trust(self, request, queryset, level: TrustLevel) -> None:
        self._each(
            request,
            queryset,
            lambda user: trust_act(
                moderator=request.user, user=user, trust_level=level, reason="set by a moderator"
            ),
        )

    @admin.action(description="Set trust: new (first comments held)", permissions=["moderate_users"])
    def trust_new(self, request, queryset):
        self._trust(request, queryset, TrustLevel.NEW)

    @admin.action(description="Set trust: basic", permissions=["moderate_users"])
    def trust_basic(self, request, queryset):
        self._trust(request, queryset, TrustLevel.BASIC)

    @admin.action(description="Set trust: trusted", permissions=["moderate_users"])
    def trust_trusted(self, request, queryset):
        self._trust(request, queryset, TrustLevel.TRUSTED)
