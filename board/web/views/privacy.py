"""A reader's own data on the pages: a copy of it (profile page button) and the erasure of their account
(a confirmation page with their password), on the same services as ``GET me/export/`` and ``DELETE me/``."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from board import services
from board.api.views.accounts import EXPORT_QUEUED, export_file_response
from board.exceptions import ApplicationError, NotFound
from board.templatetags.board_tags import profile_url
from board.web.forms import AccountDeleteForm, add_domain_errors
from board.web.http import throttled
from board.web.throttling import write_throttle_wait

ACCOUNT_DELETED = "Your account was deleted. Your comments now show as “[deleted]”."


def _site_url(request) -> str:
    return settings.BOARD_SITE_URL or request.build_absolute_uri("/").rstrip("/")


@require_POST
@login_required
def me_export(request):
    """The profile page's "Download my data": the file at once, or a mailed link for a large account."""
    wait = write_throttle_wait(request, "account_export")
    if wait is not None:
        return throttled(request, wait)
    answer = services.account_export_request(user=request.user, site_url=_site_url(request))
    if answer.document is not None:
        return export_file_response(json.dumps(answer.document, ensure_ascii=False, indent=1))
    messages.info(request, EXPORT_QUEUED)
    return redirect(profile_url(request.user))


@require_GET
@login_required
def me_export_download(request):
    """The mailed one-time link (signed in first: a mail scanner following it cannot use it up)."""
    wait = write_throttle_wait(request, "account_export")
    if wait is not None:
        return throttled(request, wait)
    try:
        payload = services.account_export_download(user=request.user, token=request.GET.get("token"))
    except (NotFound, ApplicationError) as exc:
        raise Http404(exc.message) from exc
    return export_file_response(payload)


@require_http_methods(["GET", "POST"])
@login_required
def me_delete(request):
    """Confirm the erasure of one's account with one's password; then signed out, back to the feed."""
    form = AccountDeleteForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        wait = write_throttle_wait(request, "account_delete")
        if wait is not None:
            return throttled(request, wait, template="board/account_delete.html", context=context)
        if form.is_valid():
            try:
                services.account_erase(
                    user=request.user, password=form.cleaned_data["password"], request=request
                )
            except ApplicationError as exc:
                add_domain_errors(form, exc)
                status = 429 if exc.code == "locked" else 400
                return render(request, "board/account_delete.html", context, status=status)
            logout(request)
            messages.success(request, ACCOUNT_DELETED)
            return redirect("/")
        return render(request, "board/account_delete.html", context, status=400)
    return render(request, "board/account_delete.html", context)
