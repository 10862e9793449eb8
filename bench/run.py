"""The benchmark, start to finish: ours and the peer's, one after the other, on this machine. Writes JSON.

    bench/run.sh [--scale] [--ns 100,1000,10000]      # starts PostgreSQL and Redis, then runs this

Expects ``DATABASE_URL`` (a PostgreSQL role that may create databases) and ``REDIS_URL`` from
``bench/run.sh``. Phases, each in its own process:

1. a migrated template database, cloned into one fresh database per N (``bench_n<N>``);
2. ours, per N: seed (``bench.seed_board``), in-process measures (``bench.measure_board``);
3. the peer, per N: its virtualenv (``bench/peers/xtd/setup.sh``), seed and measures (``peer.py``) on
   SQLite files under the state folder;
4. the classifier's throughput on one core (``bench.measure_classifier``);
5. under load at ``--load-n`` (and, with ``--scale``, at 1,000,000): gunicorn with 2 sync workers on a free
   loopback port, ``wrk`` (``bench/wrk.py``; ``bench/loadgen.py`` without it) for ``--load-seconds`` per URL:
   the bare view (``bench/urls.py``), ours with anonymous hot reads and without them, then the peer's;
6. posting-to-decision with one Celery worker (``bench.measure_e2e``);
7. ``--scale``: ours at 100,000 and 1,000,000 comments (seed and in-process measures).

Then ``bench/report.py`` writes ``docs/performance.md`` and the plot from the JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import wrk  # bench/ is this script's folder
from loadgen import count_comments

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PEER_DIR = ROOT / "bench" / "peers" / "xtd"
PEER_PY = PEER_DIR / ".venv" / "bin" / "python"
SCALE_NS = (100_000, 1_000_000)
# Seconds a server may take to answer its first request after start before the run gives up.
SERVER_START_TIMEOUT = 60


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def db_url(base: str, name: str) -> str:
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(base: str, *statements: str) -> list:
    """Run statements on the maintenance database in autocommit (CREATE DATABASE cannot be in a block)."""
    import psycopg

    rows = []
    with psycopg.connect(base, autocommit=True) as conn:
        for statement in statements:
            cur = conn.execute(statement)
            if cur.description:
                rows.extend(cur.fetchall())
    return rows


def django_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "PYTHONWARNINGS": "ignore",
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        **extra,
    }
    env.pop("TEST_DATABASE_NAME", None)
    return env


def run_json(cmd: list[str], *, env: dict[str, str], cwd: Path = ROOT, out: Path | None = None) -> dict:
    """Run ``cmd``; parse its JSON from ``out`` (if given) or from the last line of stdout."""
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    text = out.read_text() if out else proc.stdout.strip().splitlines()[-1]
    return json.loads(text)


class Server:
    """A gunicorn (or Celery) child in its own process group, stopped with SIGTERM then SIGKILL."""

    def __init__(self, cmd: list[str], *, env: dict[str, str], cwd: Path, log_path: Path):
        self.log_file = log_path.open("ab")
        self.proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.log_path = log_path

    def wait_http(self, url: str) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()[-3000:]}")
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(url, timeout=30) as response,  # noqa: S310 - loopback only
            ):
                if response.status == 200:
                    return
            time.sleep(0.2)
        raise TimeoutError(f"{url} did not answer:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log_file.close()


def gunicorn(python: Path | str, app: str, *, port: int, env: dict, cwd: Path, log_path: Path) -> Server:
    cmd = [str(python), "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    cmd += ["--worker-class", "sync", "--timeout", "120", "--graceful-timeout", "5", "--no-control-socket"]
    return Server(cmd, env=env, cwd=cwd, log_path=log_path)


def memory_mb(pid: int | None) -> dict[str, float]:
    """Resident memory (MB) of a process and of each live descendant, by pid (empty when it is gone)."""
    import psutil

    if pid is None:
        return {}
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return {}
    sizes = {}
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            sizes[str(proc.pid)] = round(proc.memory_info().rss / 2**20, 1)
    return sizes


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a process and its live descendants (0 when it is gone)."""
    import psutil

    if pid is None:
        return 0.0
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def postgres_pid() -> int | None:
    """The benchmark cluster's postmaster (``bench/run.sh`` starts it under ``$STATE/pg/data``)."""
    pidfile = Path(os.environ.get("STATE", "/nonexistent")) / "pg" / "data" / "postmaster.pid"
    try:
        return int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def loadgen(url: str, *, seconds: float, count: str, clients: int, server_pid: int | None = None) -> dict:
    """One bounded load run; with ``server_pid``, also the CPU the server and PostgreSQL spent per request."""
    cmd = [PY, str(ROOT / "bench" / "loadgen.py"), "--url", url, "--seconds", str(seconds)]
    cmd += ["--clients", str(clients), "--count", count, "--max-requests", "100000"]
    pg = postgres_pid()
    web_before, db_before = cpu_seconds(server_pid), cpu_seconds(pg)
    result = run_json(cmd, env=dict(os.environ))
    web_used, db_used = cpu_seconds(server_pid) - web_before, cpu_seconds(pg) - db_before
    done = result["requests"] + result["errors"] + 1  # +1: the probe request that counts comments
    if server_pid is not None:
        result["server_cpu_ms_per_request"] = round(web_used * 1000 / done, 3)
        result["postgres_cpu_ms_per_request"] = round(db_used * 1000 / done, 3)
    return result


LOAD_ENDPOINTS = (
    # name, path (from the seed), how to count the comments of one response
    ("api_first", "/api/v1/articles/{article_id}/comments/", "json"),
    ("html_article", "/articles/{article_slug}/", "html-board"),
    ("api_article", "/api/v1/articles/{article_id}/", None),
    ("api_feed", "/api/v1/articles/", None),
)


def comments_in(url: str, count: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
        return count_comments(response.read(), count)


def drive(url: str, *, args, server_pid: int, count: str | None) -> dict:
    """One load run on ``url`` (wrk, else the Python load generator), with the server's and PostgreSQL's
    CPU per request and, for comment pages, comments delivered per second."""
    if not wrk.available():
        return loadgen(
            url,
            seconds=args.load_seconds,
            count=count or "json",
            clients=args.load_clients,
            server_pid=server_pid,
        )
    pg = postgres_pid()
    web_before, db_before = cpu_seconds(server_pid), cpu_seconds(pg)
    result = wrk.run(url, seconds=args.load_seconds, connections=args.load_connections)
    done = max(1, result["requests"])
    result["server_cpu_ms_per_request"] = round((cpu_seconds(server_pid) - web_before) * 1000 / done, 3)
    result["postgres_cpu_ms_per_request"] = round((cpu_seconds(pg) - db_before) * 1000 / done, 3)
    if count:
        per_response = comments_in(url, count)
        result["comments_per_response"] = per_response
        result["comments_per_s"] = round(result["requests_per_s"] * per_response, 1)
    result["errors"] = result["status_errors"] + result["socket_errors"]
    result["url_path"] = urllib.parse.urlsplit(url).path
    return result


def load_ours(n: int, seed: dict, args, state: Path) -> dict:
    """The bare view and our hot endpoints at N comments, with and without anonymous hot reads; every run
    on a fresh gunicorn so that one's cache does not help the other."""
    figures: dict = {}
    for mode, cache_seconds in (("cached", "2"), ("uncached", "0")):
        port = free_port()
        env = django_env(
            db_url(os.environ["DATABASE_URL"], f"bench_n{n}"), BOARD_ANON_CACHE_SECONDS=cache_seconds
        )
        server = gunicorn(
            PY, "config.wsgi", port=port, env=env, cwd=ROOT, log_path=state / f"gunicorn-{mode}.log"
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            server.wait_http(f"{base_url}/bench/bare/")
            runs: dict = {}
            if mode == "cached":
                runs["bare"] = drive(
                    f"{base_url}/bench/bare/", args=args, server_pid=server.proc.pid, count=None
                )
            for name, path, count in LOAD_ENDPOINTS:
                if mode == "uncached" and count is None:
                    continue
                url = base_url + path.format(**seed)
                runs[name] = drive(url, args=args, server_pid=server.proc.pid, count=count)
            figures[mode] = runs
        finally:
            server.stop()
    log(
        f"load at N={n}: "
        + ", ".join(f"{m}.{k} {v.get('requests_per_s')}/s" for m, r in figures.items() for k, v in r.items())
    )
    return figures


def load_peer(n: int, args, state: Path) -> dict:
    port = free_port()
    env = {**os.environ, "PEER_DB": str(state / f"peer-{n}.sqlite3")}
    server = gunicorn(
        PEER_PY, "peerproj.wsgi", port=port, env=env, cwd=PEER_DIR, log_path=state / "gunicorn-peer.log"
    )
    base_url = f"http://127.0.0.1:{port}"
    figures = {}
    try:
        server.wait_http(f"{base_url}/paged/news-article/1/")
        for name, path, count in (
            ("api_page", "/paged/news-article/1/", "json"),
            ("api_all", "/comments/api/news-article/1/", "json"),
            ("html_tree", "/articles/bench-article/", "html-xtd"),
        ):
            figures[name] = drive(base_url + path, args=args, server_pid=server.proc.pid, count=count)
    finally:
        server.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the benchmark and write the JSON results.")
    parser.add_argument("--ns", default="100,1000,10000")
    parser.add_argument("--scale", action="store_true", help="also 100,000 and 1,000,000 (ours)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per in-process measure (ours)")
    parser.add_argument("--peer-runs", type=int, default=5)
    parser.add_argument("--load-n", type=int, default=1000)
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument("--load-clients", type=int, default=4, help="Python load generator (no wrk)")
    parser.add_argument("--load-connections", type=int, default=16, help="wrk's open connections")
    parser.add_argument("--e2e-comments", type=int, default=500)
    parser.add_argument("--skip", default="", help="comma-separated phases: peer,classifier,load,e2e")
    parser.add_argument("--state", default=os.environ.get("STATE", "/tmp/bench-state"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "latest.json"))
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()

    base = os.environ["DATABASE_URL"]
    skip = {s for s in args.skip.split(",") if s}
    ns = [int(x) for x in args.ns.split(",") if x]
    state = Path(args.state)
    state.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    phases: dict[str, dict] = {}

    def phase_done(name: str, t0: float) -> None:
        phases[name] = {"seconds": round(time.monotonic() - t0, 1), "loadavg_after": loadavg()}
        log(f"{name}: {phases[name]['seconds']} s, load average {phases[name]['loadavg_after']}")

    errors: dict[str, str] = {}

    @contextlib.contextmanager
    def guarded(name: str):
        """A failing phase is recorded in the results (``errors``) and the run goes on to the next."""
        try:
            yield
        except Exception as exc:  # any failure of a phase is reported, not fatal
            errors[name] = f"{type(exc).__name__}: {str(exc)[-2000:]}"
            log(f"{name} FAILED: {errors[name][:500]}")

    results: dict = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "loadavg_start": loadavg(),
        },
        "config": {
            "ns": ns,
            "scale_ns": list(SCALE_NS) if args.scale else [],
            "runs": args.runs,
            "peer_runs": args.peer_runs,
            "load_n": args.load_n,
            "load_seconds": args.load_seconds,
            "load_clients": args.load_clients,
            "load_connections": args.load_connections,
            "gunicorn_workers": 2,
            "e2e_comments": args.e2e_comments,
        },
        "ours": {},
        "peer": {},
    }
    log(f"load average at start: {results['machine']['loadavg_start']}")
    results["machine"]["postgresql"] = admin_sql(base, "SHOW server_version")[0][0]

    # 1. Template database, migrated once.
    t0 = time.monotonic()
    all_ns = ns + (list(SCALE_NS) if args.scale else [])
    existing = {row[0] for row in admin_sql(base, "SELECT datname FROM pg_database")}
    drops = [f"DROP DATABASE {name}" for name in existing if name.startswith("bench_")]
    admin_sql(base, *drops, "CREATE DATABASE bench_template")
    template_url = db_url(base, "bench_template")
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v", "0"],
        env=django_env(template_url),
        cwd=ROOT,
        check=True,
    )
    phase_done("template", t0)

    # 2 (and 7). Ours per N.
    seeds: dict[int, dict] = {}
    for n in all_ns:
        with guarded(f"ours_n{n}"):
            t0 = time.monotonic()
            admin_sql(base, f"CREATE DATABASE bench_n{n} TEMPLATE bench_template")
            env = django_env(db_url(base, f"bench_n{n}"))
            seeds[n] = run_json([PY, "-m", "bench.seed_board", str(n)], env=env)
            out = state / f"ours-{n}.json"
            measures = run_json(
                [
                    PY,
                    "-m",
                    "bench.measure_board",
                    "--seed-json",
                    json.dumps(seeds[n]),
                    "--runs",
                    str(args.runs),
                    "--out",
                    str(out),
                ],
                env=env,
                out=out,
            )
            results["ours"][str(n)] = {"seed": seeds[n], "measures": measures}
            phase_done(f"ours_n{n}", t0)

    # 7b. Search at scale: its own multilingual comments, 10,000 and 1,000,000 (bench/measure_search.py).
    if args.scale:
        with guarded("search"):
            t0 = time.monotonic()
            import measure_search  # bench/ is this script's folder

            results["search"] = {
                str(n): measure_search.run(n, base_url=base) for n in measure_search.SCALE_NS
            }
            phase_done("search", t0)

    # 3. The peer per N.
    with guarded("peer"):
        if "peer" not in skip:
            t0 = time.monotonic()
            subprocess.run([str(PEER_DIR / "setup.sh")], check=True)
            results["peer_versions"] = (PEER_DIR / "requirements.txt").read_text().split("\n")
            phase_done("peer_setup", t0)
            for n in ns:
                t0 = time.monotonic()
                env = {**os.environ, "PEER_DB": str(state / f"peer-{n}.sqlite3")}
                seed = run_json([str(PEER_PY), "peer.py", "seed", str(n)], env=env, cwd=PEER_DIR)
                measures = run_json(
                    [str(PEER_PY), "peer.py", "measure", str(n), "--runs", str(args.peer_runs)],
                    env=env,
                    cwd=PEER_DIR,
                )
                results["peer"][str(n)] = {"seed": seed, "measures": measures}
                phase_done(f"peer_n{n}", t0)

    # 4. Classifier.
    with guarded("classifier"):
        if "classifier" not in skip:
            t0 = time.monotonic()
            env = django_env(db_url(base, f"bench_n{ns[0]}"), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
            env["MKL_NUM_THREADS"] = "1"
            results["classifier"] = run_json([PY, "-m", "bench.measure_classifier"], env=env)
            phase_done("classifier", t0)

    # 5. Under load: wrk against gunicorn (2 sync workers), per N: the bare view, ours with anonymous hot reads,
    # ours without them (BOARD_ANON_CACHE_SECONDS=0: every request renders), then the peer's at --load-n.
    with guarded("load"):
        load_n = args.load_n
        if "load" not in skip and load_n in seeds:
            t0 = time.monotonic()
            load: dict = {
                "n": load_n,
                "tool": "wrk" if wrk.available() else "bench/loadgen.py",
                "connections": args.load_connections,
                "by_n": {},
                "peer": {},
            }
            for n in [load_n, *(x for x in SCALE_NS if x in seeds and x == max(SCALE_NS))]:
                load["by_n"][str(n)] = load_ours(n, seeds[n], args, state)
            # The figures issue 7 reported (ours under load at --load-n), kept under their old names.
            ours = load["by_n"][str(load_n)]
            load["ours"] = {name: ours["cached"][name] for name in ("api_first", "html_article")}
            if "peer" not in skip and str(load_n) in results["peer"]:
                load["peer"] = load_peer(load_n, args, state)
            results["load"] = load
            phase_done("load", t0)

    # 6. Posting to decision.
    with guarded("e2e"):
        if "e2e" not in skip and load_n in seeds:
            t0 = time.monotonic()
            env = django_env(db_url(base, f"bench_n{load_n}"))
            worker = Server(
                [
                    PY,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--concurrency",
                    "1",
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                    "--loglevel",
                    "WARNING",
                ],
                env=env,
                cwd=ROOT,
                log_path=state / "worker.log",
            )
            try:
                out = state / "e2e.json"
                # A first pass of warm-up posts only: the worker is up and has loaded its model before the
                # CPU counters are read, so start-up is not charged to the comments.
                run_json(
                    [
                        PY,
                        "-m",
                        "bench.measure_e2e",
                        "--seed-json",
                        json.dumps(seeds[load_n]),
                        "--comments",
                        "0",
                        "--out",
                        str(out),
                    ],
                    env=env,
                    out=out,
                )
                pg = postgres_pid()
                worker_before, db_before = cpu_seconds(worker.proc.pid), cpu_seconds(pg)
                results["e2e"] = run_json(
                    [
                        PY,
                        "-m",
                        "bench.measure_e2e",
                        "--seed-json",
                        json.dumps(seeds[load_n]),
                        "--comments",
                        str(args.e2e_comments),
                        "--out",
                        str(out),
                    ],
                    env=env,
                    out=out,
                )
                # Per screening (the warm-up posts included): the worker's CPU (main process and its
                # pool child) and PostgreSQL's for the whole flow (post, screening, polls).
                screened = results["e2e"]["decided"] + results["e2e"].get("warm_up", 0)
                worker_used = cpu_seconds(worker.proc.pid) - worker_before
                results["e2e"]["worker_cpu_ms_per_comment"] = round(worker_used * 1000 / max(1, screened), 3)
                results["e2e"]["postgres_cpu_ms_per_comment"] = round(
                    (cpu_seconds(pg) - db_before) * 1000 / max(1, screened), 3
                )
                # Each worker process's resident memory after screening, encoder and model loaded.
                sizes = memory_mb(worker.proc.pid)
                results["e2e"]["worker_memory_mb"] = sizes
                results["e2e"]["worker_memory_max_mb"] = max(sizes.values(), default=0.0)
            finally:
                worker.stop()
            phase_done("e2e", t0)

    results["machine"]["loadavg_end"] = loadavg()
    if errors:
        results["errors"] = errors
    results["phases"] = phases
    results["total_seconds"] = round(time.monotonic() - started, 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(args.out + ".tmp")
    tmp.write_text(json.dumps(results, indent=1, sort_keys=False) + "\n")
    tmp.replace(args.out)
    log(f"wrote {args.out} in {results['total_seconds']} s")
    if not args.no_report:
        subprocess.run([PY, str(ROOT / "bench" / "report.py"), args.out], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
