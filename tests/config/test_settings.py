"""Settings load from the environment: good values are used, missing or bad production secrets refuse to start."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.support.processes import PROJECT_DIR

GOOD_SECRET = "k3J9x!vQ2#pL8@mN5$rT7&wY1*zB4^cF6(hD0)gS9_aE2+uI3=oP"


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    code = f"import sys; sys.argv = ['manage.py', *{list(args)!r}]; import manage; manage.main()"
    return run_python(code, **env)


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.REDIS_URL, s.DEBUG, "
    "s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS)"
)


@pytest.mark.sqlite
def test_local_defaults_to_sqlite_file_and_local_redis():
    result = run_python(PRINT_SETTINGS, DJANGO_SETTINGS_MODULE="config.settings.local", REDIS_URL="")
    engine, name, _redis_url, debug, *_ = result.stdout.split(" ", 4)
    assert result.returncode == 0, result.stderr
    assert engine == "django.db.backends.sqlite3"
    assert name == str(PROJECT_DIR / "db.sqlite3")
    assert debug == "True"


@pytest.mark.sqlite
def test_environment_overrides_database_redis_and_hosts():
    result = run_python(
        PRINT_SETTINGS,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL="postgres://u:p@db.internal:5433/board",
        REDIS_URL="redis://cache.internal:6380/2",
        DEBUG="false",
        ALLOWED_HOSTS="board.example,api.board.example",
        CSRF_TRUSTED_ORIGINS="https://board.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "board",
        "redis://cache.internal:6380/2",
        "False",
        "['board.example',",
        "'api.board.example']",
        "['https://board.example']",
    ]


@pytest.mark.sqlite
def test_production_refuses_to_start_without_secret_key():
    result = run_python(
        PRINT_SETTINGS, DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="x.org"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.sqlite
def test_production_refuses_a_weak_secret_key():
    result = run_python(
        PRINT_SETTINGS,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="short",
        ALLOWED_HOSTS="x.org",
    )
    assert result.returncode != 0
    assert "at least 50 random characters" in result.stderr


@pytest.mark.sqlite
def test_production_passes_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.sqlite
def test_hard_time_limit_is_below_the_broker_visibility_timeout():
    # Otherwise the broker would hand a still-running task to a second worker.
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_TASK_SERIALIZER == "json" and settings.CELERY_ACCEPT_CONTENT == ["json"]


@pytest.mark.sqlite
def test_only_the_idempotent_tasks_are_acknowledged_late():
    # The convention of config/celery.py: off by default, on where a task is safe to run twice.
    from board import tasks as board_tasks
    from moderation import tasks as moderation_tasks

    assert not settings.CELERY_TASK_ACKS_LATE
    late = {
        task.name: task.acks_late
        for task in (
            board_tasks.article_abstract_generate_task,
            board_tasks.abstracts_sweep_task,
            moderation_tasks.content_classify_task,
            moderation_tasks.moderation_sweep_task,
            moderation_tasks.moderation_train_task,
        )
    }
    assert late == {
        "board.article_abstract_generate": True,
        "board.abstracts_sweep": True,
        "moderation.content_classify": True,
        "moderation.sweep": True,
        "moderation.train": False,
    }


def test_each_parallel_test_process_takes_its_own_redis_database_and_its_children_keep_what_they_are_given():
    code = "from django.conf import settings; print(settings.REDIS_URL, settings.CELERY_BROKER_URL)"
    base = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "REDIS_URL": "redis://127.0.0.1:6379/0"}
    clean = {"PYTEST_XDIST_WORKER": "", "TEST_REDIS_DATABASE_CHOSEN": ""}

    def urls(**env: str) -> list[str]:
        result = run_python("import django; django.setup(); " + code, **{**base, **clean, **env})
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert urls() == ["redis://127.0.0.1:6379/0"] * 2
    assert urls(PYTEST_XDIST_WORKER="gw0") == ["redis://127.0.0.1:6379/1"] * 2
    assert urls(PYTEST_XDIST_WORKER="gw1") == ["redis://127.0.0.1:6379/2"] * 2
    # A child of a test process (a worker handed a fault test's private Redis) uses the URL as given.
    private = "redis://127.0.0.1:7001/0"
    assert urls(PYTEST_XDIST_WORKER="gw1", TEST_REDIS_DATABASE_CHOSEN="1", REDIS_URL=private) == [private] * 2
