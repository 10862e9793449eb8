"""Accounts in the admin: created through ``user_create``; trust, silence, suspension and points are
read-only here (moderation's admin adds its audited actions for them to this class)."""

from django import forms
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.auth import password_validation
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone

from board.models import DISPLAY_NAME_MAX_LENGTH, User
from board.services import user_create


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

    display_name = forms.CharField(
        max_length=DISPLAY_NAME_MAX_LENGTH, required=False, help_text="Empty: one is generated."
    )
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
                ),
                "description": "Trust, silence and suspension are changed by moderators; points through the "
                "ledger.",
            },
        ),
        ("Permissions", {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # Changed only through services, whoever edits.
        return ("trust_level", "silenced_until", "is_active", "points_balance", "referral_code")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Viewers (moderators) see no password hash.
            fieldsets = [
                (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
                for name, options in fieldsets
            ]
        return fieldsets

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
