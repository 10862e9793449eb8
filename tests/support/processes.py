"""Real processes for integration tests: a Celery worker (and beat) bound to the test database and Redis."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def database_url_for_tests() -> str:
    """The URL of the database this test run uses (pytest-django's test database), for child processes."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


def child_environment(**overrides: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_for_tests(),
        "PYTHONUNBUFFERED": "1",
    }
    # The worker must not read a test-only database name as its own test database.
    env.pop("TEST_DATABASE_NAME", None)
    env.update(overrides)
    return env


# The project's Celery app, and the same app with the fault battery's fault injection (tests/support/faults.py).
PROJECT_APP = "config"
FAULTS_APP = "tests.support.faults"


class CeleryProcess:
    """A ``celery -A config worker`` (or ``beat``) child process, started and stopped by tests."""

    def __init__(self, *args: str, log_path: Path, env: dict[str, str], app: str = PROJECT_APP):
        self.args = args
        self.log_path = log_path
        self.env = env
        self.app = app
        self.process: subprocess.Popen | None = None

    def start(self) -> "CeleryProcess":
        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open for the child's lifetime
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", self.app, *self.args],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def wait_until_ready(self, timeout: float = 30.0) -> None:
        """Wait until this worker answers a broadcast ping."""
        from config.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"celery exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                if app.control.ping(timeout=0.5):
                    return
            except Exception:  # the broker may still be starting
                time.sleep(0.2)
        raise TimeoutError(f"celery worker not ready:\n{self.log_path.read_text()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass


def start_worker(tmp_path: Path, *extra: str, app: str = PROJECT_APP, **env_overrides: str) -> CeleryProcess:
    worker = CeleryProcess(
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        "1",
        "--without-gossip",
        "--without-mingle",
        *extra,
        log_path=tmp_path / "worker.log",
        env=child_environment(**env_overrides),
        app=app,
    ).start()
    try:
        worker.wait_until_ready()
    except Exception:
        worker.stop(signal.SIGKILL)
        raise
    return worker


def start_worker_on_an_empty_queue(tmp_path: Path, **env_overrides: str) -> CeleryProcess:
    """``start_worker`` after emptying the broker's queue: tasks earlier tests queued (for rows long gone)
    would stand before the test's own (a thousand of them took a worker 30 s to drain in one CI run)."""
    from config.celery import app

    app.control.purge()
    return start_worker(tmp_path, **env_overrides)


def start_beat(tmp_path: Path, **env_overrides: str) -> CeleryProcess:
    """A real ``celery beat`` process (the outbox sweep and the other periodic tasks), schedule file in
    ``tmp_path``. Beat only publishes: there is nothing to wait for but the process starting."""
    beat = CeleryProcess(
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(tmp_path / "celerybeat-schedule"),
        log_path=tmp_path / "beat.log",
        env=child_environment(**env_overrides),
    ).start()
    time.sleep(0.2)
    assert beat.process is not None
    if beat.process.poll() is not None:
        raise RuntimeError(f"celery beat exited early:\n{beat.log_path.read_text()[-3000:]}")
    return beat
