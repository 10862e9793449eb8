"""The board's models in moderators' hands: silencing, suspension and trust as actions of the users' list,
pinning comments and articles, and the comment and repost lists that open the content page; every act
through moderation's services, with its audit row."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from board.models import Article, Comment
from board.services import repost_create
from moderation.models import AuditLogEntry
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

USERS = "/admin/board/user/"


# ---- accounts -------------------------------------------------------------------------------------------


def user_action(client, action, users, **fields):
    return client.post(
        USERS, {"action": action, "_selected_action": [u.pk for u in users], "index": "0", **fields}
    )


def test_moderators_silence_and_lift_through_the_service(mod_client, moderator):
    reader = make_user()

    assert user_action(mod_client, "silence_selected", [reader]).status_code == 200  # the form first
    response = user_action(
        mod_client, "silence_selected", [reader], apply="1", duration="7d", reason="flooding"
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert timezone.now() + timedelta(days=6) < reader.silenced_until
    assert AuditLogEntry.objects.get(action="user.silenced", target_id=reader.pk).actor == moderator

    user_action(mod_client, "lift_silence", [reader])
    reader.refresh_from_db()
    assert reader.silenced_until is None
    assert AuditLogEntry.objects.filter(action="user.unsilenced", target_id=reader.pk).exists()


def test_moderators_suspend_with_a_reason_and_set_trust(mod_client, moderator):
    reader = make_user()

    page = user_action(mod_client, "suspend_selected", [reader], apply="1", reason="")
    assert page.status_code == 200 and "This field is required" in page.content.decode()
    user_action(mod_client, "suspend_selected", [reader], apply="1", reason="scam ring")
    reader.refresh_from_db()
    assert not reader.is_active
    user_action(mod_client, "unsuspend_selected", [reader])
    user_action(mod_client, "trust_trusted", [reader])

    reader.refresh_from_db()
    assert reader.is_active and reader.trust_level == 2
    actions = set(
        AuditLogEntry.objects.filter(target_id=reader.pk, actor=moderator).values_list("action", flat=True)
    )
    assert actions == {"user.suspended", "user.unsuspended", "user.trust_changed"}


def test_moderators_cannot_suspend_themselves(mod_client, moderator):
    response = user_action(mod_client, "suspend_selected", [moderator], apply="1", reason="oops")

    assert response.status_code == 302
    moderator.refresh_from_db()
    assert moderator.is_active


def test_staff_without_the_group_get_no_moderation_actions(client):
    staff = make_user(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(staff)
    reader = make_user()

    user_action(client, "suspend_selected", [reader], apply="1", reason="no")

    reader.refresh_from_db()
    assert reader.is_active
    assert not AuditLogEntry.objects.filter(action="user.suspended").exists()


# ---- comments, reposts and articles -------------------------------------------------------------------


def test_staff_pin_a_comment_through_the_service(super_client):
    article = make_article()
    comment = make_comment(article=article, author=make_user())
    reply = make_comment(article=article, author=make_user(), parent=comment)

    super_client.post(
        "/admin/board/comment/", {"action": "pin", "_selected_action": [comment.pk], "index": "0"}
    )
    response = super_client.post(
        "/admin/board/comment/", {"action": "pin", "_selected_action": [reply.pk], "index": "0"}, follow=True
    )

    assert Comment.objects.get(pk=comment.pk).is_pinned
    assert not Comment.objects.get(pk=reply.pk).is_pinned
    assert "Only top-level comments can be pinned." in response.content.decode()


def test_moderators_pin_and_unpin_comments_with_an_audit_row(mod_client, moderator):
    article = make_article()
    first = make_comment(article=article, author=make_user())
    second = make_comment(article=article, author=make_user())

    for comment in (first, second):
        mod_client.post(
            "/admin/board/comment/", {"action": "pin", "_selected_action": [comment.pk], "index": "0"}
        )
    mod_client.post(
        "/admin/board/comment/", {"action": "unpin", "_selected_action": [second.pk], "index": "0"}
    )

    assert not Comment.objects.filter(is_pinned=True).exists()
    entries = AuditLogEntry.objects.filter(target_kind="comment").order_by("id")
    assert [(e.action, e.target_id, e.actor_id) for e in entries] == [
        ("content.pinned", first.pk, moderator.pk),
        ("content.pinned", second.pk, moderator.pk),
        ("content.unpinned", second.pk, moderator.pk),
    ]
    assert entries[1].extra == {"article": article.pk, "unpinned": first.pk}


def test_readers_and_staff_without_view_permission_cannot_pin(client):
    comment = make_comment(article=make_article(), author=make_user())
    client.force_login(make_user(is_staff=True))

    client.post("/admin/board/comment/", {"action": "pin", "_selected_action": [comment.pk], "index": "0"})

    assert not Comment.objects.get(pk=comment.pk).is_pinned
    assert not AuditLogEntry.objects.filter(action="content.pinned").exists()


def test_pinning_articles_by_action_or_form_is_audited(super_client, superuser):
    article = make_article()

    super_client.post(
        "/admin/board/article/", {"action": "pin", "_selected_action": [article.pk], "index": "0"}
    )
    super_client.post(
        "/admin/board/article/", {"action": "unpin", "_selected_action": [article.pk], "index": "0"}
    )

    article.refresh_from_db()
    assert not article.is_pinned and article.revision == 1
    actions = AuditLogEntry.objects.filter(target_kind="article", target_id=article.pk).order_by("id")
    assert [(e.action, e.actor_id) for e in actions] == [
        ("content.pinned", superuser.pk),
        ("content.unpinned", superuser.pk),
    ]


def test_an_article_page_links_to_its_moderation_page(super_client):
    article = make_article()

    html = super_client.get(f"/admin/board/article/{article.pk}/change/").content.decode()

    assert f'href="/admin/moderation/reviewitem/content/article/{article.pk}/"' in html
    assert Article.objects.filter(pk=article.pk).exists()


def test_comments_and_reposts_open_the_moderators_content_page(mod_client):
    article = make_article()
    comment = make_comment(article=article, author=make_user())
    repost, _ = repost_create(user=make_user(), article=article, quote="Worth a read.")

    assert mod_client.get(f"/admin/board/comment/{comment.pk}/change/")["Location"] == (
        f"/admin/moderation/reviewitem/content/comment/{comment.pk}/"
    )
    response = mod_client.get(f"/admin/board/repost/{repost.pk}/change/", follow=True)
    assert response.status_code == 200 and "Worth a read." in response.content.decode()
    assert mod_client.get("/admin/board/comment/").status_code == 200
