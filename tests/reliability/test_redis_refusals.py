"""Redis up but refusing writes: the worker stays up and screens again on its own once Redis accepts them.

Found by the soak (``aof_full``): with the disk of the append-only file full, Redis answers every write
``MISCONF Errors writing to the AOF file: No space left on device``, a ``ResponseError``. The worker's
acknowledgement got it, Celery's consumer did not count it as a connection error, and the worker exited
("Unrecoverable error"). ``CELERY_BROKER_CHANNEL_ERROR_RETRY`` (config/settings/base.py) makes the consumer
handle the broker's ``ResponseError`` as a lost connection: it drops the connection and reconnects with
the usual retry policy until the broker takes writes again.

Each fault is the real refusal of a real ``redis-server`` to a real ``celery worker``, with a backlog queued
and being screened when it starts and comments posted during it:

- ``misconf_bgsave``: a failed snapshot (its child SIGKILLed) with ``stop-writes-on-bgsave-error yes``;
- ``aof_disk_full``: the append-only file's disk full (a tmpfs; only where this process may mount one);
- ``oom``: ``maxmemory`` below the memory in use with ``noeviction``;
- ``readonly``: Redis turned into a replica of an absent primary (what a client sees after a failover).
"""

import contextlib
import os
import shutil
import signal
import subprocess
import time

import psutil
import pytest
import redis

from tests.reliability.conftest import wait_until
from tests.reliability.test_worker_faults import all_screened, assert_screened_once
from tests.support.faults import DELAY_ENV
from tests.support.processes import FAULTS_APP, start_beat, start_worker
from tests.support.services import RedisServer, celery_app_on, free_port

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.faults,
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

# Short periods (production: 30 s / 60 s / 300 s): the sweep re-queues what the broker refused within seconds.
FAST = {
    "MODERATION_SWEEP_INTERVAL_SECONDS": "1",
    "MODERATION_SWEEP_AFTER_SECONDS": "5",
    "CELERY_TASK_SOFT_TIME_LIMIT": "3",
    "CELERY_TASK_TIME_LIMIT": "4",
    "CELERY_BROKER_VISIBILITY_TIMEOUT": "8",
    # Each screening sleeps this long, so a backlog is queued and one screening in flight when writes stop.
    DELAY_ENV: "0.2",
}
FAULT_SECONDS = 6
AOF_TMPFS_MB = 8


def info(client: redis.Redis, key: str):
    return client.info("persistence").get(key)


def refused(client: redis.Redis) -> str | None:
    """The error Redis answers a write with (redis-py's class and message: it drops the "OOM" or "READONLY"
    code of the errors it has a class for), or None when it takes it."""
    try:
        client.set("refusal-probe", "1")
    except redis.ResponseError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


class MisconfBgsave:
    """A snapshot that fails (its child killed) while snapshots are configured: every write is refused with
    ``MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk``."""

    expect = "ResponseError: MISCONF"

    def on(self, server: RedisServer) -> None:
        client = server.client()
        client.config_set("save", "3600 1")
        client.config_set("stop-writes-on-bgsave-error", "yes")
        client.config_set("rdb-key-save-delay", "1000000")  # the child takes a second a key: time to kill it
        client.bgsave()
        child = wait_for_child(server)
        child.send_signal(signal.SIGKILL)
        wait_until(lambda: info(client, "rdb_last_bgsave_status") == "err", timeout=10)

    def off(self, server: RedisServer) -> None:
        client = server.client()
        client.config_set("rdb-key-save-delay", "0")
        client.bgsave()
        wait_until(lambda: info(client, "rdb_last_bgsave_status") == "ok", timeout=10)
        client.config_set("save", "")


class AofDiskFull:
    """The soak's fault: the tmpfs holding the append-only file filled up (``MISCONF Errors writing to the
    AOF file: No space left on device``), then freed; Redis retries the write each second."""

    expect = "ResponseError: MISCONF"

    def on(self, server: RedisServer) -> None:
        free = os.statvfs(server.directory).f_bavail * os.statvfs(server.directory).f_frsize
        with (server.directory / "filler").open("wb") as fh, contextlib.suppress(OSError):
            os.posix_fallocate(fh.fileno(), 0, free)
        client = server.client()
        # The next write's flush to the append-only file fails; from then on writes are refused.
        wait_until(lambda: refused(client) is not None, timeout=10)

    def off(self, server: RedisServer) -> None:
        (server.directory / "filler").unlink()
        wait_until(lambda: info(server.client(), "aof_last_write_status") == "ok", timeout=10)


class OutOfMemory:
    """``maxmemory`` below what Redis holds, ``noeviction``: ``OOM command not allowed when used memory >
    'maxmemory'`` for every command that may add memory (publishing, and the worker's record of a
    delivered message), while ``BRPOP`` still hands messages out."""

    expect = "OutOfMemoryError"

    def on(self, server: RedisServer) -> None:
        server.client().config_set("maxmemory", "1")

    def off(self, server: RedisServer) -> None:
        server.client().config_set("maxmemory", "0")


class ReadOnlyReplica:
    """Redis made a replica of a primary that does not answer: ``READONLY You can't write against a read
    only replica``, as clients of an old primary see after a failover. Keeps its data until a sync."""

    expect = "ReadOnlyError"

    def on(self, server: RedisServer) -> None:
        server.client().replicaof("127.0.0.1", free_port())

    def off(self, server: RedisServer) -> None:
        server.client().replicaof("NO", "ONE")


FAULTS = {
    "misconf_bgsave": MisconfBgsave,
    "aof_disk_full": AofDiskFull,
    "oom": OutOfMemory,
    "readonly": ReadOnlyReplica,
}


def wait_for_child(server: RedisServer) -> psutil.Process:
    assert server.process is not None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = psutil.Process(server.process.pid).children()
        if children:
            return children[0]
        time.sleep(0.01)
    raise AssertionError("no snapshot child")


def can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def refusing_redis(request, tmp_path):
    """The private Redis for the fault: on a small tmpfs for ``aof_disk_full`` (skipped where none can be
    mounted), this process's Celery app publishing to it."""
    fault = FAULTS[request.param]()
    directory = tmp_path / "redis"
    directory.mkdir()
    mounted = False
    if isinstance(fault, AofDiskFull):
        if not can_mount():
            pytest.skip("a tmpfs for the append-only file needs root")
        mount = ["mount", "-t", "tmpfs", "-o", f"size={AOF_TMPFS_MB}m,mode=0755", "tmpfs", str(directory)]
        proc = subprocess.run(mount, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            pytest.skip(f"no tmpfs: {proc.stderr.strip()[:200]}")
        mounted = True
    server = RedisServer(directory).start()
    try:
        with celery_app_on(server.url):
            yield server, fault
    finally:
        server.kill()
        if mounted:
            subprocess.run(["umount", str(directory)], check=False)


@pytest.mark.parametrize("refusing_redis", list(FAULTS), indirect=True)
def test_worker_survives_redis_refusing_writes(refusing_redis, poster, processes, tmp_path, record_figure):
    server, fault = refusing_redis
    env = {"REDIS_URL": server.url, "CELERY_BROKER_URL": server.url, "CELERY_RESULT_BACKEND": server.url}
    worker = start_worker(tmp_path, app=FAULTS_APP, **env, **FAST)
    processes.append(worker)
    beat = start_beat(tmp_path, **env, **FAST)
    processes.append(beat)

    def post(label: str, count: int) -> list[int]:
        ids = []
        for number in range(count):
            response = poster.post(f"Guidance unchanged, dividends steady: {label} note {number}.")
            assert response.status_code == 201, response.content
            ids.append(response.json()["id"])
        return ids

    # A backlog queued, one screening in flight (0.2 s each), when Redis starts refusing writes.
    before = post("before", 10)
    fault.on(server)
    client = server.client()
    refusal = refused(client)
    assert refusal is not None and refusal.startswith(fault.expect), refusal
    started = time.monotonic()
    during = post("during", 10)
    time.sleep(max(0.0, FAULT_SECONDS - (time.monotonic() - started)))
    assert worker.process.poll() is None, worker.log_path.read_text()[-3000:]
    assert refused(client) is not None  # still refusing: the worker met the refusal throughout
    fault.off(server)
    assert refused(client) is None

    ids = before + during
    recovered = wait_until(lambda: all_screened(ids), timeout=60, interval=0.25)

    assert worker.process.poll() is None, worker.log_path.read_text()[-3000:]
    assert psutil.Process(worker.pid).is_running()
    assert beat.process.poll() is None, beat.log_path.read_text()[-3000:]
    assert_screened_once(ids)
    log = worker.log_path.read_text()
    assert "Unrecoverable error" not in log
    record_figure(
        f"Redis refusing writes {FAULT_SECONDS} s ({type(fault).__name__})",
        f"the worker (pid {worker.pid}) stayed up through {refusal[:70]!r}; 20/20 comments (10 queued "
        f"before, 10 posted during) screened once each, {recovered:.1f} s after Redis took writes again; "
        f"{log.count('Connection to broker lost')} reconnections logged",
    )
