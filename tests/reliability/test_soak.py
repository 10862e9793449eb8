"""The soak's own checks (``bench/soak.py``): traffic through gunicorn with faults, then every write found,
counters and ledger without drift, screening once each, clients answered 503 with ``Retry-After`` and never
500 or left hanging.

``test_short_soak_with_two_faults`` (1 minute: the Celery worker SIGKILLed, the database cut for 10 s) runs
in ``make test``; ``test_soak`` is the 10-minute run with the whole schedule, marked ``soak`` and run only
on request (``pytest -m soak``, or ``make soak`` for the report).
"""

import json
import os
import subprocess
import sys

import pytest

from tests.support.processes import PROJECT_DIR, database_url_for_tests

pytestmark = [pytest.mark.reliability, pytest.mark.faults, pytest.mark.integration, pytest.mark.postgres]


def run_soak(tmp_path, *args: str, timeout: float) -> dict:
    out = tmp_path / "soak.json"
    env = {**os.environ, "DATABASE_URL": database_url_for_tests()}
    env.pop("TEST_DATABASE_NAME", None)
    proc = subprocess.run(
        [sys.executable, "bench/soak.py", "--no-report", "--out", str(out), "--state", str(tmp_path), *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(out.read_text())
    result["stdout"] = proc.stdout
    return result


def assert_held(result: dict) -> None:
    checks, totals = result["checks"], result["totals"]
    assert checks["summary"]["writes_answered_2xx"] > 0
    assert checks["summary"]["lost"] == 0, checks
    assert checks["summary"]["doubled"] == 0, checks
    assert checks["summary"]["counter_drift"] == 0, checks["counters_drift"]
    assert checks["summary"]["screening_problems"] == 0, checks["screening"]
    assert checks["summary"]["replay_mismatch"] == 0, checks["reward"]
    assert checks["counters_recompute_check"]["status"] == 0
    assert checks["screening_check"]["status"] == 0
    assert totals["status_500"] == 0 and totals["other_5xx"] == 0, totals["statuses"]
    assert totals["503_without_retry_after"] == 0
    assert totals["timeouts"] == 0
    assert result["verdict"]["pass"], result["verdict"]


@pytest.mark.long
@pytest.mark.django_db(transaction=True)
def test_short_soak_with_two_faults(tmp_path, record_figure):
    # On the test database itself (migrated already); a low rate, so it stays light beside the suite.
    result = run_soak(
        tmp_path,
        *("--use-database", "--duration", "60", "--schedule", "short", "--rate", "12"),
        *("--users", "12", "--seed-n", "200", "--backup-at", "-1", "--procs", "1", "--threads", "8"),
        timeout=420,
    )

    assert_held(result)
    faults = {fault["name"]: fault for fault in result["faults"]}
    assert set(faults) == {"worker_kill", "db_cut"}
    cut = faults["db_cut"]["during"]
    # Every request while the database was unreachable answered at once: 503 with Retry-After.
    assert cut["statuses"].get("503", 0) > 0
    assert cut["503_with_retry_after"] == cut["statuses"]["503"]
    assert faults["db_cut"]["requests_recovered_after_s"] is not None
    assert faults["worker_kill"]["screening_recovered_after_s"] is not None
    summary, totals = result["checks"]["summary"], result["totals"]
    record_figure(
        "short soak: worker SIGKILL and database cut under traffic",
        f"{totals['requests']} requests ({totals['requests_per_s']}/s) in 60 s, {summary['writes_answered_2xx']} "
        f"writes answered 2xx, 0 lost, 0 drift, 0 screening problems; database cut: {cut['requests']} requests, "
        f"{cut['statuses'].get('503', 0)} answered 503 with Retry-After, 0 answered 500; recovered "
        f"{faults['db_cut']['requests_recovered_after_s']} s after; worker kill: screening caught up "
        f"{faults['worker_kill']['screening_recovered_after_s']} s after the restart",
    )


@pytest.mark.soak
def test_soak(tmp_path):
    """The whole schedule for 10 minutes on a database of its own (``pg_restart`` needs ``STATE``: the
    cluster of ``scripts/services.sh``, as ``make test`` and ``make soak`` start it)."""
    result = run_soak(tmp_path, "--database", "soak_test", timeout=1500)

    assert_held(result)
    assert result["backup"]["restore"]["status"] == 0
    for fault in result["faults"]:
        if "skipped" not in fault:
            assert fault["full_recovery_after_s"] is not None, fault
