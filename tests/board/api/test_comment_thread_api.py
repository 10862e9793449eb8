"""Reading threads through the API: shape, nesting, ordering, cursors, visibility and tombstones."""

from urllib.parse import parse_qs, urlparse

import pytest

from board.models import ModerationState
from board.services import (
    comment_delete,
    comment_like,
    comment_pinned_set,
    comment_set_moderation_state,
    reward_create,
)
from tests.factories import client_for, make_comment, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

COMMENT_FIELDS = {
    "id", "article", "parent", "depth", "author", "body", "body_html", "language", "status", "removal_reason",
    "advice_notice", "is_pinned", "is_deleted", "is_edited", "edited_at", "created_at", "reply_count",
    "like_count", "reward_count", "reward_points", "viewer", "muted", "decision", "replies",
    "translation",
}  # fmt: skip


def thread(client, article, query=""):
    response = client.get(f"/api/v1/articles/{article.pk}/comments/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_page_nests_the_first_three_replies_oldest_first(article, reader, other_reader):
    top = make_comment(article=article, author=reader, body="Top <b>bold</b> https://example.com")
    replies = [make_comment(article=article, author=other_reader, parent=top, body=f"r{i}") for i in range(5)]
    make_comment(article=article, author=reader, parent=replies[0], body="nested")

    body = thread(client_for(None), article)

    (item,) = body["results"]
    assert set(item) == COMMENT_FIELDS
    assert item["body"] == "Top <b>bold</b> https://example.com"
    assert "&lt;b&gt;" in item["body_html"] and 'rel="nofollow ugc noopener"' in item["body_html"]
    assert item["author"] == {"display_name": "Reader Ann", "is_bot": False}
    assert item["reply_count"] == 5
    assert [r["body"] for r in item["replies"]] == ["r0", "r1", "r2"]
    assert item["replies"][0]["replies"][0]["body"] == "nested"
    assert item["viewer"] is None
    assert item["created_at"].endswith("Z")
    assert body["next"] is None


def test_each_comment_names_its_language_detected_when_written_or_null(article, reader):
    from board.services import content_language_set

    chinese = make_comment(article=article, author=reader, body="茅台估值太高了")
    make_comment(
        article=article, author=reader, body="written in English, before any screening", approve=False
    )
    make_comment(article=article, author=reader, body="666")

    languages = {item["body"]: item["language"] for item in thread(client_for(reader), article)["results"]}

    assert languages == {
        "茅台估值太高了": "zh",
        "written in English, before any screening": "en",
        "666": None,
    }
    # Screening records the same function's answer: nothing changes.
    assert not content_language_set(content=chinese, language="zh").changed


def test_replies_endpoint_pages_all_direct_replies_with_a_cursor(article, reader):
    top = make_comment(article=article, author=reader)
    for i in range(5):
        make_comment(article=article, author=reader, parent=top, body=f"r{i}")
    client = client_for(None)

    first = client.get(f"/api/v1/comments/{top.pk}/replies/?page_size=2").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    assert [r["body"] for r in first["results"] + second["results"] + third["results"]] == [
        f"r{i}" for i in range(5)
    ]
    assert third["next"] is None
    assert "cursor=" in first["next"] and first["next"].startswith("http://testserver/api/v1/comments/")


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [("newest", ["c", "b", "a"]), ("oldest", ["a", "b", "c"]), ("top", ["b", "c", "a"])],
)
def test_orderings_and_cursor_pages(article, reader, ordering, expected):
    comments = {name: make_comment(article=article, author=reader, body=name) for name in "abc"}
    likers = [make_user() for _ in range(2)]
    for liker in likers:
        comment_like(user=liker, comment=comments["b"])
    comment_like(user=likers[0], comment=comments["c"])
    client = client_for(None)

    first = thread(client, article, f"?ordering={ordering}&page_size=2")
    rest = client.get(first["next"]).json()

    assert [c["body"] for c in first["results"] + rest["results"]] == expected


def test_the_pinned_comment_comes_first_on_the_first_page_only(article, reader):
    old = make_comment(article=article, author=reader, body="old")
    make_comment(article=article, author=reader, body="new")
    make_comment(article=article, author=reader, body="newest")
    comment_pinned_set(comment=old, pinned=True)
    client = client_for(None)

    first = thread(client, article, "?page_size=1")
    second = client.get(first["next"]).json()

    # The pinned comment comes on top of the page size, and is not repeated in its place.
    assert [(c["body"], c["is_pinned"]) for c in first["results"]] == [("old", True), ("newest", False)]
    assert [c["body"] for c in second["results"]] == ["new"] and second["next"] is None


def test_deleted_comment_with_replies_is_a_tombstone_and_without_replies_disappears(
    article, reader, other_reader
):
    parent = make_comment(article=article, author=reader, body="secret")
    make_comment(article=article, author=other_reader, parent=parent, body="still here")
    lonely = make_comment(article=article, author=reader, body="gone")
    comment_delete(actor=reader, comment=parent)
    comment_delete(actor=reader, comment=lonely)

    (tombstone,) = thread(client_for(None), article)["results"]

    assert tombstone["is_deleted"] is True and tombstone["status"] == "deleted"
    assert (tombstone["body"], tombstone["body_html"], tombstone["author"]) == ("", "", None)
    assert tombstone["replies"][0]["body"] == "still here"


def test_held_and_removed_comments_show_to_their_author_and_moderators_only(
    article, reader, other_reader, moderator
):
    held = make_comment(article=article, author=reader, body="held text")
    removed = make_comment(article=article, author=reader, body="removed text")
    comment_set_moderation_state(comment=held, state=ModerationState.HELD)
    comment_set_moderation_state(comment=removed, state=ModerationState.REMOVED, removal_reason="Spam")

    assert thread(client_for(None), article)["results"] == []
    assert thread(client_for(other_reader), article)["results"] == []
    own = {c["body"]: c for c in thread(client_for(reader), article)["results"]}
    assert own["held text"]["status"] == "under_review"
    assert (own["removed text"]["status"], own["removed text"]["removal_reason"]) == ("removed", "Spam")
    assert len(thread(client_for(moderator), article)["results"]) == 2


def test_anonymous_responses_are_identical_and_signed_in_ones_carry_viewer_flags(
    article, reader, other_reader
):
    comment = make_comment(article=article, author=other_reader)
    make_comment(article=article, author=other_reader, parent=comment)
    comment_like(user=reader, comment=comment)
    reward_create(giver=reader, comment=comment, points=3)

    first, second = thread(client_for(None), article), thread(client_for(None), article)
    mine = thread(client_for(reader), article)

    assert first == second
    assert mine["results"][0]["viewer"] == {"liked": True, "rewarded": True}
    assert mine["results"][0]["replies"][0]["viewer"] == {"liked": False, "rewarded": False}


def test_bad_query_parameters_are_400(article):
    client = client_for(None)
    for query in ("?ordering=random", "?cursor=garbage", "?cursor=eyJvIjoibmV3ZXN0In0", "?page_size=0"):
        response = client.get(f"/api/v1/articles/{article.pk}/comments/{query}")
        assert response.status_code == 400, query
        assert response.json()["errors"]


def test_a_cursor_from_another_ordering_is_refused(article, reader):
    for name in "abc":
        make_comment(article=article, author=reader, body=name)
    client = client_for(None)
    next_url = thread(client, article, "?ordering=top&page_size=1")["next"]
    cursor = parse_qs(urlparse(next_url).query)["cursor"][0]

    assert (
        client.get(f"/api/v1/articles/{article.pk}/comments/?ordering=newest&cursor={cursor}").status_code
        == 400
    )


def test_single_comment_and_missing_ids_are_404(article, reader):
    comment = make_comment(article=article, author=reader)
    client = client_for(None)

    assert client.get(f"/api/v1/comments/{comment.pk}/").json()["id"] == comment.pk
    for url in (
        "/api/v1/comments/999999/",
        "/api/v1/comments/99999999999999999999999/",
        "/api/v1/comments/abc/",
        "/api/v1/articles/999999/comments/",
        "/api/v1/comments/999999/replies/",
    ):
        assert client.get(url).status_code == 404, url
