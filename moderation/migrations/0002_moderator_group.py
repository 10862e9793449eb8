"""The Moderator group and exactly the permissions moderators need in the admin.

Frozen here (a migration must not change with the code); ``moderation.admin.roles.MODERATOR_PERMISSIONS``
is the living list, and a test checks that the two agree. Permissions are created before they are granted:
Django otherwise creates them only after all migrations ran (post_migrate).
"""

from django.conf import settings
from django.db import migrations

MODERATOR_PERMISSIONS = {
    # See users and content.
    "board": ["view_user", "view_article", "view_comment", "view_repost"],
    "moderation": [
        # The review queue: view it, and decide on its items (approve, remove, confirm/reject labels).
        "view_reviewitem",
        "change_reviewitem",
        # Silence, suspend and set the trust of readers (through services, with an audit row).
        "view_usermoderationstate",
        "change_usermoderationstate",
        # Watched words and thresholds.
        "view_watchedword",
        "add_watchedword",
        "change_watchedword",
        "view_moderationthresholds",
        "change_moderationthresholds",
        # What the classifier and readers said, and what was decided.
        "view_classification",
        "view_flag",
        "view_report",
        "view_reviewdecision",
        "view_screeningrequest",
        "view_auditlogentry",
    ],
}


def create_moderator_group(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for label in MODERATOR_PERMISSIONS:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=settings.BOARD_MODERATOR_GROUP)
    wanted = []
    for app_label, codenames in MODERATOR_PERMISSIONS.items():
        found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        missing = set(codenames) - {permission.codename for permission in found}
        if missing:
            raise RuntimeError(f"permissions not found: {app_label} {sorted(missing)}")
        wanted += found
    group.permissions.set(wanted)


def remove_moderator_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=settings.BOARD_MODERATOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("board", "0002_reader_lookups"),
        ("moderation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_moderator_group, remove_moderator_group)]
