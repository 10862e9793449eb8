"""Faults of Redis, the broker: down while readers post, and killed with a backlog queued.

The database row of the outbox is the truth and the broker only the fast path: posting never waits for
Redis, and the beat sweep queues again whatever the broker did not take or lost. Redis itself runs with the
project's configuration (append-only file, ``noeviction``), so a backlog survives a crash of Redis.
"""

import re
import time

import pytest

from board.models import Comment
from board.services import comment_create
from moderation.models import ScreeningRequest, ScreeningStatus
from tests.reliability.conftest import wait_until
from tests.reliability.test_worker_faults import all_screened, assert_screened_once
from tests.support.processes import PROJECT_DIR, start_beat, start_worker

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.faults,
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

SWEEP = {"MODERATION_SWEEP_INTERVAL_SECONDS": "1", "MODERATION_SWEEP_AFTER_SECONDS": "5"}


def test_redis_configuration_keeps_queued_tasks():
    """Append-only persistence (a crash loses at most a second) and no eviction of queued tasks."""
    conf = (PROJECT_DIR / "scripts" / "redis.conf").read_text()
    directives = {
        match.group(1).lower(): match.group(2).strip()
        for match in re.finditer(r"^\s*([a-z-]+)\s+(.+?)\s*$", conf, re.MULTILINE)
    }

    assert directives["appendonly"] == "yes"
    assert directives["appendfsync"] in {"always", "everysec"}
    assert directives["maxmemory-policy"] == "noeviction"


def test_redis_down_while_fifty_comments_are_posted(
    private_redis, fault_env, poster, processes, tmp_path, record_figure
):
    processes.append(start_worker(tmp_path, **fault_env, **SWEEP))
    processes.append(start_beat(tmp_path, **fault_env, **SWEEP))
    private_redis.stop()

    started = time.monotonic()
    statuses, ids = [], []
    for number in range(50):
        response = poster.post(f"Rates stay on hold, markets shrug, reader note {number}.")
        statuses.append(response.status_code)
        ids.append(response.json()["id"])
    posting = time.monotonic() - started

    assert statuses == [201] * 50
    assert Comment.objects.filter(pk__in=ids).count() == 50
    # Comments only: the poster's article has a screening request too, and its id may equal a comment's.
    pending = ScreeningRequest.objects.filter(
        content_kind="comment", object_id__in=ids, status=ScreeningStatus.PENDING
    )
    assert pending.count() == 50

    private_redis.start()
    recovered = wait_until(lambda: all_screened(ids), timeout=60, interval=0.25)

    assert_screened_once(ids)
    record_figure(
        "Redis down while 50 comments are posted",
        f"50/50 answered 201 and stored ({posting:.1f} s for the 50 posts); all 50 screened "
        f"{recovered:.1f} s after Redis came back (sweep every 1 s); one classification and one flag per "
        "label each",
    )


@pytest.mark.long
def test_redis_killed_with_five_hundred_screenings_queued(
    private_redis, fault_env, processes, tmp_path, record_figure
):
    from tests.factories import make_article, make_user

    author, article = make_user(display_name="Backlog Bea"), make_article()
    ids = [
        comment_create(author=author, article=article, body=f"Backlog comment {number}: earnings beat.").pk
        for number in range(500)
    ]
    broker = private_redis.client()
    queued = broker.llen("default")  # the 500 screenings, and the article's own screening and abstract
    assert queued == 502
    time.sleep(1.5)  # appendfsync everysec: what was acknowledged a second ago is on disk

    private_redis.kill()
    private_redis.start()
    survived = broker.llen("default")
    started = time.monotonic()
    processes.append(start_worker(tmp_path, "--concurrency", "2", **fault_env, **SWEEP))
    processes.append(start_beat(tmp_path, **fault_env, **SWEEP))
    wait_until(lambda: all_screened(ids), timeout=240, interval=0.5)
    elapsed = time.monotonic() - started

    assert survived == queued
    assert_screened_once(ids)
    record_figure(
        "Redis SIGKILLed with 500 screenings queued",
        f"{survived}/{queued} messages (500 screenings) still queued after the restart (append-only file); 500/500 screened, "
        f"once each, {elapsed:.1f} s after the worker was started (2 pool processes)",
    )
