"""A write throttle whose rate follows the writer's trust: new accounts write slower than trusted ones, and
a trust-0 account whose content was recently hidden or removed as spam slowest of all.

The board applies it to its writes of text (comments, edits, repost quotes), beside each write's scoped
throttle, in the API and on the readers' pages: it is named in the board's ``BOARD_WRITE_THROTTLES``
extension point (``board/extensions.py``).

Rates are ``MODERATION_THROTTLE_RATES`` (``penalty``, ``new``, ``basic``, ``trusted``); staff are not
limited by it. Anonymous requests are left to the other throttles (they cannot write anyway).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from board.models import TrustLevel
from moderation.models import UserModerationState

TIERS = {TrustLevel.NEW: "new", TrustLevel.BASIC: "basic", TrustLevel.TRUSTED: "trusted"}


def trust_tier(user) -> str | None:
    """``penalty``, ``new``, ``basic`` or ``trusted``; None for staff and anonymous users (not limited)."""
    if not getattr(user, "is_authenticated", False) or user.is_staff:
        return None
    level = getattr(user, "trust_level", TrustLevel.NEW) or TrustLevel.NEW
    if level == TrustLevel.NEW:
        since = timezone.now() - timedelta(hours=settings.MODERATION_SPAM_PENALTY_HOURS)
        if UserModerationState.objects.filter(user_id=user.pk, last_spam_at__gte=since).exists():
            return "penalty"
    return TIERS.get(level, "trusted")


class TrustAwareWriteThrottle(SimpleRateThrottle):
    """Limits content writes per account at the rate of its trust tier (one bucket per account and tier)."""

    scope = "trust_write"

    def get_rate(self):
        # The rate depends on the user, so it is chosen in allow_request; nothing to read at construction.
        return None

    def allow_request(self, request, view):
        tier = trust_tier(request.user)
        if tier is None:
            return True
        self.tier = tier
        self.rate = settings.MODERATION_THROTTLE_RATES[tier]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": f"{self.scope}:{self.tier}", "ident": request.user.pk}
