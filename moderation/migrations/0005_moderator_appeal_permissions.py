"""Moderators decide appeals: the Moderator group gains ``view_appeal`` and ``change_appeal`` (frozen here;
``moderation.admin.roles.MODERATOR_PERMISSIONS`` is the living list)."""

from django.conf import settings
from django.db import migrations

ADDED = ["view_appeal", "change_appeal"]


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("moderation"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=settings.BOARD_MODERATOR_GROUP).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="moderation", codename__in=ADDED)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=settings.BOARD_MODERATOR_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="moderation", codename__in=ADDED)
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_appeals")]

    operations = [migrations.RunPython(grant, revoke)]
