"""Write throttles for the readers' pages, at the API's rates and in the API's buckets.

The rates are the scopes of ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` ("comment_write",
"reaction_write", ...), applied by DRF's own ``ScopedRateThrottle``: a reader's writes count once whether
they come from a page or from an app, and changing a rate in settings changes both.
"""

from rest_framework.throttling import ScopedRateThrottle


class _Scope:
    """What ``ScopedRateThrottle`` reads from a view: the scope's name."""

    def __init__(self, scope: str):
        self.throttle_scope = scope


def write_throttle_wait(request, scope: str) -> float | None:
    """Count one write in ``scope``: None when it may go ahead, else the seconds to wait before retrying.

    Signed-in readers are counted per account, anonymous ones per address (as the API does).
    """
    throttle = ScopedRateThrottle()
    if throttle.allow_request(request, _Scope(scope)):
        return None
    return throttle.wait() or float(throttle.duration or 60)
