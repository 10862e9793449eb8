"""The reader's notifications page (mark read, preferences), the digest's unsubscribe link (no login), and
the mute button on comments and profiles. Each write: signed in (except unsubscribe, which its signature
authorizes), CSRF, the API's ``account_write`` throttle."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from board import selectors, services
from board.exceptions import ApplicationError, NotFound
from board.services.notifications import PREFERENCE_FIELDS
from board.web.http import back_url, domain_error, found, query_string, write_guard

KIND_LABELS = {
    "reply": "Replies to your comments",
    "mention": "Mentions of you",
    "reward": "Rewards you receive",
    "moderation": "What moderators decided about your content",
    "appeal": "Decisions on your appeals",
}


@login_required
@require_GET
def notifications(request):
    try:
        page = selectors.notification_page(
            user=request.user,
            cursor=request.GET.get("cursor") or None,
            page_size=settings.BOARD_NOTIFICATION_PAGE_SIZE,
        )
    except ApplicationError:
        return redirect("board:notifications")
    prefs = services.notification_settings_get(request.user.pk)
    return render(
        request,
        "board/notifications.html",
        {
            "items": [selectors.notification_view(item) for item in page.items],
            "next_url": f"{request.path}?{query_string(cursor=page.next_cursor)}" if page.next_cursor else "",
            "preferences": [(name, KIND_LABELS[name], prefs.wants(name)) for name in KIND_LABELS],
            "email_digest": prefs.email_digest,
        },
    )


@require_POST
def notifications_read(request):
    back = back_url(request, "/notifications/")
    refused = write_guard(request, "account_write", back)
    if refused:
        return refused
    services.notifications_mark_read(user=request.user)
    messages.success(request, "All notifications marked read.")
    return redirect(back)


@require_POST
def notification_settings(request):
    back = "/notifications/#preferences"
    refused = write_guard(request, "account_write", back)
    if refused:
        return refused
    values = {name: request.POST.get(name) == "on" for name in PREFERENCE_FIELDS}
    services.notification_settings_update(user=request.user, **values)
    messages.success(request, "Your notification settings are saved.")
    return redirect(back)


@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token):
    """The digest's link: GET asks (mail scanners open links), POST switches the digest off. The signed
    token is the authorization: no login."""
    if request.method == "GET":
        return render(request, "board/unsubscribe.html", {"token": token, "done": False})
    try:
        user = services.digest_unsubscribe(token=token)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "board/unsubscribe.html", {"done": True, "email": user.email})


@require_POST
def profile_mute(request, display_name):
    """Mute or unmute (``do=unmute``) a reader, from their profile or one of their comments."""
    person = found(selectors.user_get_by_display_name, display_name=display_name)
    back = back_url(request, f"/users/{display_name}/")
    refused = write_guard(request, "account_write", back)
    if refused:
        return refused
    try:
        if request.POST.get("do") == "unmute":
            services.mute_delete(user=request.user, display_name=person.display_name)
            messages.success(request, f"You unmuted {person.display_name}.")
        else:
            services.mute_create(user=request.user, display_name=person.display_name)
            messages.success(
                request,
                f"You muted {person.display_name}: their comments come collapsed, they cannot notify you.",
            )
    except ApplicationError as exc:
        return domain_error(request, exc, back=back)
    return redirect(back)
