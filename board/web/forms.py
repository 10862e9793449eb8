"""Forms of the readers' pages. They only parse and label input; the rules (lengths, who may do what, the
password policy) are the services', whose errors are put back on the form with ``add_domain_errors``.

Django's ``CharField`` refuses NUL characters (which PostgreSQL cannot store) with a field error.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from board.exceptions import ApplicationError
from board.models import (
    COMMENT_MAX_LENGTH,
    DISPLAY_NAME_MAX_LENGTH,
    DISPLAY_NAME_MIN_LENGTH,
    ID_MAX,
    QUOTE_MAX_LENGTH,
    REWARD_MAX_POINTS,
    REWARD_MIN_POINTS,
    TEXT_INPUT_MAX_LENGTH,
    ShareChannel,
)

# The points a reward button offers first.
DEFAULT_REWARD_POINTS = 10
LOCKED_MESSAGE = "Too many attempts, try again later."


def add_domain_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's ``ApplicationError`` on ``form``: field messages under their fields, the rest on top."""
    placed = False
    for name, messages in exc.fields.items():
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        required=False,
        strip=False,
        max_length=TEXT_INPUT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
    )
    parent = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)


class RewardForm(forms.Form):
    points = forms.IntegerField(
        label="Points",
        min_value=REWARD_MIN_POINTS,
        max_value=REWARD_MAX_POINTS,
        initial=DEFAULT_REWARD_POINTS,
    )


class RepostForm(forms.Form):
    quote = forms.CharField(
        label="Add a quote (optional)",
        required=False,
        strip=False,
        max_length=TEXT_INPUT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": QUOTE_MAX_LENGTH}),
    )


class ShareForm(forms.Form):
    channel = forms.ChoiceField(choices=ShareChannel.choices, required=False)

    def clean_channel(self) -> str:
        return self.cleaned_data["channel"] or ShareChannel.LINK


class LikeForm(forms.Form):
    do = forms.ChoiceField(choices=[("like", "like"), ("unlike", "unlike")], required=False)


class SignupForm(forms.Form):
    email = forms.CharField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not only digits, and not a common password.",
    )
    display_name = forms.CharField(
        label="Display name (optional)",
        required=False,
        max_length=DISPLAY_NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        help_text=f"{DISPLAY_NAME_MIN_LENGTH} to {DISPLAY_NAME_MAX_LENGTH} letters, digits, spaces, '-' or '_'. "
        "Leave empty to get one made up for you.",
    )


class LoginForm(AuthenticationForm):
    """Log in by email and password through ``EmailOrUsernameBackend``.

    When the backend refuses because of too many failures (``request.login_locked``), the answer is the
    same whether or not the account exists: the backend checks the lock before looking the account up.
    """

    username = forms.CharField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account.",
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "login_locked", False):
                raise ValidationError(LOCKED_MESSAGE, code="locked") from None
            raise


class AccountDeleteForm(forms.Form):
    """The confirmation of an account's erasure: the reader's password (checked by the service)."""

    password = forms.CharField(
        label="Your password",
        required=False,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
