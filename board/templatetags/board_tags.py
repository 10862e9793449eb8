"""Template filters and tags of the readers' pages: times (relative, exact, machine-readable), profile links
and the limits of the inputs."""

from datetime import UTC, datetime
from urllib.parse import quote

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone

from board.models import (
    COMMENT_MAX_LENGTH,
    ERASED_AUTHOR_LABEL,
    QUOTE_MAX_LENGTH,
    REWARD_MAX_POINTS,
    REWARD_MIN_POINTS,
)
from board.search import SEARCH_QUERY_MAX_LENGTH

register = template.Library()

LIMITS = {
    "comment": COMMENT_MAX_LENGTH,
    "quote": QUOTE_MAX_LENGTH,
    "reward_min": REWARD_MIN_POINTS,
    "reward_max": REWARD_MAX_POINTS,
    "search": SEARCH_QUERY_MAX_LENGTH,
}


@register.simple_tag(takes_context=True)
def reader_csrf_token(context) -> str:
    """``{% csrf_token %}`` for a signed-in reader; nothing for an anonymous one, whose page every anonymous
    reader shares (``board.caching``) and whose writes need none (``board.web.http.csrf_for_signed_in``)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    return CsrfTokenNode().render(context)


@register.simple_tag
def limit(name: str) -> int:
    """One of the board's limits for an input's ``maxlength``, ``min`` or ``max``: ``{% limit "comment" %}``."""
    return LIMITS[name]


@register.simple_tag
def erased_author_label() -> str:
    """What a comment of an erased account shows instead of its author's name."""
    return ERASED_AUTHOR_LABEL


@register.filter
def ago(value: datetime | None, now: datetime | None = None) -> str:
    """A short relative time: "just now", "47m ago", "5h ago", "3d ago", then the date ("12 Mar 2025").

    The page's script keeps it current (board.js, ``time[data-rel]``); this is what a reader without
    JavaScript sees.
    """
    if value is None:
        return ""
    seconds = ((now or timezone.now()) - value).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h ago"
    if seconds < 7 * 86400:
        return f"{int(seconds // 86400)}d ago"
    return timezone.localtime(value).strftime("%-d %b %Y")


@register.filter
def iso(value: datetime | None) -> str:
    """For ``<time datetime>``: UTC, to the second."""
    if value is None:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@register.filter
def exact(value: datetime | None) -> str:
    """The exact time for a tooltip, e.g. "5 Nov 2026, 14:03 UTC"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.strftime('%-d %b %Y, %H:%M')} {local.tzname()}"


@register.filter
def profile_url(user) -> str:
    """``/users/<display name>/`` with every character that is not a letter or digit percent-encoded.

    Built by hand rather than with ``{% url %}``: a name set in the admin may hold any character, "/"
    included, and must still give a link that leads back to its owner.
    """
    return f"/users/{quote(user.display_name, safe='')}/"
