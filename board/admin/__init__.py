"""The board in the admin: accounts, disclaimers and articles, written through the board's services.

The apps built on the board extend these in their own admin modules (subclass and re-register): moderation
adds its actions on accounts (silence, suspension, trust), the audited pinning of articles, the link to its
content page, and the comment and repost lists. The board's admin knows nothing of them.
"""

from board.admin import accounts, articles  # noqa: F401 - registers the ModelAdmins
from board.admin.accounts import BoardUserAdmin
from board.admin.articles import ArticleAdmin

__all__ = ["ArticleAdmin", "BoardUserAdmin"]
