"""The soak (issue 17): mixed traffic through gunicorn on PostgreSQL and Redis for ``--duration`` seconds at
``--rate`` requests/s, with a schedule of faults and recovery periods; then the checks, a restore drill of a
backup taken mid-run, and the figures. Loopback only; every process it starts is stopped at the end.

    bench/soak.sh [--duration 600] [--rate R] [--schedule worker_kill@40,db_cut@120,...]

``bench/soak.sh`` starts PostgreSQL (``scripts/services.sh``) and runs this with ``DATABASE_URL`` (a role
that may create databases) and ``STATE`` (the cluster's folder, for ``pg_ctl restart``). This starts the
rest itself: its own ``redis-server`` (``scripts/redis.conf``; its append-only file on a small tmpfs when
one can be mounted), a TCP proxy in front of PostgreSQL that it can cut, gunicorn (2 sync workers, as the
benchmark measured), one Celery worker and beat, and the clients (``bench/soak_traffic.py``).

The rate defaults to 70 % of the requests/s the benchmark measured on the thread's first page
(``bench/results/latest.json``, ``load.ours.api_first``). Faults (``name@second`` from the start of the
traffic):

- ``worker_kill``: SIGKILL of the Celery worker (main and pool processes), started again 5 s later;
- ``web_worker_kill``: SIGKILL of one gunicorn worker (the master starts another);
- ``redis_restart``: Redis stopped cleanly and started again;
- ``redis_kill_full_queue``: the worker stopped, 20 s of posts queue up, Redis SIGKILLed and started
  again (the append-only file reloaded), then the worker;
- ``pg_restart``: ``pg_ctl restart -m fast``;
- ``db_cut``: the proxy refuses and drops every database connection for 10 s;
- ``aof_full``: the tmpfs holding Redis's append-only file filled for 15 s, then freed.

Writes ``--out`` (JSON); unless ``--no-report``, ``bench/soak_report.py`` puts the figures in
``docs/reliability.md`` and the timeline in ``docs/soak-timeline.png``. Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import Server, admin_sql, db_url, free_port, loadavg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEFAULT_SCHEDULE = (
    "worker_kill@45,web_worker_kill@120,redis_restart@180,redis_kill_full_queue@240,"
    "pg_restart@330,db_cut@400,aof_full@480"
)
SHORT_SCHEDULE = "worker_kill@15,db_cut@32"
RATE_SHARE = 0.7
# Seconds the database is unreachable (issue 17), the AOF disk stays full, the worker is left stopped.
DB_CUT_SECONDS = 10
AOF_FULL_SECONDS = 15
QUEUE_FILL_SECONDS = 20
WORKER_RESTART_DELAY = 5
# The tmpfs for Redis's append-only file: small enough to fill at once, big enough for a 10-minute run
# (the file is rewritten from 8 MB on, see REDIS_ARGS).
AOF_TMPFS_MB = 64
REDIS_ARGS = ["--auto-aof-rewrite-min-size", "8mb"]
# Short periods so a fault's backlog is taken back within seconds (production: 30 s / 60 s / 300 s).
SOAK_ENV = {
    "MODERATION_SWEEP_INTERVAL_SECONDS": "5",
    "MODERATION_SWEEP_AFTER_SECONDS": "20",
    "CELERY_TASK_SOFT_TIME_LIMIT": "12",
    "CELERY_TASK_TIME_LIMIT": "15",
    "CELERY_BROKER_VISIBILITY_TIMEOUT": "60",
    "DB_CONNECT_TIMEOUT": "2",
    "CONN_MAX_AGE": "60",
    "PYTHONWARNINGS": "ignore",
    "LOG_LEVEL": "WARNING",
}
GUNICORN_TIMEOUT = 30
DRAIN_TIMEOUT = 300
# A period "recovered" when this many seconds in a row have no error and a p99 near the baseline.
CALM_SECONDS = 5


def log(message: str) -> None:
    print(f"[soak {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def bench_rate() -> float | None:
    try:
        latest = json.loads((ROOT / "bench" / "results" / "latest.json").read_text())
        return float(latest["load"]["ours"]["api_first"]["requests_per_s"])
    except (OSError, KeyError, ValueError, TypeError):
        return None


def parse_schedule(text: str) -> list[tuple[str, float]]:
    items = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, at = part.partition("@")
        if name not in FAULTS:
            raise SystemExit(f"soak: unknown fault {name!r}; known: {', '.join(FAULTS)}")
        items.append((name, float(at)))
    return sorted(items, key=lambda item: item[1])


# --------------------------------------------------------------------------------------------- the stack
class Stack:
    """The processes under test and the handles the faults need."""

    def __init__(self, state: Path, direct_url: str, pg_state: Path | None):
        self.state, self.direct_url, self.pg_state = state, direct_url, pg_state
        self.redis_port = free_port()
        self.redis_dir = state / "redis"
        self.redis_dir.mkdir(parents=True, exist_ok=True)
        self.tmpfs = False
        self.redis: subprocess.Popen | None = None
        self.proxy: subprocess.Popen | None = None
        self.web: Server | None = None
        self.worker: Server | None = None
        self.beat: Server | None = None
        self.web_port = free_port()
        self.proxy_port = free_port()
        self.env: dict[str, str] = {}

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def mount_tmpfs(self, megabytes: int) -> str:
        if megabytes <= 0:
            return "disabled"
        if os.geteuid() != 0:
            return "not root: no tmpfs"
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0755", "tmpfs", str(self.redis_dir)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            return f"mount failed: {proc.stderr.strip()[:200]}"
        self.tmpfs = True
        return "mounted"

    def unmount_tmpfs(self) -> None:
        if self.tmpfs:
            subprocess.run(["umount", str(self.redis_dir)], check=False)
            self.tmpfs = False

    def redis_start(self) -> None:
        log_file = (self.state / "redis.log").open("ab")
        self.redis = subprocess.Popen(
            [
                "redis-server",
                str(ROOT / "scripts" / "redis.conf"),
                "--port",
                str(self.redis_port),
                "--dir",
                str(self.redis_dir),
                *REDIS_ARGS,
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.redis_wait()

    def redis_client(self, timeout: float = 1.0):
        import redis

        return redis.Redis(port=self.redis_port, socket_connect_timeout=timeout, socket_timeout=timeout)

    def redis_wait(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if self.redis_client(0.2).ping():  # fails with LOADING while the AOF is replayed
                    return
            time.sleep(0.05)
        raise TimeoutError("redis did not come up")

    def redis_stop(self, sig: int) -> None:
        if self.redis is not None and self.redis.poll() is None:
            self.redis.send_signal(sig)
            self.redis.wait(timeout=20)

    def proxy_start(self, upstream_port: int) -> None:
        log_file = (self.state / "proxy.log").open("ab")
        self.proxy = subprocess.Popen(
            [PY, "-m", "bench.soak_proxy", "--port", str(self.proxy_port), "--upstream", str(upstream_port)],
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        from tests.support.services import wait_for_port

        wait_for_port(self.proxy_port, timeout=20)

    def proxy_cut(self, cut: bool) -> None:
        assert self.proxy is not None
        self.proxy.send_signal(signal.SIGUSR1 if cut else signal.SIGUSR2)

    def worker_start(self) -> None:
        cmd = [PY, "-m", "celery", "-A", "config", "worker", "--concurrency", "1", "--loglevel", "WARNING"]
        cmd += ["--without-mingle", "--without-gossip"]
        self.worker = Server(cmd, env=self.env, cwd=ROOT, log_path=self.state / "worker.log")

    def start(self, django_url: str) -> None:
        parts = urllib.parse.urlsplit(django_url)
        self.proxy_start(parts.port or 5432)
        proxied = urllib.parse.urlunsplit(
            parts._replace(netloc=f"{parts.netloc.rsplit(':', 1)[0]}:{self.proxy_port}")
        )
        self.env = {
            **os.environ,
            **SOAK_ENV,
            "DJANGO_SETTINGS_MODULE": "bench.soak_settings",
            "DATABASE_URL": proxied,
            "REDIS_URL": self.redis_url,
            "CELERY_BROKER_URL": self.redis_url,
            "CELERY_RESULT_BACKEND": self.redis_url,
        }
        self.env.pop("TEST_DATABASE_NAME", None)
        cmd = [PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.web_port}", "--workers", "2"]
        cmd += ["--worker-class", "sync", "--timeout", str(GUNICORN_TIMEOUT), "--graceful-timeout", "5"]
        cmd += ["--no-control-socket"]
        self.web = Server(cmd, env=self.env, cwd=ROOT, log_path=self.state / "gunicorn.log")
        self.worker_start()
        self.beat = Server(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(self.state / "beat"),
            ],
            env=self.env,
            cwd=ROOT,
            log_path=self.state / "beat.log",
        )
        self.web.wait_http(f"http://127.0.0.1:{self.web_port}/api/v1/articles/")

    def stop(self) -> None:
        for server in (self.web, self.beat, self.worker):
            if server is not None:
                with contextlib.suppress(Exception):
                    server.stop()
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            self.proxy.wait(timeout=10)
        with contextlib.suppress(Exception):
            self.redis_stop(signal.SIGTERM)
        self.unmount_tmpfs()


# --------------------------------------------------------------------------------------------- faults
def fault_worker_kill(stack: Stack) -> dict:
    assert stack.worker is not None
    os.killpg(stack.worker.proc.pid, signal.SIGKILL)
    stack.worker.proc.wait(timeout=10)
    time.sleep(WORKER_RESTART_DELAY)  # a supervisor's restart delay
    stack.worker_start()
    return {"note": f"worker and pool SIGKILLed, started again {WORKER_RESTART_DELAY} s later"}


def fault_web_worker_kill(stack: Stack) -> dict:
    import psutil

    assert stack.web is not None
    children = psutil.Process(stack.web.proc.pid).children()
    victim = children[0]
    victim.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(psutil.Process(stack.web.proc.pid).children()) < len(children):
        time.sleep(0.1)
    return {"note": f"gunicorn worker {victim.pid} SIGKILLed; the master started another"}


def fault_redis_restart(stack: Stack) -> dict:
    stack.redis_stop(signal.SIGTERM)
    stack.redis_start()
    return {"note": "Redis stopped (SIGTERM) and started again"}


def fault_redis_kill_full_queue(stack: Stack) -> dict:
    assert stack.worker is not None
    stack.worker.stop()
    time.sleep(QUEUE_FILL_SECONDS)
    queued = stack.redis_client().llen("default")
    time.sleep(1.5)  # appendfsync everysec: what was queued a second ago is on disk
    stack.redis_stop(signal.SIGKILL)
    stack.redis_start()
    survived = stack.redis_client().llen("default")
    stack.worker_start()
    return {
        "note": f"worker stopped {QUEUE_FILL_SECONDS} s, Redis SIGKILLed with {queued} messages queued, "
        f"{survived} there after the restart; worker started again",
        "queued": queued,
        "survived": survived,
    }


def fault_pg_restart(stack: Stack) -> dict:
    if stack.pg_state is None:
        return {"skipped": "no STATE: the cluster is not ours to restart"}
    pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    started = time.monotonic()
    subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            str(pgbin / "pg_ctl"),
            "-D",
            str(stack.pg_state / "pg" / "data"),
            "-l",
            str(stack.pg_state / "pg" / "server.log"),
            "-m",
            "fast",
            "-w",
            "restart",
        ],
        cwd=stack.pg_state,
        check=True,
        capture_output=True,
    )
    return {"note": f"pg_ctl restart -m fast took {time.monotonic() - started:.2f} s"}


def fault_db_cut(stack: Stack) -> dict:
    stack.proxy_cut(True)
    time.sleep(DB_CUT_SECONDS)
    stack.proxy_cut(False)
    return {"note": f"every database connection refused and dropped for {DB_CUT_SECONDS} s"}


def fault_aof_full(stack: Stack) -> dict:
    if not stack.tmpfs:
        return {"skipped": "no tmpfs for the append-only file (see the run's aof_tmpfs)"}
    filler = stack.redis_dir / "filler"
    with filler.open("wb") as fh:
        free = os.statvfs(stack.redis_dir).f_bavail * os.statvfs(stack.redis_dir).f_frsize
        with contextlib.suppress(OSError):
            os.posix_fallocate(fh.fileno(), 0, free)
    time.sleep(AOF_FULL_SECONDS / 2)
    status = {}
    with contextlib.suppress(Exception):
        info = stack.redis_client().info("persistence")
        status = {k: info.get(k) for k in ("aof_last_write_status", "aof_last_bgrewrite_status")}
    time.sleep(AOF_FULL_SECONDS / 2)
    filler.unlink()
    return {"note": f"AOF tmpfs full for {AOF_FULL_SECONDS} s", "redis_during": status}


FAULTS = {
    "worker_kill": fault_worker_kill,
    "web_worker_kill": fault_web_worker_kill,
    "redis_restart": fault_redis_restart,
    "redis_kill_full_queue": fault_redis_kill_full_queue,
    "pg_restart": fault_pg_restart,
    "db_cut": fault_db_cut,
    "aof_full": fault_aof_full,
}


# --------------------------------------------------------------------------------------------- sampling
class Sampler(threading.Thread):
    """Once a second: Redis's queue length and the outbox (pending requests, age of the oldest), read
    directly (not through the proxy), so the queue is seen even while the board cannot reach it."""

    def __init__(self, stack: Stack, t0: float):
        super().__init__(daemon=True)
        self.stack, self.t0, self.samples, self.running = stack, t0, [], True

    def run(self) -> None:
        import psycopg

        while self.running:
            at = time.time()
            sample: dict = {"t": round(at - self.t0, 2), "queue": None, "pending": None, "oldest_s": None}
            with contextlib.suppress(Exception):
                sample["queue"] = self.stack.redis_client(0.5).llen("default")
            with (
                contextlib.suppress(Exception),
                psycopg.connect(self.stack.direct_url, connect_timeout=1) as conn,
            ):
                row = conn.execute(
                    "SELECT count(*), EXTRACT(EPOCH FROM now() - min(created_at)) FROM moderation_screeningrequest "
                    "WHERE status = 'pending'"
                ).fetchone()
                sample["pending"], sample["oldest_s"] = row[0], float(row[1]) if row[1] is not None else 0.0
            self.samples.append(sample)
            time.sleep(max(0.0, 1.0 - (time.time() - at)))


def outbox_pending(url: str) -> int | None:
    import psycopg

    with contextlib.suppress(Exception), psycopg.connect(url, connect_timeout=2) as conn:
        return conn.execute(
            "SELECT count(*) FROM moderation_screeningrequest WHERE status = 'pending'"
        ).fetchone()[0]
    return None


# --------------------------------------------------------------------------------------------- analysis
def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))], 1)


def is_error(record: dict) -> bool:
    return record["err"] is not None or record["status"] >= 500


def answers(records: list[dict]) -> dict:
    statuses: dict[str, int] = {}
    for r in records:
        key = r["err"] or str(r["status"])
        statuses[key] = statuses.get(key, 0) + 1
    unavailable = [r for r in records if r["status"] == 503]
    return {
        "requests": len(records),
        "errors": sum(1 for r in records if is_error(r)),
        "error_rate": round(sum(1 for r in records if is_error(r)) / len(records), 4) if records else 0.0,
        "statuses": dict(sorted(statuses.items())),
        "status_500": sum(1 for r in records if r["status"] == 500),
        "other_5xx": sum(1 for r in records if r["status"] > 500 and r["status"] != 503),
        "503_with_retry_after": sum(1 for r in unavailable if r["ra"]),
        "503_without_retry_after": sum(1 for r in unavailable if not r["ra"]),
        "timeouts": sum(1 for r in records if r["err"] == "timeout"),
        "connection_errors": sum(1 for r in records if r["err"] == "conn"),
        "p50_ms": percentile([r["ms"] for r in records if not is_error(r)], 50),
        "p99_ms": percentile([r["ms"] for r in records if not is_error(r)], 99),
        "max_ms": round(max((r["ms"] for r in records), default=0.0), 1),
    }


def analyse(records: list[dict], faults: list[dict], samples: list[dict], t0: float, duration: float) -> dict:
    for r in records:
        r["rel"] = r["t"] - t0
    seconds = math.ceil(duration) + 15
    bins: list[list[dict]] = [[] for _ in range(seconds)]
    for r in records:
        index = int(r["rel"])
        if 0 <= index < seconds:
            bins[index].append(r)
    first_fault = min((f["start"] for f in faults), default=duration)
    baseline = answers([r for r in records if 3 <= r["rel"] < max(4, first_fault)])
    calm_p99 = max(2 * (baseline["p99_ms"] or 50), (baseline["p99_ms"] or 50) + 100)
    timeline = [
        {
            "t": i,
            "ok": sum(1 for r in b if not is_error(r)),
            "errors": sum(1 for r in b if is_error(r)),
            "p99_ms": percentile([r["ms"] for r in b if not is_error(r)], 99),
        }
        for i, b in enumerate(bins)
    ]

    def calm_from(second: int) -> bool:
        window = [r for b in bins[second : second + CALM_SECONDS] for r in b]
        ok = [r["ms"] for r in window if not is_error(r)]
        return bool(window) and not any(is_error(r) for r in window) and (percentile(ok, 99) or 0) <= calm_p99

    baseline_lag = max((s["oldest_s"] or 0 for s in samples if 3 <= s["t"] < first_fault), default=0.0)
    applied = [f for f in faults if "skipped" not in f]
    for number, fault in enumerate(applied):
        # Recovery is looked for until the next fault starts (or the end of the traffic): None if not by then.
        horizon = applied[number + 1]["start"] if number + 1 < len(applied) else duration
        end = max(fault["end"], fault["start"] + CALM_SECONDS)
        during = [r for r in records if fault["start"] <= r["rel"] < end]
        fault["during"] = answers(during)
        http_back = next(
            (s for s in range(int(fault["end"]), int(horizon) - CALM_SECONDS + 1) if calm_from(s)),
            None,
        )
        lag_limit = max(MAX_SCREENING_LAG_S, 2 * baseline_lag)
        screening_back = next(
            (
                s["t"]
                for s in samples
                if fault["end"] <= s["t"] and s["oldest_s"] is not None and s["oldest_s"] <= lag_limit
            ),
            None,
        )
        fault["requests_recovered_after_s"] = (
            None if http_back is None else round(max(0, http_back - fault["end"]), 1)
        )
        fault["screening_recovered_after_s"] = (
            None if screening_back is None else round(max(0, screening_back - fault["end"]), 1)
        )
        parts = [fault["requests_recovered_after_s"], fault["screening_recovered_after_s"]]
        fault["full_recovery_after_s"] = None if None in parts else max(parts)
        fault["peak_queue"] = max(
            (s["queue"] or 0 for s in samples if fault["start"] <= s["t"] <= fault["end"] + 60), default=0
        )
        fault["peak_pending"] = max(
            (s["pending"] or 0 for s in samples if fault["start"] <= s["t"] <= fault["end"] + 60), default=0
        )
    total = answers(records)
    total["requests_per_s"] = round(len(records) / duration, 1)
    total["writes"] = sum(1 for r in records if not r["op"].startswith("read_"))
    total["reads"] = total["requests"] - total["writes"]
    by_op: dict[str, list] = {}
    for r in records:
        by_op.setdefault(r["op"], []).append(r)
    total["by_operation"] = {
        op: {
            k: v
            for k, v in answers(rs).items()
            if k in ("requests", "errors", "statuses", "p50_ms", "p99_ms")
        }
        for op, rs in sorted(by_op.items())
    }
    return {"baseline": baseline, "calm_p99_ms": calm_p99, "totals": total, "timeline": timeline}


# An outbox row older than this (or twice the pre-fault maximum) means screening is behind: the sweep
# takes a request left pending 20 s (SOAK_ENV), so a lost message is back within about 25 s.
MAX_SCREENING_LAG_S = 15


# --------------------------------------------------------------------------------------------- the run
def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PY, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=600)
    parser.add_argument("--rate", type=float, help=f"requests/s (default {RATE_SHARE:.0%} of the bench's)")
    parser.add_argument("--schedule", default=DEFAULT_SCHEDULE, help="name@second,...; 'short' or '' too")
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--seed-n", type=int, default=1000, help="comments in the thread (bench.seed_board)")
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="client timeout: longer is a hung request"
    )
    parser.add_argument("--database", default="soak", help="database created (dropped first) for the run")
    parser.add_argument(
        "--use-database", action="store_true", help="run on DATABASE_URL's own (migrated, empty)"
    )
    parser.add_argument("--backup-at", type=float, help="second of the pg_dump (default: mid-run; <0: none)")
    parser.add_argument("--aof-tmpfs-mb", type=int, default=AOF_TMPFS_MB)
    parser.add_argument("--state", default=os.environ.get("STATE", ""))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "soak-latest.json"))
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()

    if args.schedule == "short":
        args.schedule = SHORT_SCHEDULE
    schedule = parse_schedule(args.schedule)
    measured = bench_rate()
    rate = args.rate or (round(RATE_SHARE * measured, 1) if measured else 60.0)
    base = os.environ["DATABASE_URL"]
    pg_state = (
        Path(os.environ["STATE"])
        if os.environ.get("STATE") and (Path(os.environ["STATE"]) / "pg" / "data").is_dir()
        else None
    )
    state = Path(args.state or f"/tmp/board-soak-{os.getpid()}") / "soak"
    shutil.rmtree(state, ignore_errors=True)
    state.mkdir(parents=True)
    records_dir = state / "records"
    records_dir.mkdir()

    # 1. The database: a fresh one, migrated, seeded.
    t_setup = time.monotonic()
    if args.use_database:
        direct = base
    else:
        existing = {row[0] for row in admin_sql(base, "SELECT datname FROM pg_database")}
        drops = [
            f"DROP DATABASE {name}"
            for name in (args.database, f"{args.database}_restored")
            if name in existing
        ]
        admin_sql(base, *drops, f"CREATE DATABASE {args.database}")
        direct = db_url(base, args.database)
    django_env = {
        **os.environ,
        **SOAK_ENV,
        "DJANGO_SETTINGS_MODULE": "bench.soak_settings",
        "DATABASE_URL": direct,
    }
    django_env.pop("TEST_DATABASE_NAME", None)
    if not args.use_database:
        subprocess.run(
            [PY, "manage.py", "migrate", "--noinput", "-v", "0"], env=django_env, cwd=ROOT, check=True
        )
    seed = json.loads(
        subprocess.run(
            [PY, "-m", "bench.seed_board", str(args.seed_n)],
            env=django_env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    plan = json.loads(
        subprocess.run(
            [PY, "-m", "bench.soak_db", "setup", "--users", str(args.users)],
            env=django_env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    stack = Stack(state, direct, pg_state)
    result: dict = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "loadavg_start": loadavg()},
        "config": {
            "duration_s": args.duration,
            "rate_per_s": rate,
            "bench_requests_per_s": measured,
            "rate_share_of_bench": round(rate / measured, 2) if measured else None,
            "clients": args.procs * args.threads,
            "client_timeout_s": args.timeout,
            "users": args.users,
            "thread_comments": seed["comments"],
            "schedule": args.schedule,
            "gunicorn": f"2 sync workers, timeout {GUNICORN_TIMEOUT} s",
            "celery": "1 worker, concurrency 1, beat",
            "env": SOAK_ENV,
        },
    }
    exit_status = 0
    try:
        result["config"]["aof_tmpfs"] = stack.mount_tmpfs(args.aof_tmpfs_mb)
        stack.redis_start()
        stack.start(direct)
        deadline = time.monotonic() + 180
        while outbox_pending(direct) and time.monotonic() < deadline:  # the seeded articles, screened
            time.sleep(0.5)
        if outbox_pending(direct):
            raise RuntimeError(
                f"the worker did not screen the seeded articles:\n{(state / 'worker.log').read_text()[-3000:]}"
            )
        result["setup_seconds"] = round(time.monotonic() - t_setup, 1)
        plan["base_url"] = f"http://127.0.0.1:{stack.web_port}"
        (records_dir / "plan.json").write_text(json.dumps(plan))
        log(
            f"setup {result['setup_seconds']} s; traffic {rate} req/s for {args.duration} s; faults {args.schedule}"
        )

        since = datetime.now(UTC).isoformat()
        t0 = time.time()
        traffic = subprocess.Popen(
            [
                PY,
                str(ROOT / "bench" / "soak_traffic.py"),
                "--plan",
                str(records_dir / "plan.json"),
                "--rate",
                str(rate),
                "--seconds",
                str(args.duration),
                "--procs",
                str(args.procs),
                "--threads",
                str(args.threads),
                "--timeout",
                str(args.timeout),
                "--out",
                str(records_dir),
            ],
            cwd=ROOT,
        )
        sampler = Sampler(stack, t0)
        sampler.start()
        backup: dict = {}
        backup_at = args.duration / 2 if args.backup_at is None else args.backup_at
        dump = state / "soak.dump"

        def take_backup() -> None:
            started = time.time()
            proc = subprocess.run(
                [str(ROOT / "scripts" / "backup.sh"), str(dump)],
                env={**os.environ, "DATABASE_URL": direct},
                capture_output=True,
                text=True,
                check=False,
            )
            backup.update(start=round(started - t0, 1), status=proc.returncode, stderr=proc.stderr[-1000:])
            if proc.returncode == 0:
                backup.update(json.loads(proc.stdout.strip().splitlines()[-1]))
                backup.pop("file", None)

        timers = []
        if backup_at >= 0 and backup_at < args.duration:
            timers.append(threading.Timer(backup_at, take_backup))
            timers[-1].start()
        faults: list[dict] = []
        for name, at in schedule:
            if at >= args.duration:
                continue
            time.sleep(max(0.0, t0 + at - time.time()))
            started = time.time()
            log(f"fault {name} at {started - t0:.1f} s")
            try:
                detail = FAULTS[name](stack)
            except Exception as exc:  # a fault that could not be applied is reported, the run goes on
                detail = {"skipped": f"{type(exc).__name__}: {exc}"}
            faults.append(
                {"name": name, "start": round(started - t0, 2), "end": round(time.time() - t0, 2), **detail}
            )
            log(f"  {json.dumps(detail)[:300]}")
        traffic.wait(timeout=args.duration + 300)
        for timer in timers:
            timer.join(timeout=600)
        log("traffic done; waiting for the screening queue to drain")
        drain_started = time.monotonic()
        while (outbox_pending(direct) or 0) > 0 and time.monotonic() - drain_started < DRAIN_TIMEOUT:
            time.sleep(1)
        result["drain_seconds"] = round(time.monotonic() - drain_started, 1)
        sampler.running = False
        sampler.join(timeout=5)
        result["machine"]["loadavg_end"] = loadavg()

        # 2. The checks, on the database itself (not through the proxy).
        check_env = {**django_env}
        checks = json.loads(
            subprocess.run(
                [PY, "-m", "bench.soak_db", "check", "--records", str(records_dir), "--since", since],
                env=check_env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        recompute = manage(check_env, "counters_recompute", "--check")
        screening = manage(check_env, "screening_check", "--check", "--settled", "--since", since)
        checks["counters_recompute_check"] = {
            "status": recompute.returncode,
            "last_line": recompute.stdout.strip().splitlines()[-1:],
        }
        checks["screening_check"] = {
            "status": screening.returncode,
            "last_line": screening.stdout.strip().splitlines()[-1:],
        }
        result["checks"] = checks

        # 3. The restore drill: the dump taken mid-run, into a new database, checked.
        if backup.get("status") == 0 and not args.use_database:
            started = time.monotonic()
            proc = subprocess.run(
                [str(ROOT / "scripts" / "restore.sh"), str(dump), f"{args.database}_restored"],
                env={**check_env, "DATABASE_URL": direct, "PY": PY, "SINCE": since},
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            backup["restore"] = {
                "status": proc.returncode,
                "seconds_with_checks": round(time.monotonic() - started, 1),
                # Without this run's temporary folder, so the figures name no path of this machine.
                "output": proc.stdout.replace(str(dump), dump.name).strip().splitlines()[-25:],
                "stderr": proc.stderr[-1000:],
            }
        result["backup"] = backup

        records = [
            json.loads(line) for path in sorted(records_dir.glob("requests-*.jsonl")) for line in path.open()
        ]
        result.update(analyse(records, faults, sampler.samples, t0, args.duration))
        result["faults"] = faults
        result["samples"] = sampler.samples
        result["verdict"] = verdict(result)
        exit_status = 0 if result["verdict"]["pass"] else 1
    finally:
        stack.stop()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print_figures(result)
    log(f"wrote {out}")
    if not args.no_report:
        subprocess.run([PY, str(ROOT / "bench" / "soak_report.py"), str(out)], cwd=ROOT, check=True)
    return exit_status


def verdict(result: dict) -> dict:
    summary = result["checks"]["summary"]
    totals = result["totals"]
    problems = {
        "lost_writes": summary["lost"],
        "doubled_writes": summary["doubled"],
        "counter_drift": summary["counter_drift"],
        "screening_problems": summary["screening_problems"],
        "replay_mismatch": summary["replay_mismatch"],
        "status_500": totals["status_500"],
        "other_5xx": totals["other_5xx"],
        "503_without_retry_after": totals["503_without_retry_after"],
        "hung_requests": totals["timeouts"],
        "counters_recompute_check": result["checks"]["counters_recompute_check"]["status"],
        "screening_check": result["checks"]["screening_check"]["status"],
    }
    restore = result.get("backup", {}).get("restore")
    if restore is not None:
        problems["restore_check"] = restore["status"]
    return {"pass": not any(problems.values()), "problems": problems}


def print_figures(result: dict) -> None:
    if "totals" not in result:
        return
    t = result["totals"]
    print(
        f"\n== soak: {t['requests']} requests in {result['config']['duration_s']:.0f} s ({t['requests_per_s']}/s, target "
        f"{result['config']['rate_per_s']}/s), load average {result['machine'].get('loadavg_end')}"
    )
    print(
        f"   answers {t['statuses']}; p50 {t['p50_ms']} ms, p99 {t['p99_ms']} ms; 500s {t['status_500']}, "
        f"hung {t['timeouts']}, 503 without Retry-After {t['503_without_retry_after']}"
    )
    for f in result.get("faults", []):
        if "skipped" in f:
            print(f"   {f['name']:<22} skipped: {f['skipped']}")
            continue
        d = f["during"]
        print(
            f"   {f['name']:<22} at {f['start']:6.1f} s for {f['end'] - f['start']:5.1f} s: {d['requests']} requests, "
            f"error rate {d['error_rate']:.1%} {d['statuses']}, p99 {d['p99_ms']} ms; recovered: requests "
            f"{f['requests_recovered_after_s']} s, screening {f['screening_recovered_after_s']} s"
        )
    s = result["checks"]["summary"]
    print(
        f"   writes answered 2xx {s['writes_answered_2xx']}: lost {s['lost']}, doubled {s['doubled']}; counter/ledger "
        f"drift {s['counter_drift']}; screening problems {s['screening_problems']}; replay mismatches {s['replay_mismatch']}"
    )
    b = result.get("backup", {})
    if b:
        print(
            f"   backup at {b.get('start')} s: status {b.get('status')}, {b.get('bytes')} bytes in {b.get('seconds')} s; "
            f"restore+checks status {b.get('restore', {}).get('status')}"
        )
    print(f"   verdict: {'PASS' if result['verdict']['pass'] else 'FAIL'} {result['verdict']['problems']}")


if __name__ == "__main__":
    sys.exit(main())
