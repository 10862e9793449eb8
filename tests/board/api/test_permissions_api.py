"""Every write endpoint: anonymous is 401; another reader cannot act on what is not theirs; readers cannot
publish. Moderators' pinning: tests/moderation/api/test_pin_api.py."""

import pytest

from tests.factories import client_for, make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def comment(article, reader):
    return make_comment(article=article, author=reader, body="mine")


def write_endpoints(article, comment):
    a, c = f"/api/v1/articles/{article.pk}", f"/api/v1/comments/{comment.pk}"
    return [
        ("post", "/api/v1/articles/", {"title": "t", "body": "b"}),
        ("post", f"{a}/comments/", {"body": "hi"}),
        ("post", f"{a}/like/", {}),
        ("delete", f"{a}/like/", None),
        ("post", f"{a}/repost/", {"quote": "q"}),
        ("delete", f"{a}/repost/", None),
        ("post", f"{a}/share/", {"channel": "link"}),
        ("post", f"{a}/rewards/", {"points": 1}),
        ("patch", f"{c}/", {"body": "changed"}),
        ("delete", f"{c}/", None),
        ("post", f"{c}/like/", {}),
        ("delete", f"{c}/like/", None),
        ("post", f"{c}/rewards/", {"points": 1}),
        ("post", f"{c}/pin/", {}),
        ("delete", f"{c}/pin/", None),
        ("post", "/api/v1/auth/logout/", {}),
        ("patch", "/api/v1/me/", {"display_name": "Someone"}),
    ]


def call(client, method, url, data):
    return (
        getattr(client, method)(url, data, format="json")
        if data is not None
        else getattr(client, method)(url)
    )


def test_every_write_needs_a_login(article, comment):
    client = client_for(None)
    for method, url, data in write_endpoints(article, comment):
        response = call(client, method, url, data)
        assert response.status_code == 401, (method, url, response.status_code)
        assert response["WWW-Authenticate"] == "Token"
    assert client.get("/api/v1/me/").status_code == 401
    assert client.get("/api/v1/me/ledger/").status_code == 401


def test_another_reader_cannot_edit_or_delete_my_comment(comment, other_reader):
    client = client_for(other_reader)

    assert (
        client.patch(f"/api/v1/comments/{comment.pk}/", {"body": "hacked"}, format="json").status_code == 403
    )
    assert client.delete(f"/api/v1/comments/{comment.pk}/").status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.is_deleted) == ("mine", False)


def test_a_comment_hidden_from_the_reader_is_404_not_403(article, other_reader):
    from board.models import ModerationState
    from board.services import comment_set_moderation_state

    hidden = make_comment(article=article, author=other_reader)
    comment_set_moderation_state(comment=hidden, state=ModerationState.HELD)
    from tests.factories import make_user

    stranger = client_for(make_user())
    assert stranger.patch(f"/api/v1/comments/{hidden.pk}/", {"body": "x"}, format="json").status_code == 404
    assert stranger.delete(f"/api/v1/comments/{hidden.pk}/").status_code == 404
    assert stranger.get(f"/api/v1/comments/{hidden.pk}/").status_code == 404


def test_readers_cannot_publish_articles(reader):
    response = client_for(reader).post("/api/v1/articles/", {"title": "t", "body": "b"}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_rewards_always_come_from_the_signed_in_reader(comment, reader, other_reader):
    from board.models import User

    response = client_for(other_reader).post(
        f"/api/v1/comments/{comment.pk}/rewards/", {"points": 3, "giver": reader.pk}, format="json"
    )

    assert response.status_code == 201
    assert User.objects.get(pk=other_reader.pk).points_balance == 97
    assert User.objects.get(pk=reader.pk).points_balance == 103


def test_a_bad_token_is_401_not_anonymous(article):
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 401
