"""Write throttles for the readers' pages, at the API's rates and in the API's buckets.

The rates are the scopes of ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` ("comment_write",
"reaction_write", ...), applied by DRF's own ``ScopedRateThrottle``: a reader's writes count once whether
they come from a page or from an app, and changing a rate in settings changes both. Writes of text also
count against ``BOARD_WRITE_THROTTLES``, as in the API.
"""

from rest_framework.throttling import ScopedRateThrottle

from board.extensions import write_throttles


class _Scope:
    """What ``ScopedRateThrottle`` reads from a view: the scope's name."""

    def __init__(self, scope: str):
        self.throttle_scope = scope


def write_throttle_wait(request, scope: str, *, text_write: bool = False) -> float | None:
    """Count one write in ``scope``: None when it may go ahead, else the seconds to wait before retrying.

    Signed-in readers are counted per account, anonymous ones per address (as the API does). A
    ``text_write`` (a comment, a quote) also counts against every ``BOARD_WRITE_THROTTLES`` throttle.
    """
    throttles = [ScopedRateThrottle(), *(write_throttles() if text_write else ())]
    for throttle in throttles:
        if not throttle.allow_request(request, _Scope(scope)):
            return throttle.wait() or float(throttle.duration or 60)
    return None
