"""The board in the admin: accounts, articles and disclaimers through the services. Moderators' actions on
accounts and content are moderation's admin: tests/moderation/admin/test_board_models_admin.py."""

import pytest

from board.models import Article, Disclaimer, LedgerEntry, User
from moderation.models import ScreeningRequest
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

USERS = "/admin/board/user/"


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
