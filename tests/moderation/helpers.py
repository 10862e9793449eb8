"""Helpers shared by moderation tests: content as readers post it (pending, not yet screened)."""

import functools

from board.services import comment_create

SPAM = "Join my VIP signal group on t.me/pumpkings for 10x gains guaranteed, DM me"
ADVICE = "BTC to 200k by March, load up now before it is too late!"
HONEST = "I think the valuation is stretched but the earnings were solid this quarter."
# Borderline texts: low on both labels but (for some of them, whatever the model's version) not zero.
MILD_CANDIDATES = (
    "Could be a decent entry for long-term holders, do your own research.",
    "Worth keeping an eye on this one going into earnings.",
    "If you believe in the story, this price looks reasonable.",
    "Some people are buying the dip here, interesting to watch.",
    "Honestly I would consider adding some of this stock to a portfolio at these levels.",
    "Is there a group where people discuss this stock?",
    "People in my chat group keep talking about this stock.",
    "Anyone here following this on other forums too?",
)


@functools.cache
def mild_text() -> str:
    """A text scoring low but above zero on both labels, so a test can move the thresholds around it."""
    from moderation.classifier.pipeline import Behaviour, classify

    def lowest(text: str) -> float:
        verdict = classify(text, behaviour=Behaviour(account_age_hours=0.0, trust_level=1))
        scores = [verdict.spam.score, verdict.financial_advice.score]
        return min(scores) if max(scores) < 0.5 else 0.0

    best = max(MILD_CANDIDATES, key=lowest)
    assert lowest(best) > 0, "no borderline text left: add one to MILD_CANDIDATES"
    return best


def post_comment(*, article, author, body: str, parent=None):
    """A comment exactly as the board writes it: pending, with its screening request."""
    return comment_create(author=author, article=article, body=body, parent=parent)


def block_status_with(monkeypatch, *, reset, status, patch) -> tuple[bool, str]:
    """A classifier block's ``status()`` when built afresh with ``patch`` applied; the block is built again
    without it afterwards (``monkeypatch.undo()``), so later tests see the real one."""
    reset()
    patch()
    try:
        return status()
    finally:
        monkeypatch.undo()
        reset()
