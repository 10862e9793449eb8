"""Mass assignment: fields a client must never set (author, staff flags, counters, moderation state, scores,
balances) sent to every writable endpoint are ignored; and no serializer exposes a model wholesale."""

import importlib
import importlib.util
import inspect
import pkgutil

import pytest
from rest_framework import serializers

from board.models import Article, Comment, Repost, Reward, User
from moderation.models import Classification, Flag, Report
from tests.factories import client_for, make_article, make_comment, make_user

pytestmark = [pytest.mark.security, pytest.mark.sqlite, pytest.mark.django_db]

# Sent along with the real input to every writable endpoint.
FORBIDDEN = {
    "id": 999_999,
    "author": 1,
    "user": 1,
    "giver": 1,
    "reader": 1,
    "recipient": 1,
    "is_staff": True,
    "is_superuser": True,
    "is_bot": True,
    "is_active": False,
    "trust_level": 2,
    "points_balance": 1_000_000,
    "referral_code": "STOLEN",
    "moderation_state": "visible",
    "status": "visible",
    "advice_notice": True,
    "removal_reason": "none",
    "is_pinned": True,
    "is_deleted": False,
    "revision": 99,
    "depth": 0,
    "like_count": 500,
    "reply_count": 500,
    "comment_count": 500,
    "repost_count": 500,
    "share_count": 500,
    "reward_count": 500,
    "reward_points": 500,
    "balance_after": 1_000_000,
    "scores": {"spam": {"score": 0.0, "level": "low"}},
    "flags": [],
    "classification": None,
    "abstract_status": "ready",
    "abstract": "Planted abstract.",
    "slug": "planted-slug",
    "created_at": "2001-01-01T00:00:00Z",
}


def post(client, url: str, data: dict, method: str = "post"):
    response = getattr(client, method)(url, {**FORBIDDEN, **data}, format="json")
    assert response.status_code < 300, (url, response.status_code, response.content)
    return response


@pytest.fixture
def people(db, settings):
    settings.MODERATION_THROTTLE_RATES = dict.fromkeys(settings.MODERATION_THROTTLE_RATES, "1000000/min")
    reader, victim = make_user(display_name="Mass Reader"), make_user(display_name="Mass Victim")
    article = make_article()
    return reader, victim, article, client_for(reader)


def assert_account_untouched(user: User, *, balance: int) -> None:
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser, user.is_bot, user.is_active) == (False, False, False, True)
    assert (user.trust_level, user.points_balance) == (0, balance)
    assert user.referral_code != "STOLEN"


def test_register_and_profile_updates_store_only_their_fields(people):
    reader, _, _, client = people
    response = client_for(None).post(
        "/api/v1/auth/register/",
        {**FORBIDDEN, "email": "new-reader@example.org", "password": "a-long-test-passphrase"},
        format="json",
    )
    assert response.status_code == 202
    assert_account_untouched(User.objects.get(email="new-reader@example.org"), balance=100)

    post(client, "/api/v1/me/", {"display_name": "Renamed Reader", "email": "x@evil.test"}, method="patch")
    assert_account_untouched(reader, balance=100)
    assert (reader.display_name, reader.email) == ("Renamed Reader", reader.email)
    assert reader.email != "x@evil.test"


def test_comments_and_edits_keep_their_author_state_and_counters(people):
    reader, victim, article, client = people
    created = post(client, f"/api/v1/articles/{article.pk}/comments/", {"body": "My own words."}).json()
    comment = Comment.objects.get(pk=created["id"])
    assert (comment.author_id, comment.article_id, comment.parent_id) == (reader.pk, article.pk, None)
    assert (comment.moderation_state, comment.is_pinned, comment.advice_notice) == ("pending", False, False)
    assert (comment.like_count, comment.reply_count, comment.reward_points, comment.revision) == (0, 0, 0, 1)
    assert not Classification.objects.filter(content_kind="comment", object_id=comment.pk).exists()
    assert not Flag.objects.filter(content_kind="comment", object_id=comment.pk).exists()

    theirs = make_comment(article=article, author=victim, body="The victim's words.")
    post(client, f"/api/v1/comments/{comment.pk}/", {"body": "Edited words."}, method="patch")
    comment.refresh_from_db()
    assert (comment.author_id, comment.body, comment.revision) == (reader.pk, "Edited words.", 2)
    assert (comment.moderation_state, comment.like_count, comment.is_pinned) == ("pending", 0, False)
    theirs.refresh_from_db()
    assert (theirs.author_id, theirs.body) == (victim.pk, "The victim's words.")
    assert Article.objects.get(pk=article.pk).comment_count == 1  # only the victim's visible comment


def test_reposts_shares_rewards_and_reports_belong_to_the_caller(people):
    reader, victim, article, client = people
    post(client, f"/api/v1/articles/{article.pk}/repost/", {"quote": "Read this."})
    repost = Repost.objects.get(article=article)
    assert (repost.user_id, repost.moderation_state, repost.revision) == (reader.pk, "pending", 1)

    post(client, f"/api/v1/articles/{article.pk}/share/", {"channel": "link"})
    post(client, f"/api/v1/articles/{article.pk}/rewards/", {"points": 5})
    reward = Reward.objects.get(article=article)
    assert (reward.giver_id, reward.recipient_id, reward.points) == (reader.pk, article.author_id, 5)
    article.refresh_from_db()
    assert (article.repost_count, article.share_count, article.reward_count, article.reward_points) == (
        1,
        1,
        1,
        5,
    )
    assert (article.like_count, article.comment_count) == (0, 0)
    assert_account_untouched(reader, balance=95)
    assert_account_untouched(victim, balance=100)

    theirs = make_comment(article=article, author=victim)
    post(client, f"/api/v1/comments/{theirs.pk}/report/", {"reason": "spam"})
    assert Report.objects.get(comment=theirs).reader_id == reader.pk


def test_articles_published_by_staff_start_from_zero(people):
    staff = make_user(display_name="Mass Staff", is_staff=True)
    response = post(
        client_for(staff), "/api/v1/articles/", {"title": "Fresh headline", "body": "Body **text**."}
    )
    article = Article.objects.get(pk=response.json()["id"])
    assert article.author_id == staff.pk
    assert (article.moderation_state, article.abstract_status, article.revision) == ("visible", "pending", 1)
    assert article.abstract != "Planted abstract." and article.slug != "planted-slug"
    counters = ("comment_count", "like_count", "repost_count", "share_count", "reward_count", "reward_points")
    assert [getattr(article, name) for name in counters] == [0] * len(counters)
    assert article.created_at.year > 2001


def project_serializers() -> list[type[serializers.BaseSerializer]]:
    """Every serializer class defined in the project's apps (any module under board, moderation, config)."""
    found = {}
    for package_name in ("board", "moderation", "config"):
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            spec = importlib.util.find_spec(module.name)
            if module.ispkg or spec is None or not spec.origin or not spec.origin.endswith(".py"):
                continue
            with open(spec.origin, encoding="utf-8") as source:
                if "Serializer" not in source.read():  # settings and scripts are not imported
                    continue
            loaded = importlib.import_module(module.name)
            for _, value in inspect.getmembers(loaded, inspect.isclass):
                if issubclass(value, serializers.BaseSerializer) and value.__module__.startswith(
                    package_name
                ):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def test_no_serializer_exposes_a_model_wholesale():
    classes = project_serializers()
    assert len(classes) >= 20  # the board's and moderation's serializers were found
    wholesale = []
    for cls in classes:
        meta = getattr(cls, "Meta", None)
        if meta is None:
            continue
        if getattr(meta, "fields", None) == serializers.ALL_FIELDS or hasattr(meta, "exclude"):
            wholesale.append(cls.__qualname__)
    assert wholesale == []
