"""TrustAwareWriteThrottle: the write rate follows trust, slowest after a spam removal."""

import pytest
from rest_framework.test import APIRequestFactory, force_authenticate

from moderation.services import review_decide, user_trust_set
from moderation.throttles import TrustAwareWriteThrottle, trust_tier
from tests.factories import make_user
from tests.moderation.helpers import SPAM, post_comment

pytestmark = pytest.mark.django_db


def allowed(user, times: int) -> list[bool]:
    factory = APIRequestFactory()
    results = []
    for _ in range(times):
        request = factory.post("/api/v1/articles/1/comments/")
        force_authenticate(request, user=user)
        request.user = user
        results.append(TrustAwareWriteThrottle().allow_request(request, view=None))
    return results


def test_tiers(reader, newcomer, moderator):
    trusted = make_user()
    user_trust_set(user=trusted, trust_level=2, actor_label="test")

    assert [trust_tier(u) for u in (newcomer, reader, trusted, moderator)] == [
        "new",
        "basic",
        "trusted",
        None,
    ]


def test_rates_by_tier(settings, reader, newcomer):
    settings.MODERATION_THROTTLE_RATES = {
        "penalty": "1/min",
        "new": "2/min",
        "basic": "3/min",
        "trusted": "9/min",
    }

    assert allowed(newcomer, 3) == [True, True, False]
    assert allowed(reader, 4) == [True, True, True, False]


def test_a_spam_removal_slows_the_author_to_the_penalty_rate(settings, article, reader, moderator, screen):
    settings.MODERATION_THROTTLE_RATES = {
        "penalty": "1/min",
        "new": "5/min",
        "basic": "5/min",
        "trusted": "9/min",
    }
    comment = post_comment(article=article, author=reader, body=SPAM)
    screen(comment)
    review_decide(moderator=moderator, comment=comment, decision="remove", label="spam")
    reader.refresh_from_db()

    assert trust_tier(reader) == "penalty"
    assert allowed(reader, 2) == [True, False]


def test_staff_are_not_limited(settings, moderator):
    settings.MODERATION_THROTTLE_RATES = dict.fromkeys(("penalty", "new", "basic", "trusted"), "1/min")

    assert allowed(moderator, 3) == [True, True, True]
