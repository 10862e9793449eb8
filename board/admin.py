"""The board in the admin: accounts, articles, disclaimers, comments and reposts.

Writes go through the services: an account is created by ``user_create``, an article by ``article_publish``
and changed by ``article_update``, a disclaimer edit saves a new version (``disclaimer_save``), comments
are pinned by ``comment_pin``; silencing, suspending and trust go through moderation's services (actions on
the users' list, for moderators). Comments and reposts are read-only here: their text belongs to their
authors and their state to moderators' decisions (the review queue and the content page, where the
change link leads).

Moderators (the Moderator group) see users and content but change none of them here; staff with the
board's permissions (editors) manage articles, disclaimers and pinning; superusers keep the rest.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import DateFieldListFilter, SimpleListFilter
from django.contrib.auth import password_validation
from django.contrib.auth.admin import UserAdmin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from board.exceptions import ApplicationError
from board.models import Article, Comment, Disclaimer, Repost, User
from board.services import (
    ARTICLE_EDITABLE_FIELDS,
    article_publish,
    article_update,
    comment_pin,
    comment_unpin,
    disclaimer_save,
    user_create,
)
from moderation.admin.decisions import trust_act, user_act
from moderation.admin.forms import SilenceForm, SuspendForm, intermediate_page
from moderation.admin.queue import detail_url
from moderation.admin.roles import can_moderate_users

# ---------------------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------------------


class SilencedFilter(SimpleListFilter):
    title = "silenced"
    parameter_name = "silenced"

    def lookups(self, request, model_admin):
        return [("yes", "silenced now"), ("no", "not silenced")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(silenced_until__gt=now)
        if self.value() == "no":
            return queryset.exclude(silenced_until__gt=now)
        return queryset


class UserAddForm(forms.ModelForm):
    """A new account through ``user_create`` (display name generated when empty, the starting grant)."""

    display_name = forms.CharField(max_length=40, required=False, help_text="Empty: one is generated.")
    password1 = forms.CharField(
        label="Password",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Empty: the account cannot sign in with a password.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ("email", "display_name", "is_staff", "is_bot")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


@admin.register(User)
class BoardUserAdmin(UserAdmin):
    list_display = (
        "display_name",
        "email",
        "trust_level",
        "is_active",
        "silenced_until",
        "is_staff",
        "is_bot",
        "date_joined",
    )
    list_filter = ("is_staff", "is_active", "trust_level", "is_bot", SilencedFilter, "groups")
    search_fields = ("username", "display_name", "email")
    ordering = ("-date_joined", "-id")
    show_full_result_count = False
    add_form = UserAddForm
    add_fieldsets = (
        (None, {"fields": ("email", "display_name", "password1", "password2", "is_staff", "is_bot")}),
    )
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        (
            "Board",
            {
                "fields": (
                    "display_name",
                    "is_bot",
                    "trust_level",
                    "silenced_until",
                    "is_active",
                    "points_balance",
                    "referral_code",
                    "moderation_summary",
                ),
                "description": "Trust, silence and suspension change through the actions of the users' list "
                "(audited); points through the ledger.",
            },
        ),
        ("Permissions", {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
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
        if obj is None:
            return ()
        # Changed only through audited services, whoever edits.
        return (
            "trust_level",
            "silenced_until",
            "is_active",
            "points_balance",
            "referral_code",
            "moderation_summary",
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Viewers (moderators) see no password hash.
            fieldsets = [
                (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
                for name, options in fieldsets
            ]
        return fieldsets

    @admin.display(description="moderation")
    def moderation_summary(self, user):
        from moderation.models import UserModerationState

        state = UserModerationState.objects.filter(user=user).first()
        if state is None:
            return "no moderation history"
        parts = [f"approved {state.approved_count}", f"removed as spam {state.spam_removed_count}"]
        if state.last_spam_at:
            parts.append(f"last spam {state.last_spam_at:%Y-%m-%d %H:%M}")
        if state.suspended_at:
            parts.append(f"suspended {state.suspended_at:%Y-%m-%d %H:%M}")
        return ", ".join(parts)

    # Creating: through the service; the form holds only what it needs.
    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        data = form.cleaned_data
        return user_create(
            email=data["email"],
            password=data.get("password1") or None,
            display_name=data.get("display_name") or None,
            is_staff=data.get("is_staff", False),
            is_bot=data.get("is_bot", False),
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

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

    @admin.action(description="Silence the selected users…", permissions=["moderate_users"])
    def silence_selected(self, request, queryset):
        form = SilenceForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            self._each(
                request,
                queryset,
                lambda user: user_act(
                    moderator=request.user,
                    user=user,
                    verb="silence",
                    duration=data["duration"],
                    reason=data["reason"],
                ),
            )
            return None
        return intermediate_page(
            model_admin=self,
            request=request,
            queryset=queryset,
            action="silence_selected",
            title="Silence the selected users",
            form=form,
            objects=list(queryset),
            submit="Silence",
        )

    @admin.action(description="Lift the silence of the selected users", permissions=["moderate_users"])
    def lift_silence(self, request, queryset):
        self._each(
            request, queryset, lambda user: user_act(moderator=request.user, user=user, verb="unsilence")
        )

    @admin.action(description="Suspend the selected users…", permissions=["moderate_users"])
    def suspend_selected(self, request, queryset):
        form = SuspendForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._each(
                request,
                queryset,
                lambda user: user_act(moderator=request.user, user=user, verb="suspend", reason=reason),
            )
            return None
        return intermediate_page(
            model_admin=self,
            request=request,
            queryset=queryset,
            action="suspend_selected",
            title="Suspend the selected users",
            form=form,
            objects=list(queryset),
            submit="Suspend",
        )

    @admin.action(description="Lift the suspension of the selected users", permissions=["moderate_users"])
    def unsuspend_selected(self, request, queryset):
        self._each(
            request, queryset, lambda user: user_act(moderator=request.user, user=user, verb="unsuspend")
        )

    def _trust(self, request, queryset, level: int) -> None:
        self._each(
            request,
            queryset,
            lambda user: trust_act(
                moderator=request.user, user=user, trust_level=level, reason="set by a moderator"
            ),
        )

    @admin.action(description="Set trust: new (first comments held)", permissions=["moderate_users"])
    def trust_new(self, request, queryset):
        self._trust(request, queryset, 0)

    @admin.action(description="Set trust: basic", permissions=["moderate_users"])
    def trust_basic(self, request, queryset):
        self._trust(request, queryset, 1)

    @admin.action(description="Set trust: trusted", permissions=["moderate_users"])
    def trust_trusted(self, request, queryset):
        self._trust(request, queryset, 2)


# ---------------------------------------------------------------------------------------------------------
# Disclaimers and articles
# ---------------------------------------------------------------------------------------------------------


class DisclaimerForm(forms.ModelForm):
    class Meta:
        model = Disclaimer
        fields = ("key", "title", "text", "is_default")
        labels = {"is_default": "Site default"}


@admin.register(Disclaimer)
class DisclaimerAdmin(admin.ModelAdmin):
    """Saving a disclaimer writes a new version (``disclaimer_save``); articles keep the version they had."""

    form = DisclaimerForm
    list_display = ("key", "version", "title", "is_default", "created_at", "created_by")
    list_filter = ("key", "is_default")
    search_fields = ("key", "title", "text")
    list_select_related = ("created_by",)

    def get_readonly_fields(self, request, obj=None):
        return ("key", "version", "created_at", "created_by") if obj is not None else ()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("key", "title", "text", "is_default")
        return ("key", "version", "title", "text", "is_default", "created_at", "created_by")

    def has_delete_permission(self, request, obj=None):
        return False  # articles point at versions; a version is history

    def save_form(self, request, form, change):
        data = form.cleaned_data
        key = form.instance.key if change else data["key"]
        return disclaimer_save(
            key=key,
            title=data["title"],
            text=data["text"],
            make_default=data["is_default"],
            actor=request.user,
        )

    def save_model(self, request, obj, form, change):
        pass  # saved by the service in save_form

    def save_related(self, request, form, formsets, change):
        pass

    def response_change(self, request, obj):
        self.message_user(
            request,
            f"Saved as {obj} (a new version if anything changed); articles keep the version they had.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:board_disclaimer_changelist"))


class ArticleForm(forms.ModelForm):
    original_url = forms.URLField(max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Article
        fields = ARTICLE_EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "published_at" in self.fields:
            self.fields["published_at"].required = False
            self.fields["published_at"].help_text = "Empty: now."
        if "disclaimer" in self.fields:
            self.fields["disclaimer"].required = False
            self.fields["disclaimer"].help_text = "Empty: the site default."

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            for name in ("published_at", "disclaimer"):
                if name in self.fields and not cleaned.get(name):
                    self.add_error(name, "Required.")
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = (
        "title",
        "author",
        "published_at",
        "is_pinned",
        "moderation_state",
        "abstract_status",
        "comment_count",
    )
    list_filter = (
        "is_pinned",
        "moderation_state",
        "abstract_status",
        "language",
        ("published_at", DateFieldListFilter),
    )
    search_fields = ("title", "source_name", "author__display_name")
    list_select_related = ("author",)
    show_full_result_count = False
    actions = ["pin", "unpin"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ARTICLE_EDITABLE_FIELDS
        return (
            *ARTICLE_EDITABLE_FIELDS,
            "slug",
            "author",
            "moderation_state",
            "revision",
            "abstract_status",
            "abstract",
            "moderation_link",
            "created_at",
            "updated_at",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "slug",
            "author",
            "moderation_state",
            "revision",
            "abstract_status",
            "abstract",
            "moderation_link",
            "created_at",
            "updated_at",
        )

    @admin.display(description="moderation")
    def moderation_link(self, article):
        return format_html('<a href="{}">flags, decisions and audit</a>', detail_url("article", article.pk))

    def save_form(self, request, form, change):
        data = form.cleaned_data
        if not change:
            return article_publish(
                author=request.user,
                title=data["title"],
                body=data["body"],
                source_name=data.get("source_name", ""),
                original_url=data.get("original_url", ""),
                language=data.get("language") or "en",
                disclaimer=data.get("disclaimer"),
                published_at=data.get("published_at"),
                is_pinned=data.get("is_pinned", False),
            )
        changes = {name: data[name] for name in form.changed_data if name in ARTICLE_EDITABLE_FIELDS}
        return article_update(actor=request.user, article=form.instance, **changes)

    def save_model(self, request, obj, form, change):
        pass  # saved by the service in save_form

    def save_related(self, request, form, formsets, change):
        pass

    def _pin(self, request, queryset, pinned: bool) -> None:
        count = 0
        for article in queryset:
            if article.is_pinned != pinned:
                article_update(actor=request.user, article=article, is_pinned=pinned)
                count += 1
        self.message_user(request, f"{count} articles {'pinned' if pinned else 'unpinned'}.")

    @admin.action(description="Pin the selected articles", permissions=["change"])
    def pin(self, request, queryset):
        self._pin(request, queryset, True)

    @admin.action(description="Unpin the selected articles", permissions=["change"])
    def unpin(self, request, queryset):
        self._pin(request, queryset, False)


# ---------------------------------------------------------------------------------------------------------
# Comments and reposts: read-only lists; a row opens the moderators' content page.
# ---------------------------------------------------------------------------------------------------------


class ContentReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Viewing opens the moderators' content page; anything else gets Django's answer (403 for a POST).
        if request.method != "GET" or not object_id.isdigit() or not self.has_view_permission(request):
            return super().change_view(request, object_id, form_url, extra_context)
        return HttpResponseRedirect(detail_url(self.opts.model_name, int(object_id)))


@admin.register(Comment)
class CommentAdmin(ContentReadOnlyAdmin):
    list_display = (
        "id",
        "excerpt",
        "article",
        "author",
        "moderation_state",
        "is_pinned",
        "is_deleted",
        "created_at",
        "reply_count",
    )
    list_filter = (
        "moderation_state",
        "is_pinned",
        "is_deleted",
        "advice_notice",
        ("created_at", DateFieldListFilter),
    )
    search_fields = ("body", "author__display_name")
    list_select_related = ("article", "author")
    actions = ["pin", "unpin"]

    @admin.display(description="text")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(120)

    # Pinning is the staff's (editors'): the board's change permission on comments.
    def has_pin_permission(self, request):
        return request.user.has_perm("board.change_comment")

    def _pin(self, request, queryset, pin: bool) -> None:
        service = comment_pin if pin else comment_unpin
        for comment in queryset:
            try:
                changed = service(actor=request.user, comment=comment)
            except ApplicationError as exc:
                messages.error(request, f"Comment {comment.pk}: {exc.message}")
            else:
                verb = "pinned" if pin else "unpinned"
                messages.add_message(
                    request,
                    messages.SUCCESS if changed else messages.INFO,
                    f"Comment {comment.pk}: {verb}." if changed else f"Comment {comment.pk}: already {verb}.",
                )

    @admin.action(description="Pin the selected comment (top level, visible)", permissions=["pin"])
    def pin(self, request, queryset):
        self._pin(request, queryset, True)

    @admin.action(description="Unpin the selected comments", permissions=["pin"])
    def unpin(self, request, queryset):
        self._pin(request, queryset, False)


@admin.register(Repost)
class RepostAdmin(ContentReadOnlyAdmin):
    list_display = ("id", "user", "article", "quote_excerpt", "moderation_state", "created_at")
    list_filter = ("moderation_state", ("created_at", DateFieldListFilter))
    search_fields = ("quote", "user__display_name")
    list_select_related = ("user", "article")

    @admin.display(description="quote")
    def quote_excerpt(self, repost):
        return Truncator(repost.quote).chars(120)
