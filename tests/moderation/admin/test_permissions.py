"""Who may do what in the admin: for every model registered there, a moderator is refused (403) every add,
change and delete the Moderator group does not grant; passwords, staff status, article bodies and the
audit log are out of their reach; superusers keep everything but rewriting moderation's records."""

from datetime import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import reverse

from board.models import User
from board.services import repost_create
from moderation.admin.roles import MODERATOR_PERMISSIONS
from moderation.models import AuditLogEntry, WatchedWord
from moderation.services import (
    appeal_create,
    report_create,
    review_decide,
    thresholds_update,
    watched_word_save,
)
from tests.factories import PASSWORD, client_for, make_comment, make_user
from tests.moderation.admin.conftest import SPAM, make_reader

pytestmark = pytest.mark.django_db

REGISTERED = sorted(model._meta.label_lower for model in admin.site._registry)
OPERATIONS = ("add", "change", "delete")
# What the Moderator group grants beyond viewing; every other add, change and delete must be refused.
MODERATOR_MAY = {
    ("moderation.watchedword", "add"),
    ("moderation.watchedword", "change"),
    ("moderation.moderationthresholds", "change"),
    ("moderation.appeal", "change"),  # the page that decides it (through the service)
}
MODERATOR_VIEWS = {
    "board.user",
    "board.article",
    "board.comment",
    "board.repost",
    "moderation.reviewitem",
    "moderation.watchedword",
    "moderation.moderationthresholds",
    "moderation.classification",
    "moderation.flag",
    "moderation.report",
    "moderation.reviewdecision",
    "moderation.screeningrequest",
    "moderation.auditlogentry",
    "moderation.appeal",
}
# Moderation's records are written by services only (with their audit rows): read-only for everyone.
READ_ONLY_FOR_ALL = {
    "moderation.auditlogentry",
    "moderation.classification",
    "moderation.flag",
    "moderation.report",
    "moderation.reviewdecision",
    "moderation.screeningrequest",
}


@pytest.fixture
def world(article, post, author, spammer, superuser, moderator_group):
    """At least one row of every model registered in the admin, made by the services."""
    spam = post(spammer, SPAM)
    review_decide(moderator=superuser, comment=spam, decision="remove", label="spam")
    spam.refresh_from_db()
    appeal_create(author=spammer, content=spam, text="It was not spam.")
    visible = make_comment(article=article, author=make_reader("Reader Vi"), body="Fair value, in my view.")
    report_create(reader=make_user(), comment=visible, reason="other")
    watched_word_save(actor=superuser, word=WatchedWord(pattern="pumpcoin", action="hold", label="spam"))
    thresholds_update(actor=superuser, values={"reports_to_hide": 4})
    repost_create(user=author, article=article, quote="Worth reading.")
    client_for(author)  # a token
    for label in REGISTERED:
        assert apps.get_model(label)._default_manager.exists(), f"no {label} row to test with"


def url_of(label: str, operation: str) -> str:
    model = apps.get_model(label)
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{operation}"
    if operation == "add":
        return reverse(name)
    obj = model._default_manager.order_by("pk").first()
    return reverse(name, args=[quote(obj.pk)])


def test_the_registered_models_are_the_ones_this_file_covers():
    assert {label for label, _operation in MODERATOR_MAY} <= set(REGISTERED)
    assert set(REGISTERED) >= MODERATOR_VIEWS
    assert set(REGISTERED) >= READ_ONLY_FOR_ALL


@pytest.mark.parametrize("label", REGISTERED)
def test_a_moderator_is_refused_every_change_outside_the_group(label, world, mod_client):
    model = apps.get_model(label)
    before = model._default_manager.count()

    for operation in OPERATIONS:
        url = url_of(label, operation)
        if (label, operation) in MODERATOR_MAY:
            assert mod_client.get(url).status_code == 200, (label, operation)
            continue
        if operation != "change":  # a change page may be shown read-only: viewing is not changing
            assert mod_client.get(url).status_code == 403, (label, operation)
        assert mod_client.post(url, {"post": "yes", "_save": "Save"}).status_code == 403, (label, operation)
        assert mod_client.post(url, {"_saveasnew": "Save as new"}).status_code == 403, (label, operation)
    assert model._default_manager.count() == before

    # Seeing: the list opens only if the group grants viewing.
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = mod_client.get(changelist)
    if label in MODERATOR_VIEWS:
        assert response.status_code in (200, 302)  # the thresholds' list goes to its single row
    else:
        assert response.status_code == 403

    # Bulk deletion is not offered either.
    obj = model._default_manager.order_by("pk").first()
    response = mod_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [quote(obj.pk)], "index": "0", "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert model._default_manager.count() == before


def test_a_moderator_cannot_change_passwords_staff_status_accounts_or_articles(
    world, mod_client, author, article
):
    password_url = reverse("admin:auth_user_password_change", args=[author.pk])
    assert mod_client.get(password_url).status_code == 403
    response = mod_client.post(
        password_url, {"password1": "N3w-passphrase-x", "password2": "N3w-passphrase-x"}
    )
    assert response.status_code == 403

    user_url = reverse("admin:board_user_change", args=[author.pk])
    html = mod_client.get(user_url).content.decode()  # a read-only view, without the password hash
    assert "md5$" not in html and "algorithm" not in html
    response = mod_client.post(
        user_url,
        {
            "username": author.username,
            "email": author.email,
            "display_name": author.display_name,
            "is_staff": "on",
            "is_superuser": "on",
            "is_active": "",
            "silenced_until": "2030-01-01 00:00:00",
        },
    )
    assert response.status_code == 403

    response = mod_client.post(
        reverse("admin:board_article_change", args=[article.pk]), {"title": "Hacked", "body": "Buy now"}
    )
    assert response.status_code == 403

    author.refresh_from_db()
    article.refresh_from_db()
    assert author.check_password(PASSWORD)
    assert not author.is_staff and not author.is_superuser and author.is_active
    assert author.silenced_until is None
    assert article.title != "Hacked"


def test_moderation_records_are_read_only_even_for_superusers(world, super_client):
    for label in sorted(READ_ONLY_FOR_ALL):
        model = apps.get_model(label)
        before = model._default_manager.count()
        for operation in OPERATIONS:
            assert super_client.post(url_of(label, operation), {"post": "yes"}).status_code == 403, (
                label,
                operation,
            )
        assert model._default_manager.count() == before

    entry = AuditLogEntry.objects.first()  # and the model itself refuses
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditLogEntry.objects.all().update(reason="rewritten")


def form_data(response) -> dict:
    """What the change form would post back unchanged (the admin splits date-times in two fields)."""
    form = response.context["adminform"].form
    data = {}
    for name, value in form.initial.items():
        if value is None or name not in form.fields or name == "password":
            continue
        if isinstance(value, datetime):
            data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.time().strftime("%H:%M:%S")
        elif isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        else:
            data[name] = value
    return data


def test_superusers_keep_accounts_passwords_and_staff_status(super_client, author):
    url = reverse("admin:board_user_change", args=[author.pk])
    data = {**form_data(super_client.get(url)), "is_staff": "on"}

    response = super_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    author.refresh_from_db()
    assert author.is_staff

    response = super_client.post(
        reverse("admin:auth_user_password_change", args=[author.pk]),
        {"password1": "N3w-passphrase-x", "password2": "N3w-passphrase-x", "usable_password": "true"},
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.check_password("N3w-passphrase-x")


def test_the_migration_and_the_living_list_grant_the_same_permissions(moderator_group):
    import importlib

    migration = importlib.import_module("moderation.migrations.0002_moderator_group")
    appeals = importlib.import_module("moderation.migrations.0005_moderator_appeal_permissions")
    frozen = {app: list(codenames) for app, codenames in migration.MODERATOR_PERMISSIONS.items()}
    frozen["moderation"] += appeals.ADDED
    assert frozen == MODERATOR_PERMISSIONS
    granted = set(moderator_group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        (app, codename) for app, codenames in MODERATOR_PERMISSIONS.items() for codename in codenames
    }


def test_moderators_enter_the_admin_and_readers_do_not(client, moderator):
    client.force_login(make_user())
    assert client.get("/admin/moderation/reviewitem/").status_code == 302  # to the admin's login
    client.force_login(moderator)
    assert client.get("/admin/moderation/reviewitem/").status_code == 200
    assert User.objects.get(pk=moderator.pk).is_staff
