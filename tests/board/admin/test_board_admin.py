"""The board in the admin: accounts, articles, disclaimers and pinning through the services; moderators'
actions on accounts through moderation's services (audited)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from board.models import Article, Comment, Disclaimer, LedgerEntry, User
from board.services import repost_create
from moderation.admin.roles import moderator_group_sync
from moderation.models import AuditLogEntry, ScreeningRequest
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

USERS = "/admin/board/user/"


@pytest.fixture
def superuser(db):
    return make_user(display_name="Root Rita", is_staff=True, is_superuser=True)


@pytest.fixture
def super_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def moderator(db):
    user = make_user(display_name="Mod Mia", is_staff=True)
    user.groups.add(moderator_group_sync())
    return user


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


# ---- accounts -------------------------------------------------------------------------------------------


def test_a_superuser_creates_an_account_through_the_service(super_client, settings):
    response = super_client.post(
        USERS + "add/",
        {
            "email": "Editor@Example.org",
            "display_name": "",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "is_staff": "on",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email__iexact="editor@example.org")
    assert user.is_staff and user.check_password("a-long-pass-phrase-1")
    assert user.display_name.startswith(settings.BOARD_DISPLAY_NAME_PREFIX) and user.referral_code
    assert LedgerEntry.objects.get(user=user).amount == settings.BOARD_STARTING_POINTS  # the starting grant

    again = super_client.post(
        USERS + "add/", {"email": "editor@example.ORG", "password1": "", "password2": ""}
    )
    assert again.status_code == 200 and "already exists" in again.content.decode()


def test_trust_silence_and_suspension_are_not_form_fields(super_client):
    reader = make_user()
    form = super_client.get(f"{USERS}{reader.pk}/change/").context["adminform"].form

    assert not {"trust_level", "silenced_until", "is_active", "points_balance"} & set(form.fields)


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


# ---- articles and disclaimers ---------------------------------------------------------------------------


def test_an_article_is_published_through_the_service(super_client, superuser):
    make_article()  # the default disclaimer
    response = super_client.post(
        "/admin/board/article/add/",
        {
            "title": "Rates on hold",
            "body": "**Central bank** holds rates.",
            "language": "en",
            "source_name": "Wire",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get(title="Rates on hold")
    assert article.author == superuser and article.slug == "rates-on-hold"
    assert "<strong>Central bank</strong>" in article.body_html
    assert article.disclaimer == Disclaimer.objects.get(is_default=True)
    assert ScreeningRequest.objects.filter(content_kind="article", object_id=article.pk, revision=1).exists()


def test_editing_an_article_makes_a_new_revision_screened_again(super_client):
    article = make_article()
    url = f"/admin/board/article/{article.pk}/change/"
    form = super_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        body="Updated: **rates cut**.",
        disclaimer=article.disclaimer_id,
        published_at_0=f"{article.published_at:%Y-%m-%d}",
        published_at_1=f"{article.published_at:%H:%M:%S}",
    )
    data.pop("published_at", None)
    data["is_pinned"] = ""

    response = super_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article.refresh_from_db()
    assert article.revision == 2 and "<strong>rates cut</strong>" in article.body_html
    assert article.abstract_status == "pending"
    assert ScreeningRequest.objects.filter(content_kind="article", object_id=article.pk, revision=2).exists()


def test_articles_are_pinned_by_an_action(super_client):
    article = make_article()

    super_client.post(
        "/admin/board/article/", {"action": "pin", "_selected_action": [article.pk], "index": "0"}
    )

    article.refresh_from_db()
    assert article.is_pinned and article.revision == 1  # pinning is not a new text


def test_editing_a_disclaimer_saves_a_new_version(super_client, superuser):
    article = make_article()
    first = article.disclaimer
    url = f"/admin/board/disclaimer/{first.pk}/change/"

    response = super_client.post(url, {"title": first.title, "text": "New wording.", "is_default": "on"})

    assert response.status_code == 302
    latest = Disclaimer.objects.filter(key=first.key).order_by("-version").first()
    assert (latest.version, latest.text, latest.is_default, latest.created_by) == (
        2,
        "New wording.",
        True,
        superuser,
    )
    first.refresh_from_db()
    article.refresh_from_db()
    assert first.text != "New wording." and not first.is_default
    assert article.disclaimer == first  # articles keep the version they had
    assert (
        super_client.post(f"/admin/board/disclaimer/{first.pk}/delete/", {"post": "yes"}).status_code == 403
    )


# ---- comments and reposts ------------------------------------------------------------------------------


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


def test_moderators_do_not_pin(mod_client):
    article = make_article()
    comment = make_comment(article=article, author=make_user())

    mod_client.post(
        "/admin/board/comment/", {"action": "pin", "_selected_action": [comment.pk], "index": "0"}
    )

    assert not Comment.objects.get(pk=comment.pk).is_pinned


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
