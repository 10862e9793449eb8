"""Write throttles for the readers' pages, at the API's rates and in the API's buckets.

The rates are the scopes of ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` ("comment_write",
"reaction_write", ...), applied by DRF's own ``ScopedRateThrottle``: a reader's writes count once whether
they come from a page or from an app, and changing a rate in settings changes both.
"""

from rest_framework.throttling import ScopedRateThrottle

from moderation.throttles import TrustAwareWriteThrottle


class _Scope:
    """What ``ScopedRateThrottle`` reads from a view: the scope's name."""

    def __init__(self, scope: str):
        self.throttle_scope = scope


def write_throttle_wait(request, scope: str, *, screened_content: bool = False) -> float | None:
    """Count one write in ``scope``: None when it may go ahead, else the seconds to wait before retrying.

    Signed-in readers are counted per account, anonymous ones per address (as the API does). Writes of
    ``screened_content`` (comments, quotes) also count against the writer's trust tier, as in the API.
    """
    throttles = [ScopedRateThrottle()]
    if screened_content:
        throttles.append(TrustAwareWriteThrottle())
    for throttle in throttles:
        if not throttle.allow_request(request, _Scope(scope)):
            return throttle.wait() or float(throttle.duration or 60)
    return None
