"""Hot reads for anonymous readers, from the shared cache under versioned keys.

A news thread is read thousands of times for each write, and what an anonymous reader sees is the same for
every anonymous reader (no session, no CSRF token, no per-reader field), so the feed, an article's page,
an article's API detail and its API pages of comments are rendered once and served from the cache
(``CACHES["default"]``: Redis in production) to every reader without a session.

Freshness: every entry is versioned: it holds the *version tokens* of what it shows (the site's epoch, the
feed's, the article's) as they were when it was rendered, and is served only while they are current (the
entry and the current tokens come in one round trip). A write that a reader could see calls
``article_changed`` (or ``feed_changed``, ``site_changed``) inside its transaction; the new token is written
on commit, so the next read after the commit misses and renders afresh. Entries also expire after ``BOARD_ANON_CACHE_SECONDS`` (default 2 s):
that is the bound on how old a page may be after a write commits even for a change that bumps nothing, or
a bump lost while Redis blinked. Read the tokens *before* rendering: a render that saw old rows is then
stored with the old tokens, which the bump has already retired.

Each web process keeps the hottest entries and the tokens it last read in memory (``NearCache``), trusting
the tokens for ``BOARD_ANON_CACHE_LOCAL_SECONDS``: most hot reads then cost no round trip at all.

Signed-in readers, readers with a session (a pending message, a half-finished login) and API clients with
an ``Authorization`` header never touch these entries: their pages carry personal fields and keep their
fixed query counts.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial, wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import set_response_etag

from board.exceptions import ApplicationError
from board.models import Article
from board.translation import reader_language

VERSION_PREFIX = "hot:v:"
ENTRY_PREFIX = "hot:e:"
EPOCH = "epoch"
FEED = "feed"
# A version token outlives its entries by far; when one is evicted, readers start a fresh version.
VERSION_TTL_SECONDS = 24 * 60 * 60
# Response headers an entry keeps: the rest (Set-Cookie never reaches here, Date is the server's) are added
# again by the middleware on every hit.
KEPT_HEADERS = frozenset({"allow", "content-type", "content-language", "vary"})
# Article ids by slug, per process, for the article page's key (slugs are set when an article is published).
# A slug that changed hands at worst keys a page under another article's version: still within the bound.
SLUG_MEMO_MAX = 10_000
_article_ids_by_slug: dict[str, int] = {}
# Entries each web process keeps in memory (NearCache): a few hundred hot pages of about 20 KB.
NEAR_CACHE_MAX_ENTRIES = 256


class NearCache:
    """This process's copy of recent entries and version tokens, in front of the shared cache.

    A hot thread's page is asked for hundreds of times a second in every web process; answering those from
    memory, without a round trip to Redis, is most of what brings a cached read near the bare stack's cost.
    A process trusts its copy of a version token for ``BOARD_ANON_CACHE_LOCAL_SECONDS`` (default 0.25 s):
    another process's commit is seen that much later here at most, well within the bound, and this
    process's own commits at once (``_bump`` updates the copy). An entry is dropped when it is as old as it
    may be in the shared cache.
    """

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.tokens: dict[str, tuple[str, float]] = {}

    def trusted_tokens(self, names: Iterable[str]) -> tuple[str, ...] | None:
        """The tokens of ``names`` if every one was read from the shared cache recently enough, else None."""
        horizon = time.monotonic() - settings.BOARD_ANON_CACHE_LOCAL_SECONDS
        tokens = []
        for name in names:
            known = self.tokens.get(name)
            if known is None or known[1] < horizon:
                return None
            tokens.append(known[0])
        return tuple(tokens)

    def remember_tokens(self, names: Iterable[str], tokens: Iterable[str]) -> None:
        now = time.monotonic()
        self.tokens.update({name: (token, now) for name, token in zip(names, tokens, strict=True)})

    def entry(self, key: str) -> tuple | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and entry[1] + cache_seconds() < time.time():
                del self.entries[key]
                return None
            return entry

    def remember_entry(self, key: str, entry: tuple) -> None:
        if settings.BOARD_ANON_CACHE_LOCAL_SECONDS <= 0:
            return
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.tokens.clear()


near_cache = NearCache(max_entries=NEAR_CACHE_MAX_ENTRIES)


def article_version(article_id: int) -> str:
    return f"article:{article_id}"


def _bump(names: Iterable[str]) -> None:
    tokens = {name: uuid.uuid4().hex for name in names}
    cache.set_many(
        {VERSION_PREFIX + name: token for name, token in tokens.items()}, timeout=VERSION_TTL_SECONDS
    )
    near_cache.remember_tokens(tokens, tokens.values())


def versions_bump_on_commit(*names: str) -> None:
    """New tokens for ``names`` once the current transaction commits (at once outside one). Robust: a cache
    that fails here is logged, never the committed write's error (its entries expire within the bound)."""
    transaction.on_commit(partial(_bump, names), robust=True)


def article_changed(article_id: int | None) -> None:
    """Something anonymous readers see of article ``article_id`` changed (its text, counters, or a comment on
    it): its pages and the feed (which shows its counters) are read afresh after commit."""
    if article_id is not None:
        versions_bump_on_commit(FEED, article_version(article_id))


def article_page_versions(slug: str) -> list[str]:
    """The versions the page of the article at ``slug`` shows (none for a slug that names no article)."""
    article_id = _article_ids_by_slug.get(slug)
    if article_id is None:
        article_id = Article.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if article_id is None:
            return []
        if len(_article_ids_by_slug) >= SLUG_MEMO_MAX:
            _article_ids_by_slug.clear()
        _article_ids_by_slug[slug] = article_id
    return [article_version(article_id)]


def feed_changed() -> None:
    versions_bump_on_commit(FEED)


def site_changed() -> None:
    """A change shown everywhere (a reader's name, a disclaimer, an erased account): every entry retires."""
    versions_bump_on_commit(EPOCH)


def cache_seconds() -> float:
    return settings.BOARD_ANON_CACHE_SECONDS


def anonymous(request: HttpRequest) -> bool:
    """Without a session, a pending message and an ``Authorization`` header, a request is an anonymous
    reader's, and nothing about the answer can be personal (their pages carry no CSRF token either)."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies  # a message waiting to be shown
        and "authorization" not in request.headers
    )


@dataclass(frozen=True)
class HotRead:
    """One cached read: its name, the versions it shows, and the query parameters its answer depends on
    (a request with any other parameter, or a repeated one, is answered without the cache)."""

    name: str
    params: frozenset[str]
    strict_language: bool = False

    def cacheable(self, request: HttpRequest) -> bool:
        if request.method not in ("GET", "HEAD") or cache_seconds() <= 0 or not anonymous(request):
            return False
        query = request.GET
        return all(key in self.params and len(query.getlist(key)) == 1 for key in query)

    def entry_key(self, request: HttpRequest, language: str | None) -> str:
        query = "&".join(f"{key}={request.GET[key]}" for key in sorted(request.GET))
        raw = "\n".join([self.name, request.scheme, request.get_host(), request.path, query, language or ""])
        return ENTRY_PREFIX + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()

    def serve(
        self, request: HttpRequest, versions: Callable[[], list[str]], render: Callable[[], HttpResponse]
    ) -> HttpResponse:
        """The cached answer to ``request`` if its versions are current; else ``render()``'s, stored when it
        is a plain 200 (the ETag is computed once, when it is stored). From this process's memory when it
        holds the entry and trusts its tokens (``NearCache``); else one round trip to the shared cache: the
        entry and the current tokens in one ``get_many``."""
        if not self.cacheable(request):
            return render()
        try:  # no session and no token: no profile language to look up
            language = reader_language(
                query=request.GET.get("lang"),
                accept_language=request.headers.get("Accept-Language", ""),
                strict=self.strict_language,
            )
        except ApplicationError:  # an unknown ?lang= on the API: the view answers its 400
            return render()
        key = self.entry_key(request, language)
        names = (EPOCH, *versions())
        tokens = near_cache.trusted_tokens(names)
        if tokens is not None:
            entry = near_cache.entry(key)
            if entry is not None and entry[0] == tokens:
                return _response(entry)
        version_keys = [VERSION_PREFIX + name for name in names]
        found = cache.get_many([key, *version_keys])
        tokens = tuple(found.get(name, "0") for name in version_keys)
        near_cache.remember_tokens(names, tokens)
        entry = found.get(key)
        if entry is not None and entry[0] == tokens:
            near_cache.remember_entry(key, entry)
            return _response(entry)
        response = render()
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        set_response_etag(response)
        headers = [(name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS]
        headers.append(("ETag", response["ETag"]))
        # Stored with the tokens read *before* rendering (see the module docstring).
        entry = (tokens, time.time(), response.content, headers)
        cache.set(key, entry, timeout=cache_seconds())
        near_cache.remember_entry(key, entry)
        return response


def _response(entry: tuple) -> HttpResponse:
    _, _, content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def hot_read(name: str, *, params: Iterable[str], versions: Callable[..., list[str]]):
    """Decorate a readers' page view: anonymous readers are served from the cache (``HotRead.serve``).
    ``versions(**view_kwargs)`` names the versions the page shows, besides the site's epoch."""
    read = HotRead(name=name, params=frozenset(params))

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            return read.serve(request, partial(versions, **kwargs), partial(view, request, *args, **kwargs))

        return cached_view

    return decorator
