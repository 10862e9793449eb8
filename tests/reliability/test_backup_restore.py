"""The restore drill (``scripts/backup.sh``, ``scripts/restore.sh``): a dump taken while readers post, tip
and like is restored into a new database, and the copy passes ``counters_recompute --check`` (counters,
balances, ledger pairs) and ``screening_check --check`` (every comment with its outbox row, none screened
twice or half): one consistent instant, not a smear of transactions."""

import itertools
import os
import subprocess
import threading
import time
import uuid

import psycopg
import pytest
from django.db import connection

from board.models import Comment, LedgerEntry, Reward
from board.services import comment_create, comment_like, reward_create
from moderation.services import content_screen, user_trust_set
from tests.factories import make_article, make_user
from tests.support.processes import PROJECT_DIR, database_url_for_tests

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def writers(article, readers, stop: threading.Event, done: list) -> threading.Thread:
    """Posts, tips (with Idempotency-Keys) and likes in a loop on its own connection until ``stop``."""

    def loop():
        try:
            for number in itertools.count():
                if stop.is_set():
                    return
                author, giver = readers[number % len(readers)], readers[(number + 1) % len(readers)]
                comment = comment_create(author=author, article=article, body=f"Drill comment {number}.")
                reward_create(
                    giver=giver, comment=comment, points=1 + number % 5, idempotency_key=str(uuid.uuid4())
                )
                comment_like(user=giver, comment=comment)
                done.append(comment.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


def test_a_dump_taken_under_writes_restores_without_drift(private_redis, tmp_path, record_figure):
    article = make_article()
    readers = [make_user() for _ in range(4)]
    for reader in readers:
        user_trust_set(user=reader, trust_level=2, actor_label="test")
    first = [
        comment_create(author=readers[0], article=article, body=f"Before the dump {n}.") for n in range(5)
    ]
    for comment in first[:3]:  # screened as the worker would; the other two stay in the outbox
        content_screen(kind="comment", object_id=comment.pk, revision=comment.revision)

    stop, written = threading.Event(), []
    thread = writers(article, readers, stop, written)
    time.sleep(1.0)
    dump = tmp_path / "drill.dump"
    env = {**os.environ, "DATABASE_URL": database_url_for_tests()}
    backup = subprocess.run(
        [str(PROJECT_DIR / "scripts" / "backup.sh"), str(dump)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    during = len(written)
    time.sleep(0.5)
    stop.set()
    thread.join(timeout=30)
    assert backup.returncode == 0, backup.stderr
    assert during > 0 and len(written) > during  # writes went on before, during and after the dump

    new = f"drill_{os.getpid()}"
    env["PY"] = str(PROJECT_DIR / ".venv" / "bin" / "python")
    try:
        restore = subprocess.run(
            [str(PROJECT_DIR / "scripts" / "restore.sh"), str(dump), new],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        again = subprocess.run(
            [str(PROJECT_DIR / "scripts" / "restore.sh"), str(dump), new],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        server = database_url_for_tests().rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/{new}") as copy:
            comments = copy.execute("SELECT count(*) FROM board_comment").fetchone()[0]
            rewards = copy.execute("SELECT count(*) FROM board_reward").fetchone()[0]
            entries = copy.execute(
                "SELECT count(*) FROM board_ledgerentry WHERE reward_id IS NOT NULL"
            ).fetchone()[0]
    finally:
        with psycopg.connect(database_url_for_tests(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {new}")

    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert "ledger.reward_pairs: 0 rows off" in restore.stdout
    assert restore.stdout.count("total: 0") == 2  # counters and ledger; screening
    assert again.returncode != 0  # never over an existing database
    assert 5 < comments < Comment.objects.count()  # an instant in the middle of the writes
    assert entries == 2 * rewards
    assert (
        Reward.objects.count() > rewards
        and LedgerEntry.objects.filter(reward__isnull=False).count() > entries
    )
    record_figure(
        "backup under writes, restored",
        f"pg_dump while a writer posted, tipped and liked: {comments} of {Comment.objects.count()} comments in the "
        f"copy, {rewards} rewards with {entries} ledger entries; counters_recompute --check and screening_check "
        f"--check: 0 off; restoring over an existing database refused",
    )
