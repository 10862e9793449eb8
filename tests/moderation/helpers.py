"""Helpers shared by moderation tests: content as readers post it (pending, not yet screened)."""

from board.services import comment_create

SPAM = "Join my VIP signal group on t.me/pumpkings for 10x gains guaranteed, DM me"
ADVICE = "BTC to 200k by March, load up now before it is too late!"
HONEST = "I think the valuation is stretched but the earnings were solid this quarter."
# Scores low on both labels but not zero, so tests can move the thresholds around it.
MILD = "Honestly I would consider adding some of this stock to a portfolio at these levels."


def post_comment(*, article, author, body: str, parent=None):
    """A comment exactly as the board writes it: pending, with its screening request."""
    return comment_create(author=author, article=article, body=body, parent=parent)
