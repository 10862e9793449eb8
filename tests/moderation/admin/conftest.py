"""Fixtures for the moderators' admin: content placed in the queue by the real services (posted, then
screened in-process). The moderator, the superuser and their signed-in clients are the suite's
(``tests/conftest.py``)."""

import pytest

from tests.factories import make_comment, make_user

ADVICE = "BTC to 200k by March, load up now before it is too late!"
SPAM = "Claim your airdrop now! Connect your wallet at hxxp://free-airdrop.example to receive 500 USDT. Use my referral code BONUS50."
HONEST = "I think the valuation is stretched but the earnings were solid this quarter."


def make_reader(display_name: str):
    """A reader past the new-account hold (trust 1), so only the classifier decides on their comments."""
    from moderation.services import user_trust_set

    user = make_user(display_name=display_name)
    user_trust_set(user=user, trust_level=1, actor_label="test")
    return user


@pytest.fixture
def author(db):
    return make_reader("Reader Ann")


@pytest.fixture
def spammer(db):
    return make_reader("Spammy Sam")


@pytest.fixture
def post(article, screen):
    """``post(author, text)``: a comment written through the board's service and screened in-process."""

    def _post(author, text, **kwargs):
        comment = make_comment(article=article, author=author, body=text, approve=False, **kwargs)
        screen(comment)
        return comment

    return _post


@pytest.fixture
def held_advice(post, author):
    comment = post(author, ADVICE)
    assert comment.moderation_state == "held"
    return comment


@pytest.fixture
def hidden_spam(post, spammer):
    comment = post(spammer, SPAM)
    assert comment.moderation_state == "held"
    return comment


@pytest.fixture
def news_bot_author(db):
    from tests.factories import make_bot

    return make_bot()
