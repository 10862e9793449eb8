"""GET me/notifications/ (cursor pages, ETag and 304), POST me/notifications/read/, unread_notifications in
GET me/, preferences and mutes: authorization (anonymous, another reader, a moderator), bad input and
query counts."""

import pytest

from board.models import ModerationState
from board.services import comment_create, comment_set_moderation_state
from tests.factories import client_for, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

# Token (with its user), the list's state for the ETag, the page with actors and targets joined.
LIST_QUERIES = 3
# Token, the list's state: a 304 reads no page.
NOT_MODIFIED_QUERIES = 2


@pytest.fixture(autouse=True)
def _board_alone(settings):
    settings.BOARD_CONTENT_SUBMITTED_HOOKS = []


@pytest.fixture
def ann(db):
    return make_user(display_name="Reader Ann")


@pytest.fixture
def story(db):
    return make_article()


def replies_to(ann, story, run_tasks_on_commit, howmany=1, parents=1):
    with run_tasks_on_commit():
        for _ in range(parents):
            parent = make_comment(article=story, author=ann)
            for _ in range(howmany):
                author = make_user()
                reply = comment_create(author=author, article=story, parent=parent, body="Hi @Reader Ann")
                comment_set_moderation_state(comment=reply, state=ModerationState.VISIBLE)


def test_the_reader_sees_their_notifications_and_the_count_clears(ann, story, run_tasks_on_commit):
    replies_to(ann, story, run_tasks_on_commit, howmany=2)
    client = client_for(ann)
    assert client.get("/api/v1/me/").json()["unread_notifications"] == 3
    body = client.get("/api/v1/me/notifications/").json()
    kinds = [(item["kind"], item["count"], item["read"]) for item in body["results"]]
    assert kinds == [("mention", 1, False), ("reply", 2, False), ("mention", 1, False)]
    reply = body["results"][1]
    assert reply["actor"]["display_name"].startswith("User-")
    assert reply["target"]["type"] == "comment" and reply["target"]["url"].endswith(
        f"/comments/{reply['target']['id']}/"
    )
    assert reply["target"]["excerpt"].startswith("Comment number")
    assert (
        client.post("/api/v1/me/notifications/read/", {"up_to": reply["id"]}, format="json").status_code
        == 204
    )
    assert client.get("/api/v1/me/").json()["unread_notifications"] == 1
    assert client.post("/api/v1/me/notifications/read/", {}, format="json").status_code == 204
    assert client.get("/api/v1/me/").json()["unread_notifications"] == 0
    assert all(item["read"] for item in client.get("/api/v1/me/notifications/").json()["results"])


def test_another_reader_sees_none_of_them_and_anonymous_is_401(ann, story, run_tasks_on_commit, moderator):
    replies_to(ann, story, run_tasks_on_commit)
    for user in (make_user(), moderator):
        assert client_for(user).get("/api/v1/me/notifications/").json()["results"] == []
        client_for(user).post("/api/v1/me/notifications/read/", {}, format="json")
    assert client_for(ann).get("/api/v1/me/").json()["unread_notifications"] == 2
    anonymous = client_for(None)
    for method, url in (
        ("get", "/api/v1/me/notifications/"),
        ("post", "/api/v1/me/notifications/read/"),
        ("get", "/api/v1/me/notifications/settings/"),
        ("patch", "/api/v1/me/notifications/settings/"),
        ("get", "/api/v1/me/mutes/"),
        ("post", "/api/v1/me/mutes/"),
        ("delete", "/api/v1/me/mutes/Reader%20Ann/"),
    ):
        assert getattr(anonymous, method)(url, {}, format="json").status_code == 401, url


def test_bad_input_is_400_with_field_errors(ann):
    client = client_for(ann)
    for body in ({"up_to": "x"}, {"up_to": 0}, {"up_to": -3}, {"up_to": 2**70}):
        response = client.post("/api/v1/me/notifications/read/", body, format="json")
        assert response.status_code == 400 and "up_to" in response.json()["errors"], body
    response = client.get("/api/v1/me/notifications/?cursor=nonsense")
    assert response.status_code == 400 and "cursor" in response.json()["errors"]
    response = client.patch("/api/v1/me/notifications/settings/", {"reply": "maybe"}, format="json")
    assert response.status_code == 400 and "reply" in response.json()["errors"]
    response = client.post("/api/v1/me/mutes/", {}, format="json")
    assert response.status_code == 400 and "display_name" in response.json()["errors"]


def test_unchanged_lists_answer_304_and_any_change_gives_a_new_etag(ann, story, run_tasks_on_commit):
    replies_to(ann, story, run_tasks_on_commit)
    client = client_for(ann)
    first = client.get("/api/v1/me/notifications/")
    etag = first["ETag"]
    again = client.get("/api/v1/me/notifications/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    client.post("/api/v1/me/notifications/read/", {}, format="json")
    read = client.get("/api/v1/me/notifications/", HTTP_IF_NONE_MATCH=etag)
    assert read.status_code == 200 and read["ETag"] != etag
    replies_to(ann, story, run_tasks_on_commit)
    assert client.get("/api/v1/me/notifications/", HTTP_IF_NONE_MATCH=read["ETag"]).status_code == 200


@pytest.mark.parametrize("parents", [2, 30])
def test_the_list_and_the_count_cost_fixed_queries(
    parents, ann, story, run_tasks_on_commit, django_assert_num_queries
):
    replies_to(ann, story, run_tasks_on_commit, howmany=2, parents=parents)
    client = client_for(ann)
    client.get("/api/v1/me/")  # the token row exists
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/api/v1/me/notifications/?page_size=50")
    assert len(response.json()["results"]) == min(50, parents * 3)
    with django_assert_num_queries(NOT_MODIFIED_QUERIES):
        assert (
            client.get(
                "/api/v1/me/notifications/?page_size=50", HTTP_IF_NONE_MATCH=response["ETag"]
            ).status_code
            == 304
        )
    # GET me/: the token and user, the unread count.
    with django_assert_num_queries(2):
        assert client.get("/api/v1/me/").json()["unread_notifications"] == parents * 3


def test_cursor_pages_newest_first_without_overlap(ann, story, run_tasks_on_commit):
    replies_to(ann, story, run_tasks_on_commit, parents=5)
    client = client_for(ann)
    seen, url = [], "/api/v1/me/notifications/?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == 10


def test_preferences_round_trip(ann, story, run_tasks_on_commit):
    client = client_for(ann)
    assert client.get("/api/v1/me/notifications/settings/").json() == {
        "reply": True,
        "mention": True,
        "reward": True,
        "moderation": True,
        "appeal": True,
        "email_digest": False,
    }
    response = client.patch(
        "/api/v1/me/notifications/settings/", {"mention": False, "email_digest": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["mention"] is False
    replies_to(ann, story, run_tasks_on_commit)
    assert [item["kind"] for item in client.get("/api/v1/me/notifications/").json()["results"]] == ["reply"]


def test_muting_collapses_their_comments_for_me_only_and_stops_their_notifications(
    ann, story, run_tasks_on_commit
):
    bob, carol = make_user(display_name="Bob Muted"), make_user()
    mine = make_comment(article=story, author=ann)
    theirs = make_comment(article=story, author=bob)
    client = client_for(ann)
    created = client.post("/api/v1/me/mutes/", {"display_name": "bob muted"}, format="json")
    assert created.status_code == 201 and created.json()["display_name"] == "Bob Muted"
    assert client.post("/api/v1/me/mutes/", {"display_name": "Bob Muted"}, format="json").status_code == 200
    assert client.post("/api/v1/me/mutes/", {"display_name": "Nobody"}, format="json").status_code == 404
    assert client.post("/api/v1/me/mutes/", {"display_name": "Reader Ann"}, format="json").status_code == 400
    assert [m["display_name"] for m in client.get("/api/v1/me/mutes/").json()] == ["Bob Muted"]

    page = {c["id"]: c for c in client.get(f"/api/v1/articles/{story.pk}/comments/").json()["results"]}
    assert page[theirs.pk]["muted"] is True and page[mine.pk]["muted"] is False
    others = {
        c["id"]: c for c in client_for(carol).get(f"/api/v1/articles/{story.pk}/comments/").json()["results"]
    }
    assert others[theirs.pk]["muted"] is False
    with run_tasks_on_commit():
        make_comment(article=story, author=bob, parent=mine, body="@Reader Ann")
    assert client.get("/api/v1/me/notifications/").json()["results"] == []
    assert client_for(bob).get("/api/v1/me/notifications/").json()["results"] == []  # never told

    assert client.delete("/api/v1/me/mutes/Bob%20Muted/").status_code == 204
    assert client.delete("/api/v1/me/mutes/Bob%20Muted/").status_code == 204
    assert client.get("/api/v1/me/mutes/").json() == []
