"""The search page, ``/search/?q=&type=comments|articles``: the same selectors and limits as the API's
``search/``, in the API's throttle buckets. Works without JavaScript (a GET form, links for the tabs and
the next page).

An anonymous reader's page is the same for everyone who asks the same URL (no CSRF token, nothing of the
reader's), so it may be cached; a signed-in reader's carries their header as every page does.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from board import search
from board.exceptions import ApplicationError
from board.web.http import query_string, throttled
from board.web.throttling import write_throttle_wait

TABS = (("comments", "Comments"), ("articles", "Articles"))


@require_GET
def search_page(request):
    raw = request.GET.get("q", "")
    kind = request.GET.get("type") or "comments"
    if kind not in search.SEARCH_TYPES:
        kind = "comments"
    context = {"q": raw.strip()[: search.SEARCH_QUERY_MAX_LENGTH], "kind": kind, "error": "", "results": None}
    if raw.strip():
        scope = "search" if request.user.is_authenticated else "search_anonymous"
        wait = write_throttle_wait(request, scope)
        if wait is not None:
            return throttled(request, wait)
        try:
            query = search.search_query_clean(raw)
            page = search.search_page(
                query, kind=kind, cursor=request.GET.get("cursor") or None, page_size=search.SEARCH_PAGE_SIZE
            )
        except ApplicationError as exc:
            if "cursor" in (exc.fields or {}):  # a stale or mangled cursor: the first page
                return _redirect_first(query, kind)
            context["error"] = exc.message
        else:
            context["results"] = page.items
            if page.next_cursor:
                context["next_url"] = _url(q=query, type=kind, cursor=page.next_cursor)
            context["tabs"] = [
                {"kind": key, "label": label, "url": _url(q=query, type=key), "current": key == kind}
                for key, label in TABS
            ]
    return render(request, "board/search.html", context, status=400 if context["error"] else 200)


def _url(**params) -> str:
    params["type"] = "" if params.get("type") == "comments" else params.get("type")
    return f"{reverse('board:search')}?{query_string(**params)}"


def _redirect_first(query: str, kind: str):
    return redirect(_url(q=query, type=kind))
