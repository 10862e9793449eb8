"""Error answers that the views cannot give themselves.

- A database that is briefly unreachable answers 503 with ``Retry-After`` on every page, not 500. The API has
  the same rule in ``board.api.exception_handler``; this covers the readers' pages and the admin. Placed last
  in ``MIDDLEWARE`` so that it sees a view's exception first.
- An unknown URL under ``/api/`` answers JSON, like the rest of the API.
- ``Cache-Control`` and ``Vary`` on every successful GET, for the browsers and shared caches in front.
"""

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from board.caching import anonymous

RETRY_AFTER_SECONDS = 5
PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Back in a moment</title></head>"
    "<body><h1>Back in a moment</h1><p>The board is briefly unavailable. Please try again in a few "
    "seconds.</p></body></html>"
)


def database_unavailable(exception: BaseException) -> bool:
    # OperationalError: cannot connect or the connection broke; InterfaceError: the connection is closed.
    # A bare DatabaseError is what psycopg raises for a server that went away mid-statement.
    return isinstance(exception, (OperationalError, InterfaceError)) or type(exception) is DatabaseError


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        response = HttpResponse(PAGE, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class ApiNotFoundMiddleware:
    """A URL under ``/api/`` that matches no route (``/api/v1/articles/abc/``) answers the API's JSON 404,
    ``{"detail", "code"}``, not the readers' HTML page: clients parse every API answer as JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
        return response


class CacheHeadersMiddleware:
    """``public, max-age, stale-while-revalidate`` on what an anonymous reader was answered (the same for every
    anonymous reader: no session, no cookie set, so a CDN or nginx may keep it), ``private, no-cache`` on
    everything personal (the browser keeps it and revalidates with its ETag). ``Vary: Cookie`` everywhere,
    since a session turns a page personal, and ``Authorization`` on the API. A response that chose its own
    ``Cache-Control`` (static files, downloads, the notifications list) keeps it.

    Placed above the session and CSRF middleware, so it sees the cookies they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        patch_vary_headers(
            response, ("Cookie", "Authorization") if request.path.startswith("/api/") else ("Cookie",)
        )
        if response.has_header("Cache-Control"):
            return response
        if anonymous(request) and not response.cookies:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.HTTP_PUBLIC_MAX_AGE,
                stale_while_revalidate=settings.HTTP_PUBLIC_STALE_WHILE_REVALIDATE,
            )
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response
