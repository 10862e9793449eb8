"""Nothing of the demo under production settings (issue 13, "Done means" 4): the app is not installed, its
command does not exist, and a production database, migrated, holds no demo article, reader or moderator."""

import pytest

from tests.config.test_settings import GOOD_SECRET, run_manage, run_python

pytestmark = pytest.mark.sqlite

COUNT_ROWS = (
    "import django; django.setup(); from django.apps import apps; from django.conf import settings; "
    "from board.models import Article, Comment, User; "
    "print(apps.is_installed('demo'), hasattr(settings, 'DEMO_STATE_DIR'), "
    "Article.objects.count(), Comment.objects.count(), User.objects.count())"
)


def test_production_settings_have_no_demo_app_command_or_rows(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": GOOD_SECRET,
        "ALLOWED_HOSTS": "board.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "DEMO_STATE_DIR": str(tmp_path / "state"),
    }
    migrated = run_manage("migrate", "--noinput", "-v", "0", **env)
    assert migrated.returncode == 0, migrated.stderr

    demo = run_manage("load_demo", "--wait", "0", **env)
    assert demo.returncode != 0
    assert "Unknown command: 'load_demo'" in demo.stderr

    rows = run_python(COUNT_ROWS, **env)
    assert rows.returncode == 0, rows.stderr
    assert rows.stdout.split() == ["False", "False", "0", "0", "0"]
    assert not (tmp_path / "state").exists()


def test_local_settings_install_the_demo():
    result = run_python(
        "import django; django.setup(); from django.apps import apps; print(apps.is_installed('demo'))",
        DJANGO_SETTINGS_MODULE="config.settings.local",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
