"""Faults of the screening workers: the pool process or the whole worker killed mid-task, and a comment that
kills every process that screens it. Real Redis (private), real ``celery worker`` processes, PostgreSQL.

Screening is idempotent and acknowledged late, and the outbox row counts attempts before the work, so a
killed screening is delivered again and written once, and a poison comment is given up after three tries.
"""

import os
import signal
import statistics
import time

import psutil
import pytest

from moderation.models import AuditLogEntry, Classification, Flag, ScreeningRequest, ScreeningStatus
from moderation.selectors import review_item_list
from tests.reliability.conftest import wait_until
from tests.support.faults import CRASH_MARKER_ENV, DELAY_ENV
from tests.support.processes import FAULTS_APP, start_worker

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.faults,
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def request_of(comment_id: int) -> ScreeningRequest:
    return ScreeningRequest.objects.get(content_kind="comment", object_id=comment_id)


def all_screened(ids: list[int]) -> bool:
    done = ScreeningRequest.objects.filter(
        content_kind="comment", object_id__in=ids, status=ScreeningStatus.DONE
    ).count()
    return done == len(ids)


def assert_screened_once(ids: list[int]) -> None:
    """One classification, one flag per label and one screening audit entry for each comment."""
    classifications = Classification.objects.filter(content_kind="comment", object_id__in=ids)
    assert sorted(classifications.values_list("object_id", flat=True)) == sorted(ids)
    labels = Flag.objects.filter(content_kind="comment", object_id__in=ids).values_list("object_id", "label")
    assert len(labels) == len(set(labels)) == 2 * len(ids)
    audits = AuditLogEntry.objects.filter(
        target_kind="comment", target_id__in=ids, action__startswith="screening."
    ).values_list("target_id", flat=True)
    assert sorted(audits) == sorted(ids)


def pool_children(worker) -> list[psutil.Process]:
    return psutil.Process(worker.pid).children()


@pytest.mark.long
def test_pool_process_killed_mid_screening_twenty_times(
    fault_env, poster, processes, tmp_path, record_figure
):
    # Each screening sleeps 0.3 s, so the pool process is caught mid-task; with acks_late and
    # reject_on_worker_lost the message goes back to the queue and the replacement process screens it.
    worker = start_worker(tmp_path, app=FAULTS_APP, **fault_env, **{DELAY_ENV: "0.3"})
    processes.append(worker)
    kills: dict[int, float] = {}
    # 20 kills that caught a screening in progress; a kill that came after the screening had committed (a
    # busy machine may hold this process back past the 0.3 s) does not count. At most 30 rounds.
    for round_number in range(30):
        response = poster.post(f"Quarterly numbers look solid, comment {round_number}.")
        assert response.status_code == 201, response.content
        comment_id = response.json()["id"]
        wait_until(lambda cid=comment_id: request_of(cid).attempts >= 1, timeout=30, interval=0.02)
        (child,) = pool_children(worker)
        os.kill(child.pid, signal.SIGKILL)
        killed_at = time.time()
        caught = request_of(comment_id).status == ScreeningStatus.PENDING
        wait_until(lambda cid=comment_id: all_screened([cid]), timeout=30)
        if caught:
            kills[comment_id] = killed_at
        if len(kills) == 20:
            break

    ids = list(kills)

    assert len(ids) == 20
    assert worker.process.poll() is None
    assert_screened_once(ids)
    requests = ScreeningRequest.objects.filter(content_kind="comment", object_id__in=ids)
    assert {request.attempts for request in requests} == {2}  # the killed try and the one that finished
    recovery = [request.screened_at.timestamp() - kills[request.object_id] for request in requests]
    record_figure(
        "pool process SIGKILLed mid-screening",
        f"{len(ids)}/20 killed mid-screening ({round_number + 1} rounds), 20/20 screened, one classification each; recovery (kill to screened: the pool's "
        f"replacement process, then the 0.3 s test delay) median {statistics.median(recovery):.2f} s, max {max(recovery):.2f} s",
    )


def test_whole_worker_killed_with_tasks_in_flight(fault_env, poster, processes, tmp_path, record_figure):
    # Visibility timeout 5 s (hard time limit 4 s below it): a message delivered to a dead worker goes back
    # to the queue when a worker next scans the unacknowledged set older than that.
    limits = {
        "CELERY_BROKER_VISIBILITY_TIMEOUT": "5",
        "CELERY_TASK_TIME_LIMIT": "4",
        "CELERY_TASK_SOFT_TIME_LIMIT": "3",
    }
    worker = start_worker(
        tmp_path, "--concurrency", "2", app=FAULTS_APP, **fault_env, **limits, **{DELAY_ENV: "2"}
    )
    processes.append(worker)
    ids = []
    for number in range(6):
        response = poster.post(f"Guidance was cut again this quarter, note {number}.")
        assert response.status_code == 201
        ids.append(response.json()["id"])

    def in_flight_now() -> int:
        return ScreeningRequest.objects.filter(
            content_kind="comment", object_id__in=ids, attempts__gte=1, status=ScreeningStatus.PENDING
        ).count()

    # Both pool processes busy at once (on a loaded machine the second may start after the first is done).
    wait_until(lambda: in_flight_now() >= 2, timeout=30, interval=0.02)
    in_flight = in_flight_now()
    worker.stop(signal.SIGKILL)  # the main process and its pool, at once
    killed_at = time.monotonic()
    assert in_flight >= 2
    assert not all_screened(ids)

    time.sleep(5.5)  # past the visibility timeout: the next worker's first scan restores them
    worker = start_worker(tmp_path, "--concurrency", "2", **fault_env, **limits)
    processes.append(worker)
    wait_until(lambda: all_screened(ids), timeout=60)
    elapsed = time.monotonic() - killed_at

    assert_screened_once(ids)
    record_figure(
        "whole worker SIGKILLed with tasks in flight",
        f"{in_flight} in flight + {len(ids) - in_flight} queued: {len(ids)}/{len(ids)} screened once after "
        f"restart; {elapsed:.1f} s from kill to all screened (5 s visibility timeout)",
    )


def test_a_comment_that_crashes_its_process_is_tried_three_times_then_failed(
    fault_env, poster, processes, tmp_path, record_figure
):
    marker = "POISON-7f3a"
    worker = start_worker(tmp_path, app=FAULTS_APP, **fault_env, **{CRASH_MARKER_ENV: marker})
    processes.append(worker)
    started = time.monotonic()
    response = poster.post(f"Perfectly ordinary words, then {marker}.")
    assert response.status_code == 201
    comment_id = response.json()["id"]
    healthy = poster.post("A healthy comment posted after the poison one.").json()["id"]

    wait_until(lambda: request_of(comment_id).status == ScreeningStatus.FAILED, timeout=60)
    elapsed = time.monotonic() - started
    wait_until(lambda: all_screened([healthy]), timeout=30)
    time.sleep(2)  # no further delivery may follow

    request = request_of(comment_id)
    assert request.status == ScreeningStatus.FAILED
    assert request.attempts == 3
    assert "stopped after 3 attempts" in request.last_error
    assert not Classification.objects.filter(content_kind="comment", object_id=comment_id).exists()
    failed = ScreeningRequest.objects.filter(status=ScreeningStatus.FAILED)
    assert list(failed.values_list("object_id", flat=True)) == [comment_id]
    item = review_item_list().get(comment_id=comment_id)
    assert "screening_failed" in item.reasons
    assert item.comment.moderation_state == "held"
    assert worker.process.poll() is None
    record_figure(
        "poison comment (crashes its process every time)",
        f"tried {request.attempts} times, then failed, held and queued for moderators in {elapsed:.1f} s; "
        "the worker kept serving (a later comment was screened)",
    )
