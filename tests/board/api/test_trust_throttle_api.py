"""Content writes through the API and the pages also follow the writer's trust tier (moderation's throttle)."""

import pytest

from moderation.services import user_trust_set
from tests.factories import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust_rates(settings):
    settings.MODERATION_THROTTLE_RATES = {
        "penalty": "1/min",
        "new": "2/min",
        "basic": "4/min",
        "trusted": "9/min",
    }


@pytest.mark.usefixtures("trust_rates")
def test_a_new_account_posts_slower_than_a_trusted_one_through_the_api(article):
    newcomer = make_user()
    trusted = make_user()
    user_trust_set(user=trusted, trust_level=2, actor_label="test")
    url = f"/api/v1/articles/{article.pk}/comments/"

    new_statuses = [
        client_for(newcomer).post(url, {"body": "hello"}, format="json").status_code for _ in range(3)
    ]
    trusted_statuses = [
        client_for(trusted).post(url, {"body": "hello"}, format="json").status_code for _ in range(3)
    ]

    assert new_statuses == [201, 201, 429]
    assert trusted_statuses == [201, 201, 201]


@pytest.mark.usefixtures("trust_rates")
def test_reposts_count_against_the_trust_tier_but_likes_do_not(article):
    newcomer = make_user()
    client = client_for(newcomer)
    client.post(f"/api/v1/articles/{article.pk}/comments/", {"body": "one"}, format="json")
    client.post(f"/api/v1/articles/{article.pk}/comments/", {"body": "two"}, format="json")

    repost = client.post(f"/api/v1/articles/{article.pk}/repost/", {"quote": "worth reading"}, format="json")
    like = client.post(f"/api/v1/articles/{article.pk}/like/", format="json")

    assert repost.status_code == 429
    assert like.status_code == 201


@pytest.mark.usefixtures("trust_rates")
def test_the_comment_form_follows_the_trust_tier(client, article):
    newcomer = make_user()
    client.force_login(newcomer)
    url = f"/articles/{article.slug}/comments/"

    statuses = [client.post(url, {"body": f"comment {n}"}).status_code for n in range(3)]

    assert statuses[:2] == [302, 302]
    assert statuses[2] == 429
