"""``DELETE me/``, ``GET me/export/`` and ``GET me/export/download/``: who may, bad input, throttles, queries."""

import json
import re

import pytest
from django.core import mail
from django.test import Client

from board import exports
from board.models import AccountExport, AccountExportStatus, Comment
from board.services import account_export_build
from tests.board.privacy.conftest import ANN_EMAIL, ANN_NAME
from tests.factories import PASSWORD, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

ME, EXPORT, DOWNLOAD = "/api/v1/me/", "/api/v1/me/export/", "/api/v1/me/export/download/"
# A small account's export: the token 1, the bounded size counts 7, then the document: comments 2
# (revisions, comments), reposts 1, likes 2, shares 1, rewards 1, ledger 1, exports 1, reports 1,
# decisions and appeals 3, notifications with their settings and mutes 3; and the savepoint pair of the
# service's transaction 2. The same at any size.
EXPORT_QUERIES = 26


def rates_at(monkeypatch, **rates) -> None:
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, **rates})


# ---------------------------------------------------------------------------------------------------------
# DELETE me/
# ---------------------------------------------------------------------------------------------------------


def test_delete_needs_a_login(api_client):
    response = api_client.delete(ME, {"password": PASSWORD}, format="json")

    assert response.status_code == 401


@pytest.mark.parametrize("body", [{}, {"password": ""}, {"password": "wrong-password"}])
def test_delete_with_a_missing_or_wrong_password_is_400_with_a_field_error(discussion, body):
    response = client_for(discussion.ann).delete(ME, body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["password"]
    discussion.ann.refresh_from_db()
    assert discussion.ann.is_active


def test_another_reader_cannot_delete_an_account_with_its_password(discussion):
    """``me/`` is always the caller: Bob's token with Ann's password is Bob's wrong password."""
    response = client_for(discussion.bob).delete(ME, {"password": "someone-elses"}, format="json")

    assert response.status_code == 400
    discussion.ann.refresh_from_db()
    discussion.bob.refresh_from_db()
    assert discussion.ann.is_active and discussion.bob.is_active


def test_delete_erases_and_revokes_the_token_and_every_session(discussion):
    ann = discussion.ann
    api = client_for(ann)
    browser = Client()
    browser.force_login(ann)
    assert browser.get("/me/").status_code == 302 and browser.get("/me/").url != "/accounts/login/?next=/me/"

    response = api.delete(ME, {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert api.get(ME).status_code == 401  # the token is gone
    assert browser.get("/me/").url.startswith("/accounts/login/")  # and the browser's session with it
    assert (
        client_for(None)
        .post("/api/v1/auth/token/", {"username": ANN_EMAIL, "password": PASSWORD}, format="json")
        .status_code
        == 400
    )
    thread = client_for(discussion.bob).get(f"/api/v1/articles/{discussion.article.pk}/comments/").json()
    tombstone = next(item for item in thread["results"] if item["id"] == discussion.ann_top.pk)
    assert tombstone["author"] is None and tombstone["status"] == "deleted" and tombstone["body"] == ""
    assert [reply["id"] for reply in tombstone["replies"]] == [discussion.bob_reply.pk]


def test_a_moderator_deletes_only_their_own_account(discussion, moderator):
    response = client_for(moderator).delete(ME, {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    moderator.refresh_from_db()
    discussion.ann.refresh_from_db()
    assert not moderator.is_active and not moderator.is_staff and discussion.ann.is_active


def test_delete_is_throttled(discussion, monkeypatch):
    rates_at(monkeypatch, account_delete="2/hour")
    client = client_for(discussion.ann)
    statuses = [client.delete(ME, {"password": "wrong"}, format="json").status_code for _ in range(3)]

    assert statuses == [400, 400, 429]


# ---------------------------------------------------------------------------------------------------------
# GET me/export/
# ---------------------------------------------------------------------------------------------------------


def test_export_needs_a_login(api_client):
    assert api_client.get(EXPORT).status_code == 401


def test_a_small_account_gets_its_file_at_once(discussion, django_assert_num_queries):
    client = client_for(discussion.ann)

    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="newsboard-export.json"'
    document = json.loads(response.content)
    sections = document["sections"]
    assert document["format"] == "newsboard-export/1"
    assert set(sections) >= {
        "account",
        "comments",
        "reposts",
        "likes",
        "shares",
        "rewards",
        "ledger",
        "reports",
        "moderation_decisions",
        "notifications",
    }
    assert {"notifications", "settings", "muted"} <= set(sections["notifications"])
    assert sections["moderation_decisions"]["appeals"] == []
    assert sections["account"]["email"] == ANN_EMAIL and sections["account"]["display_name"] == ANN_NAME
    assert {row["id"] for row in sections["comments"]} == {discussion.ann_top.pk, discussion.ann_answer.pk}
    answer = next(row for row in sections["comments"] if row["id"] == discussion.ann_answer.pk)
    assert [revision["body"] for revision in answer["earlier_revisions"]] == [f"Thanks Bob. {ANN_NAME}"]
    assert sections["rewards"]["given"][0]["to"] == "Bob Stays"
    assert sum(entry["amount"] for entry in sections["ledger"]) == sections["account"]["points_balance"]
    assert sections["reports"][0]["text"] == f"Reported by {ANN_NAME}"
    actions = [row["action"] for row in sections["moderation_decisions"]["actions"]]
    assert "user.silenced" in actions and "content.pinned" in actions
    assert [row["decision"] for row in sections["moderation_decisions"]["review_decisions"]] == ["approve"]


def test_the_export_costs_the_same_queries_with_more_rows(discussion, django_assert_num_queries):
    from board.services import comment_like
    from tests.factories import make_comment

    for index in range(20):
        comment = make_comment(article=discussion.article, author=discussion.ann, body=f"More {index}")
        comment_like(user=discussion.ann, comment=comment)
    client = client_for(discussion.ann)

    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(EXPORT)

    assert len(response.json()["sections"]["comments"]) == 22


def test_the_export_holds_nothing_of_other_readers(discussion):
    document = client_for(discussion.bob).get(EXPORT).json()

    assert ANN_EMAIL not in json.dumps(document)
    assert {row["id"] for row in document["sections"]["comments"]} == {
        discussion.bob_reply.pk,
        discussion.bob_top.pk,
    }


def test_export_is_throttled(discussion, monkeypatch):
    rates_at(monkeypatch, account_export="2/hour")
    client = client_for(discussion.ann)

    assert [client.get(EXPORT).status_code for _ in range(3)] == [200, 200, 429]


# ---------------------------------------------------------------------------------------------------------
# A large account: a worker builds it, the link is mailed, downloaded once by its owner only
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_INLINE_MAX_ROWS", 3)


def mailed_token() -> str:
    (message,) = mail.outbox
    return re.search(r"token=([\w-]+)", message.body).group(1)


def test_a_large_account_is_built_by_a_worker_and_mailed_once(
    discussion, large, monkeypatch, django_capture_on_commit_callbacks
):
    from board.tasks import account_export_build_task

    queued = []
    monkeypatch.setattr(account_export_build_task, "delay", lambda *args: queued.append(args))
    client = client_for(discussion.ann)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(EXPORT)
        again = client.get(EXPORT)

    assert first.status_code == again.status_code == 202
    assert first.json()["status"] == "pending"
    (export,) = AccountExport.objects.filter(user=discussion.ann)
    assert queued == [(export.pk, "http://testserver")]  # asked twice, built once
    with django_capture_on_commit_callbacks(execute=True):
        account_export_build(export_id=export.pk, site_url="http://testserver")
        account_export_build(export_id=export.pk, site_url="http://testserver")  # a redelivery: nothing
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ANN_EMAIL]
    token = mailed_token()
    assert f"http://testserver/me/export/download/?token={token}" in mail.outbox[0].body

    assert client_for(None).get(DOWNLOAD, {"token": token}).status_code == 401
    assert client_for(discussion.bob).get(DOWNLOAD, {"token": token}).status_code == 404
    download = client.get(DOWNLOAD, {"token": token})
    assert download.status_code == 200
    assert json.loads(download.content)["sections"]["account"]["email"] == ANN_EMAIL
    assert client.get(DOWNLOAD, {"token": token}).status_code == 404  # once
    export.refresh_from_db()
    assert export.status == AccountExportStatus.DOWNLOADED and export.payload == ""


def test_a_moderator_cannot_download_a_readers_export(
    discussion, large, moderator, monkeypatch, django_capture_on_commit_callbacks
):
    from board.tasks import account_export_build_task

    monkeypatch.setattr(account_export_build_task, "delay", lambda *args: None)
    client_for(discussion.ann).get(EXPORT)
    export = AccountExport.objects.get(user=discussion.ann)
    with django_capture_on_commit_callbacks(execute=True):
        account_export_build(export_id=export.pk, site_url="http://testserver")

    assert client_for(moderator).get(DOWNLOAD, {"token": mailed_token()}).status_code == 404
    export.refresh_from_db()
    assert export.status == AccountExportStatus.READY  # not used up by the failed attempt


@pytest.mark.parametrize("token", ["", "x" * 101])
def test_a_malformed_token_is_400(discussion, token):
    response = client_for(discussion.ann).get(DOWNLOAD, {"token": token})

    assert response.status_code == 400 and "token" in response.json()["errors"]


def test_an_expired_link_is_404_and_the_purge_deletes_its_payload(
    discussion, large, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from board.services import account_exports_purge
    from board.tasks import account_export_build_task

    monkeypatch.setattr(account_export_build_task, "delay", lambda *args: None)
    client = client_for(discussion.ann)
    client.get(EXPORT)
    export = AccountExport.objects.get(user=discussion.ann)
    with django_capture_on_commit_callbacks(execute=True):
        account_export_build(export_id=export.pk, site_url="http://testserver")
    AccountExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert client.get(DOWNLOAD, {"token": mailed_token()}).status_code == 404
    assert account_exports_purge(site_url="http://testserver") == {"expired": 1, "requeued": 0}
    export.refresh_from_db()
    assert export.status == AccountExportStatus.EXPIRED and export.payload == ""


def test_erased_comments_keep_their_place_in_the_count(discussion):
    """After erasure the article counts only what readers still see (Bob's two comments)."""
    client_for(discussion.ann).delete(ME, {"password": PASSWORD}, format="json")

    discussion.article.refresh_from_db()
    assert discussion.article.comment_count == Comment.objects.filter(author=discussion.bob).count() == 2
