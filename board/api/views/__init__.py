"""The board's REST API (``/api/v1/``): each action parses, calls one service or selector, and serializes.

Reads are public; writes need a signed-in reader (401 otherwise) and are throttled per user with a scope per
kind of write (``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``), writes of text also by ``BOARD_WRITE_THROTTLES``.
Domain errors become responses in ``board.api.exception_handler``. Split by topic; the router imports from
here.
"""

from board.api.views.accounts import AuthViewSet, MeViewSet
from board.api.views.articles import ArticleViewSet
from board.api.views.base import BoardViewSet, errors
from board.api.views.comments import CommentViewSet
from board.api.views.search import SearchViewSet

__all__ = [
    "ArticleViewSet",
    "AuthViewSet",
    "BoardViewSet",
    "CommentViewSet",
    "MeViewSet",
    "SearchViewSet",
    "errors",
]
