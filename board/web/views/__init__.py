"""The readers' pages: the feed, an article with its comments, a comment's thread, disclaimers, profiles,
and the form posts behind every button. Split by topic; ``board/urls.py`` imports from here.

Each view parses, calls the same selectors and services as the REST API, and renders; the rules live in
those. Every write is throttled with the API's scope for it (``board.web.throttling``), needs a signed-in
reader (anonymous ones are sent to log in and back), and answers a plain form post with a redirect to the
right anchor, or board.js's ``fetch`` with JSON or an HTML fragment.
"""

from board.web.views.comments import article_comments, comment_delete, comment_edit, comment_reply
from board.web.views.notifications import (
    digest_unsubscribe,
    notification_settings,
    notifications,
    notifications_read,
    profile_mute,
)
from board.web.views.profiles import profile
from board.web.views.reactions import (
    article_repost,
    article_reward,
    article_share,
    comment_like,
    comment_reward,
)
from board.web.views.reading import article_detail, comment_thread, disclaimer_detail, feed
from board.web.views.search import search_page

__all__ = [
    "article_comments",
    "article_detail",
    "article_repost",
    "article_reward",
    "article_share",
    "comment_delete",
    "comment_edit",
    "comment_like",
    "comment_reply",
    "comment_reward",
    "comment_thread",
    "digest_unsubscribe",
    "disclaimer_detail",
    "feed",
    "notification_settings",
    "notifications",
    "notifications_read",
    "profile",
    "profile_mute",
    "search_page",
]
