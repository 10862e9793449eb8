"""``wrk`` (the Debian package), the native load generator: it drives a loopback server from 2 threads at a
fraction of the CPU the Python load generator (``bench/loadgen.py``) needs per request, so on a 2-core
machine the server keeps most of the CPU. A Lua ``done`` hook prints the summary as JSON.

    python bench/wrk.py --url http://127.0.0.1:8123/bench/bare/ --seconds 10 --connections 16
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

# Requests slower than this count as timeouts (the peer's whole-thread pages take seconds each under load).
TIMEOUT_SECONDS = 60
THREADS = 2

SUMMARY_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def run(url: str, *, seconds: float, connections: int, threads: int = THREADS) -> dict:
    """One bounded run against a loopback ``url``: requests/s, latency percentiles (ms) and errors."""
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"loopback only, not {host}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(SUMMARY_SCRIPT)
    try:
        cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s"]
        cmd += ["--timeout", f"{TIMEOUT_SECONDS}s", "-s", script.name, url]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 120)
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next(line for line in reversed(proc.stdout.splitlines()) if line.startswith("{"))
    raw = json.loads(line)
    duration = raw["duration_us"] / 1e6
    errors = sum(raw[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "tool": "wrk",
        "threads": threads,
        "connections": connections,
        "seconds": round(duration, 2),
        "requests": raw["requests"],
        "requests_per_s": round(raw["requests"] / duration, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        # Non-2xx/3xx answers and socket errors, apart: both must be 0 for a run to count.
        "status_errors": raw["status_errors"],
        "socket_errors": errors,
        "bytes_per_response": round(raw["bytes"] / max(1, raw["requests"])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    print(json.dumps(run(args.url, seconds=args.seconds, connections=args.connections)))


if __name__ == "__main__":
    main()
