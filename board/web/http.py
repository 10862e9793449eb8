"""Plumbing shared by the readers' views: who is reading, where to go back to, and the answers for
errors, throttling and anonymous writers, each in two forms: a page (no JavaScript) or JSON for board.js.

board.js marks its requests with ``X-Requested-With: fetch``; anything else is a plain form post that
gets a redirect (Post/Redirect/Get) or a page.
"""

import math
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from board.access import Viewer
from board.exceptions import ApplicationError, NotFound
from board.web.throttling import write_throttle_wait

THROTTLED_MESSAGE = "You're doing that a little too often. Please wait {seconds} s and try again."
# board.js inserts a fragment at most this many levels below the page's first comment.
FRAGMENT_LEVEL_MAX = 50


def csrf_for_signed_in(view):
    """CSRF protection for the writes an anonymous reader's page offers (like, reward, repost, share, reply):
    checked for signed-in readers, as everywhere; skipped for anonymous ones, who have no session for a forged
    request to ride on. Their page is shared by every anonymous reader (``board.caching``), so it carries no
    token; the view answers them (to the login page; an anonymous share is just counted)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.user.is_authenticated:
            return protected(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return checked


def found(function, **kwargs):
    """Call a selector or access helper; its ``NotFound`` (missing or hidden alike) is a 404 page."""
    try:
        return function(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def query_string(**params) -> str:
    """``params`` as a query string, leaving out the empty ones."""
    return urlencode({key: value for key, value in params.items() if value})


def fragment_level(value, *, default: int) -> int:
    """The depth below the page's first comment at which board.js inserts a fragment (it only chooses
    the indentation); anything odd is ``default``."""
    try:
        return min(max(int(value), 1), FRAGMENT_LEVEL_MAX)
    except (TypeError, ValueError):
        return default


def viewer_of(request: HttpRequest) -> Viewer:
    """The request's ``Viewer``, made once (its moderator check is cached on it)."""
    viewer = getattr(request, "_board_viewer", None)
    if viewer is None:
        viewer = request._board_viewer = Viewer(request.user)
    return viewer


def is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def safe_local_url(request: HttpRequest, candidate: str | None) -> str | None:
    """``candidate`` as a path on this site (query kept, fragment dropped), or None if it leads elsewhere."""
    if not candidate or not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(candidate)
    path = parts.path or "/"
    if not path.startswith("/"):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def back_url(request: HttpRequest, default: str) -> str:
    """Where a form sends the reader back: its ``next`` field, the page it came from, or ``default``."""
    for candidate in (
        request.POST.get("next"),
        request.GET.get("next"),
        request.headers.get("Referer"),
    ):
        url = safe_local_url(request, candidate)
        if url is not None:
            return url
    return default


def with_anchor(url: str, anchor: str) -> str:
    return f"{url.split('#', 1)[0]}#{anchor}"


def login_first(request: HttpRequest, back: str) -> HttpResponse:
    """An anonymous reader tried to write: to the login page, and back to ``back`` afterwards."""
    login_url = f"{settings.LOGIN_URL}?{urlencode({'next': back})}"
    if is_fetch(request):
        return JsonResponse(
            {"detail": "Log in to do that.", "code": "not_authenticated", "login_url": login_url}, status=401
        )
    messages.info(request, "Log in or sign up to do that.")
    return redirect(login_url)


def throttled(
    request: HttpRequest, wait: float, *, template: str = "board/throttled.html", context: dict | None = None
) -> HttpResponse:
    """429 with a friendly message (and the reader's text kept when ``template`` is a form page)."""
    seconds = max(1, math.ceil(wait))
    message = THROTTLED_MESSAGE.format(seconds=seconds)
    if is_fetch(request):
        response = JsonResponse({"detail": message, "code": "throttled"}, status=429)
    else:
        page = {"throttle_message": message, "back": back_url(request, "/"), **(context or {})}
        response = render(request, template, page, status=429)
    response["Retry-After"] = str(seconds)
    return response


def write_guard(
    request: HttpRequest, scope: str, back: str, *, text_write: bool = False
) -> HttpResponse | None:
    """The checks every button write shares: signed in, then the API's throttle for ``scope``. None when the
    write may go ahead, else the answer (to the login page, or 429)."""
    if not request.user.is_authenticated:
        return login_first(request, back)
    wait = write_throttle_wait(request, scope, text_write=text_write)
    if wait is not None:
        return throttled(request, wait)
    return None


def invalid_form(request: HttpRequest, form, back: str) -> HttpResponse:
    """A button's form did not parse: answered like a service's ``ApplicationError`` with field messages."""
    exc = ApplicationError("Invalid input.", fields={k: list(v) for k, v in form.errors.items()})
    return domain_error(request, exc, back=back)


def domain_error(request: HttpRequest, exc: ApplicationError, *, back: str) -> HttpResponse:
    """A service refused (bad input, not allowed, not enough points...): JSON for board.js; otherwise the
    message on the page the reader came from. ``NotFound`` is a 404 page either way."""
    if isinstance(exc, NotFound):
        raise Http404(exc.message)
    if is_fetch(request):
        body = {"detail": exc.message, "code": exc.code}
        if exc.fields:
            body["errors"] = exc.fields
        return JsonResponse(body, status=exc.status_code)
    details = [message for field_messages in exc.fields.values() for message in field_messages]
    messages.error(request, " ".join([exc.message, *details]))
    return redirect(back)


def site_url(request: HttpRequest) -> str:
    """The origin of shared links (``BOARD_SITE_URL``, else this request's)."""
    return settings.BOARD_SITE_URL or request.build_absolute_uri("/").rstrip("/")
