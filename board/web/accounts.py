"""Sign up, log in, log out, and "my profile", on the board's registration service and login backend.

Sign-up answers the same way whether or not the email already has an account (as the API does), so the
page never tells who is registered: the reader is sent to log in either way.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from board import services
from board.exceptions import ApplicationError
from board.templatetags.board_tags import profile_url
from board.web.forms import LoginForm, SignupForm, add_domain_errors
from board.web.http import safe_local_url, throttled
from board.web.throttling import write_throttle_wait

SIGNED_UP = (
    "If this email can be used, your account is ready: log in below. "
    "If you already had an account, log in with its password."
)


@require_http_methods(["GET", "POST"])
def signup(request):
    next_url = safe_local_url(request, request.POST.get("next") or request.GET.get("next")) or "/"
    if request.user.is_authenticated:
        return redirect(next_url)
    form = SignupForm(request.POST or None)
    context = {"form": form, "next": next_url}
    if request.method == "POST":
        wait = write_throttle_wait(request, "auth")
        if wait is not None:
            return throttled(request, wait, template="board/signup.html", context=context)
        if form.is_valid():
            try:
                services.account_register(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    display_name=form.cleaned_data["display_name"] or None,
                )
            except ApplicationError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, SIGNED_UP)
                return redirect(f"/accounts/login/?{urlencode({'next': next_url})}")
        return render(request, "board/signup.html", context, status=400)
    return render(request, "board/signup.html", context)


class LoginView(auth_views.LoginView):
    """Email and password, through ``EmailOrUsernameBackend`` and its brute-force limits (429 when
    locked), and the API's "auth" throttle on posts."""

    form_class = LoginForm
    template_name = "board/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = write_throttle_wait(request, "auth")
        if wait is not None:
            form = self.get_form()
            return throttled(request, wait, template=self.template_name, context={"form": form})
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "locked"):
            response.status_code = 429
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The answer is the same page whether or not the email has an account (Django
    sends mail only to known, active accounts and logs a failed send instead of raising); posts share the
    "auth" throttle with sign-up and login."""

    template_name = "board/password_reset_form.html"
    email_template_name = "board/password_reset_email.html"
    subject_template_name = "board/password_reset_subject.txt"
    success_url = "/accounts/password-reset/done/"

    def post(self, request, *args, **kwargs):
        wait = write_throttle_wait(request, "auth")
        if wait is not None:
            return throttled(request, wait, template=self.template_name, context={"form": self.get_form()})
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "board/password_reset_confirm.html"
    success_url = "/accounts/reset/done/"


@login_required
def me(request):
    return redirect(profile_url(request.user))


LANGUAGE_SAVED = "Your reading language is saved."


@require_POST
@login_required
def me_language(request):
    """The profile's "Reading language" form: the language comments and articles are shown in (empty:
    the browser's), through ``user_update`` as ``PATCH me/`` does."""
    wait = write_throttle_wait(request, "account_write")
    if wait is not None:
        return throttled(request, wait)
    try:
        services.user_update(user=request.user, language=request.POST.get("language", ""))
    except ApplicationError as exc:
        messages.error(request, " ".join(exc.fields.get("language", [exc.message])))
    else:
        messages.success(request, LANGUAGE_SAVED)
    return redirect(profile_url(request.user))
