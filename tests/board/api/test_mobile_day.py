"""A mobile client's day, through the API only; fails if any field the apps rely on is missing."""

import pytest

from board.models import Comment, ModerationState
from board.services import comment_set_moderation_state
from tests.factories import make_article, make_comment, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

PASSWORD = "Tr4ding-day-passphrase"
ARTICLE_LIST_FIELDS = {
    "id", "slug", "title", "url", "author", "source", "source_name", "original_url", "language",
    "published_at", "is_pinned", "abstract", "disclaimer", "comment_count", "like_count", "repost_count",
    "reward_count", "reward_points", "share_count", "viewer", "translation",
}  # fmt: skip
ARTICLE_FIELDS = ARTICLE_LIST_FIELDS | {"body", "body_html"}
COMMENT_FIELDS = {
    "id", "article", "parent", "depth", "author", "body", "body_html", "status", "is_deleted", "is_pinned",
    "reply_count", "like_count", "reward_count", "reward_points", "created_at", "edited_at", "viewer", "replies",
}  # fmt: skip


def approve(comment_id):
    comment_set_moderation_state(comment=Comment.objects.get(pk=comment_id), state=ModerationState.VISIBLE)


def test_a_mobile_clients_day(api_client, news_bot):
    article = make_article(author=news_bot, title="Chipmakers rally on earnings")
    neighbour = make_user(display_name="Neighbour")
    neighbours_comment = make_comment(article=article, author=neighbour, body="Good quarter for chips.")

    # Register, then log in (registration answers the same for known emails, so it hands out no token).
    registered = api_client.post(
        "/api/v1/auth/register/",
        {"email": "mobile@example.org", "password": PASSWORD, "display_name": "Mobile Mo"},
        format="json",
    )
    assert registered.status_code == 202 and registered.json()["detail"]
    login = api_client.post(
        "/api/v1/auth/token/", {"username": "mobile@example.org", "password": PASSWORD}, format="json"
    )
    assert login.status_code == 200
    token = login.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/").json()
    assert {"id", "email", "display_name", "points_balance", "referral_code", "trust_level"} <= set(me)
    assert me["display_name"] == "Mobile Mo" and me["points_balance"] == 100

    # Read the feed and open the article.
    feed = api_client.get("/api/v1/articles/").json()
    assert set(feed) == {"next", "results"}
    assert set(feed["results"][0]) >= ARTICLE_LIST_FIELDS
    opened = api_client.get(f"/api/v1/articles/{article.pk}/").json()
    assert set(opened) >= ARTICLE_FIELDS
    assert set(opened["author"]) == {"display_name", "is_bot"} and opened["author"]["is_bot"] is True
    assert set(opened["abstract"]) == {"status", "text"}
    assert set(opened["disclaimer"]) >= {"key", "version", "text", "url"}
    assert opened["viewer"] == {"liked": False, "reposted": False, "rewarded": False}
    assert opened["published_at"].endswith("Z")

    # Comment, and reply to the neighbour.
    comments_url = f"/api/v1/articles/{article.pk}/comments/"
    mine = api_client.post(comments_url, {"body": "Margins look strong."}, format="json")
    assert mine.status_code == 201 and set(mine.json()) >= COMMENT_FIELDS
    reply = api_client.post(
        comments_url,
        {"body": "Agreed, see https://example.com/chips", "parent": neighbours_comment.pk},
        format="json",
    )
    assert reply.status_code == 201
    approve(mine.json()["id"])
    approve(reply.json()["id"])
    thread = api_client.get(f"{comments_url}?ordering=newest").json()
    assert set(thread) == {"next", "results"}
    neighbours = next(c for c in thread["results"] if c["id"] == neighbours_comment.pk)
    assert set(neighbours) >= COMMENT_FIELDS
    assert neighbours["reply_count"] == 1
    assert neighbours["replies"][0]["body"] == "Agreed, see https://example.com/chips"
    assert "<a href=" in neighbours["replies"][0]["body_html"]
    replies = api_client.get(f"/api/v1/comments/{neighbours_comment.pk}/replies/").json()
    assert [r["id"] for r in replies["results"]] == [reply.json()["id"]]

    # Like the article and the neighbour's comment, repost, share.
    assert api_client.post(f"/api/v1/articles/{article.pk}/like/").status_code == 201
    liked = api_client.post(f"/api/v1/comments/{neighbours_comment.pk}/like/")
    assert liked.status_code == 201 and set(liked.json()) == {"liked", "like_count"}
    repost = api_client.post(
        f"/api/v1/articles/{article.pk}/repost/", {"quote": "Worth a read"}, format="json"
    )
    assert repost.status_code == 201 and {"quote", "repost_count"} <= set(repost.json())
    share = api_client.post(f"/api/v1/articles/{article.pk}/share/", {"channel": "wechat"}, format="json")
    assert share.status_code == 201
    assert share.json()["url"].endswith(f"/articles/{article.slug}/?ref={me['referral_code']}")

    # Reward the neighbour's comment, safely retried with the same Idempotency-Key.
    reward_url = f"/api/v1/comments/{neighbours_comment.pk}/rewards/"
    reward = api_client.post(reward_url, {"points": 15}, format="json", HTTP_IDEMPOTENCY_KEY="day-reward-1")
    retry = api_client.post(reward_url, {"points": 15}, format="json", HTTP_IDEMPOTENCY_KEY="day-reward-1")
    assert (reward.status_code, retry.status_code) == (201, 200)
    assert reward.json() == retry.json()
    assert {"id", "points", "recipient", "balance_after", "created_at"} <= set(reward.json())

    # The article now shows the reader's own actions and the counters.
    opened = api_client.get(f"/api/v1/articles/{article.pk}/").json()
    assert opened["viewer"] == {"liked": True, "reposted": True, "rewarded": False}
    assert (opened["like_count"], opened["repost_count"], opened["share_count"]) == (1, 1, 1)
    assert opened["comment_count"] == 3
    thread = api_client.get(comments_url).json()
    neighbours = next(c for c in thread["results"] if c["id"] == neighbours_comment.pk)
    assert neighbours["viewer"] == {"liked": True, "rewarded": True}
    assert (neighbours["reward_count"], neighbours["reward_points"]) == (1, 15)

    # Read the ledger, then log out.
    ledger = api_client.get("/api/v1/me/ledger/").json()
    assert set(ledger) == {"next", "results"}
    assert [(e["kind"], e["amount"], e["balance_after"]) for e in ledger["results"]] == [
        ("reward_sent", -15, 85),
        ("grant", 100, 100),
    ]
    assert {"id", "kind", "amount", "balance_after", "reward", "created_at"} <= set(ledger["results"][0])
    assert api_client.post("/api/v1/auth/logout/").status_code == 204
    assert api_client.get("/api/v1/me/").status_code == 401
