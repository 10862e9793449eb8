"""Writes through the API: status codes, bodies, and the negative cases of every write endpoint."""

import pytest

from board.models import Article, Comment, ModerationState, User
from board.services import comment_set_moderation_state
from tests.factories import PASSWORD, client_for, make_article, make_comment, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def post(client, url, data=None, **extra):
    return client.post(url, data or {}, format="json", **extra)


# ---------------------------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------------------------


def test_post_a_comment_and_a_reply(article, reader, other_reader):
    client = client_for(reader)

    top = post(client, f"/api/v1/articles/{article.pk}/comments/", {"body": "Hello https://x.example"})
    assert top.status_code == 201, top.content
    body = top.json()
    assert (body["depth"], body["parent"], body["replies"]) == (0, None, [])
    assert body["author"]["display_name"] == "Reader Ann"
    assert body["viewer"] == {"liked": False, "rewarded": False}
    comment_set_moderation_state(comment=Comment.objects.get(pk=body["id"]), state=ModerationState.VISIBLE)

    reply = post(
        client_for(other_reader),
        f"/api/v1/articles/{article.pk}/comments/",
        {"body": "Hi", "parent": body["id"]},
    )
    assert reply.status_code == 201
    assert (reply.json()["depth"], reply.json()["parent"]) == (1, body["id"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({}, "body"),
        ({"body": ["a"]}, "body"),
        ({"body": "ok", "parent": "abc"}, "parent"),
        ({"body": "ok", "parent": 999999}, "parent"),
        ({"body": "ok", "parent": 10**30}, "parent"),
    ],
)
def test_bad_comment_input_is_400_with_field_errors(article, reader, payload, field):
    response = post(client_for(reader), f"/api/v1/articles/{article.pk}/comments/", payload)

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Comment.objects.exists()


def test_a_parent_from_another_article_is_400(article, reader):
    elsewhere = make_comment(article=make_article(), author=reader)

    response = post(
        client_for(reader), f"/api/v1/articles/{article.pk}/comments/", {"body": "x", "parent": elsewhere.pk}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"parent": ["Not in this article."]}


def test_a_parent_hidden_from_the_reader_is_an_unknown_parent(article, reader, other_reader):
    held = make_comment(article=article, author=other_reader)
    comment_set_moderation_state(comment=held, state=ModerationState.HELD)

    response = post(
        client_for(reader), f"/api/v1/articles/{article.pk}/comments/", {"body": "x", "parent": held.pk}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"parent": ["Not found."]}


def test_unknown_fields_are_ignored_not_applied(article, reader, other_reader):
    response = post(
        client_for(reader),
        f"/api/v1/articles/{article.pk}/comments/",
        {
            "body": "Hi",
            "author": other_reader.pk,
            "is_pinned": True,
            "like_count": 99,
            "moderation_state": "visible",
        },
    )

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert (comment.author_id, comment.is_pinned, comment.like_count) == (reader.pk, False, 0)


def test_edit_and_delete_own_comment(article, reader):
    comment = make_comment(article=article, author=reader, body="before")
    client = client_for(reader)

    edited = client.patch(f"/api/v1/comments/{comment.pk}/", {"body": "after"}, format="json")
    assert edited.status_code == 200
    assert (edited.json()["body"], edited.json()["is_edited"]) == ("after", True)
    assert client.delete(f"/api/v1/comments/{comment.pk}/").status_code == 204
    assert client.delete(f"/api/v1/comments/{comment.pk}/").status_code == 404
    assert Comment.objects.get(pk=comment.pk).is_deleted


def test_edit_refuses_bad_bodies(article, reader):
    comment = make_comment(article=article, author=reader, body="before")

    for body in ("", " ", "x" * 5001):
        response = client_for(reader).patch(f"/api/v1/comments/{comment.pk}/", {"body": body}, format="json")
        assert response.status_code == 400
    assert Comment.objects.get(pk=comment.pk).body == "before"


def test_put_is_not_allowed(article, reader):
    comment = make_comment(article=article, author=reader)

    assert (
        client_for(reader).put(f"/api/v1/comments/{comment.pk}/", {"body": "x"}, format="json").status_code
        == 405
    )


# ---------------------------------------------------------------------------------------------------------
# Likes, reposts, shares
# ---------------------------------------------------------------------------------------------------------


def test_like_article_and_comment_toggle(article, reader, other_reader):
    comment = make_comment(article=article, author=other_reader)
    client = client_for(reader)

    for url in (f"/api/v1/articles/{article.pk}/like/", f"/api/v1/comments/{comment.pk}/like/"):
        first = post(client, url)
        again = post(client, url)
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json() == again.json() == {"liked": True, "like_count": 1}
        assert client.delete(url).status_code == 204
        assert client.delete(url).status_code == 204
    assert Article.objects.get(pk=article.pk).like_count == 0


def test_liking_hidden_or_deleted_comments_is_404(article, reader, other_reader):
    held = make_comment(article=article, author=other_reader)
    comment_set_moderation_state(comment=held, state=ModerationState.HELD)

    assert post(client_for(reader), f"/api/v1/comments/{held.pk}/like/").status_code == 404
    assert post(client_for(reader), "/api/v1/articles/999999/like/").status_code == 404


def test_repost_create_update_and_undo(article, reader):
    client = client_for(reader)
    url = f"/api/v1/articles/{article.pk}/repost/"

    created = post(client, url, {"quote": "Read this"})
    updated = post(client, url, {"quote": "Really, read this"})

    assert (created.status_code, updated.status_code) == (201, 200)
    assert updated.json()["quote"] == "Really, read this" and updated.json()["repost_count"] == 1
    assert post(client, url, {"quote": "q" * 1001}).status_code == 400
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 204
    assert Article.objects.get(pk=article.pk).repost_count == 0


def test_share_answers_the_canonical_url_with_the_referral_code(article, reader, settings):
    settings.BOARD_SITE_URL = "https://news.example.com"

    response = post(client_for(reader), f"/api/v1/articles/{article.pk}/share/", {"channel": "telegram"})

    assert response.status_code == 201
    assert response.json() == {
        "url": f"https://news.example.com/articles/{article.slug}/?ref={reader.referral_code}",
        "channel": "telegram",
        "share_count": 1,
    }
    assert (
        post(client_for(reader), f"/api/v1/articles/{article.pk}/share/", {"channel": "fax"}).status_code
        == 400
    )


# ---------------------------------------------------------------------------------------------------------
# Rewards
# ---------------------------------------------------------------------------------------------------------


def test_reward_with_an_idempotency_key_replays_the_first_result(article, reader, news_bot):
    client = client_for(reader)
    url = f"/api/v1/articles/{article.pk}/rewards/"

    first = post(client, url, {"points": 25}, HTTP_IDEMPOTENCY_KEY="0b5d0b9e-key")
    replay = post(client, url, {"points": 25}, HTTP_IDEMPOTENCY_KEY="0b5d0b9e-key")
    reused = post(client, url, {"points": 26}, HTTP_IDEMPOTENCY_KEY="0b5d0b9e-key")

    assert (first.status_code, replay.status_code, reused.status_code) == (201, 200, 409)
    assert first.json() == replay.json()
    assert first.json()["balance_after"] == 75
    assert first.json()["recipient"] == {"display_name": news_bot.display_name, "is_bot": True}
    assert reused.json()["code"] == "idempotency_key_reused"
    assert User.objects.get(pk=reader.pk).points_balance == 75


def test_reward_a_comment_and_the_errors(article, reader, other_reader):
    comment = make_comment(article=article, author=other_reader)
    own = make_comment(article=article, author=reader)
    client = client_for(reader)

    assert post(client, f"/api/v1/comments/{comment.pk}/rewards/", {"points": 10}).status_code == 201
    too_many = post(client, f"/api/v1/comments/{comment.pk}/rewards/", {"points": 91})
    assert (too_many.status_code, too_many.json()["code"]) == (409, "insufficient_points")
    for points in (0, -5, 10_001, 1.5, "ten", None, True):
        response = post(client, f"/api/v1/comments/{comment.pk}/rewards/", {"points": points})
        assert response.status_code == 400, points
        assert "points" in response.json()["errors"]
    assert post(client, f"/api/v1/comments/{own.pk}/rewards/", {"points": 1}).status_code == 400
    bad_key = post(
        client, f"/api/v1/comments/{comment.pk}/rewards/", {"points": 1}, HTTP_IDEMPOTENCY_KEY="x" * 200
    )
    assert bad_key.status_code == 400
    assert User.objects.get(pk=reader.pk).points_balance == 90


def test_nobody_rewards_on_behalf_of_another(article, reader, other_reader):
    response = post(
        client_for(reader),
        f"/api/v1/articles/{article.pk}/rewards/",
        {"points": 5, "giver": other_reader.pk, "recipient": reader.pk},
    )

    assert response.status_code == 201
    assert User.objects.get(pk=reader.pk).points_balance == 95
    assert User.objects.get(pk=other_reader.pk).points_balance == 100


# ---------------------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------------------


def test_bots_publish_articles_with_their_token(news_bot):
    from tests.factories import make_disclaimer

    make_disclaimer()
    response = post(
        client_for(news_bot),
        "/api/v1/articles/",
        {
            "title": "Oil slips",
            "body": "Oil fell **2%**.\n\n<script>alert(1)</script>",
            "source_name": "Wire",
            "original_url": "https://wire.example/oil",
            "disclaimer_key": "third-party-content",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["abstract"] == {"status": "pending", "text": ""}
    assert "<strong>2%</strong>" in body["body_html"] and "<script>" not in body["body_html"]
    assert body["disclaimer"]["key"] == "third-party-content"


def test_article_input_errors(news_bot):
    from tests.factories import make_disclaimer

    make_disclaimer()
    client = client_for(news_bot)

    assert post(client, "/api/v1/articles/", {"title": "x"}).status_code == 400
    assert (
        post(client, "/api/v1/articles/", {"title": "x", "body": "y", "original_url": "nope"}).status_code
        == 400
    )
    unknown = post(client, "/api/v1/articles/", {"title": "x", "body": "y", "disclaimer_key": "missing"})
    assert unknown.json()["errors"] == {"disclaimer_key": ["Unknown key."]}


def test_article_detail_has_every_field_and_viewer_flags(article, reader):
    anonymous = client_for(None).get(f"/api/v1/articles/{article.pk}/").json()
    mine = client_for(reader).get(f"/api/v1/articles/{article.pk}/").json()

    assert anonymous["viewer"] is None
    assert mine["viewer"] == {"liked": False, "reposted": False, "rewarded": False}
    assert anonymous["author"] == {"display_name": article.author.display_name, "is_bot": True}
    assert anonymous["source"] == {"name": "Board Wire", "url": "https://news.example.com/story"}
    assert set(anonymous["disclaimer"]) == {"key", "version", "title", "text", "url"}
    assert anonymous["disclaimer"]["url"] == "http://testserver/disclaimers/third-party-content/"
    assert anonymous["url"] == f"http://testserver/articles/{article.slug}/"


def test_feed_is_pinned_first_then_newest_with_cursor_pages(news_bot):
    first = make_article(author=news_bot, title="first")
    pinned = make_article(author=news_bot, title="pinned", is_pinned=True)
    last = make_article(author=news_bot, title="last")
    client = client_for(None)

    page = client.get("/api/v1/articles/?page_size=2").json()
    rest = client.get(page["next"]).json()

    assert [a["id"] for a in page["results"] + rest["results"]] == [pinned.pk, last.pk, first.pk]
    assert rest["next"] is None


# ---------------------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------------------


def test_register_answers_the_same_for_new_and_known_emails(reader):
    client = client_for(None)

    new = post(client, "/api/v1/auth/register/", {"email": "new@example.org", "password": PASSWORD})
    known = post(client, "/api/v1/auth/register/", {"email": reader.email, "password": PASSWORD})

    assert (new.status_code, known.status_code) == (202, 202)
    assert new.json() == known.json()
    assert User.objects.filter(email="new@example.org").exists()


def test_register_input_errors(reader):
    client = client_for(None)

    assert post(client, "/api/v1/auth/register/", {"email": "x", "password": PASSWORD}).status_code == 400
    weak = post(client, "/api/v1/auth/register/", {"email": "w@example.org", "password": "12345678"})
    assert "password" in weak.json()["errors"]
    taken = post(
        client,
        "/api/v1/auth/register/",
        {"email": "t@example.org", "password": PASSWORD, "display_name": "reader ann"},
    )
    assert taken.json()["errors"] == {"display_name": ["Already taken."]}


def test_token_login_logout_and_me(reader):
    client = client_for(None)

    wrong = post(client, "/api/v1/auth/token/", {"username": reader.email, "password": "nope"})
    unknown = post(client, "/api/v1/auth/token/", {"username": "nobody@example.org", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()

    token = post(client, "/api/v1/auth/token/", {"username": reader.email, "password": PASSWORD}).json()[
        "token"
    ]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    me = client.get("/api/v1/me/").json()
    assert me["display_name"] == "Reader Ann" and me["points_balance"] == 100

    patched = client.patch(
        "/api/v1/me/", {"display_name": "Ann B", "points_balance": 10**6, "is_staff": True}, format="json"
    )
    assert patched.status_code == 200
    assert (patched.json()["display_name"], patched.json()["points_balance"]) == ("Ann B", 100)
    assert not User.objects.get(pk=reader.pk).is_staff
    assert client.patch("/api/v1/me/", {"display_name": "x"}, format="json").status_code == 400

    assert post(client, "/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_ledger_pages_newest_first(article, reader):
    from board.services import reward_create

    for points in (1, 2, 3):
        reward_create(giver=reader, article=article, points=points)
    client = client_for(reader)

    page = client.get("/api/v1/me/ledger/?page_size=2").json()
    rest = client.get(page["next"]).json()

    assert [e["amount"] for e in page["results"] + rest["results"]] == [-3, -2, -1, 100]
    assert [e["kind"] for e in rest["results"]] == ["reward_sent", "grant"]
    assert page["results"][0]["balance_after"] == 94


def test_other_users_cannot_see_my_ledger(reader, other_reader):
    make_user()
    body = client_for(other_reader).get("/api/v1/me/ledger/").json()

    assert len(body["results"]) == 1  # their own grant only
