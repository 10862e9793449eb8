"""A small, bounded HTTP load generator for loopback servers: standard library only, its own processes.

    python bench/loadgen.py --url http://127.0.0.1:8123/api/v1/articles/1/comments/ \
        --seconds 10 --clients 4 --max-requests 50000 --count json|html-xtd|html-board

Each client process sends GET requests one after another (a new connection each time, as gunicorn's
sync workers close them) until ``--seconds`` have passed or the processes together reach
``--max-requests``; then it stops by itself. Only loopback addresses are accepted. Prints one JSON object:
requests/s, comments delivered/s (comments in one response, counted once, times requests/s), latency
p50/p90/p99/max in ms, errors.

Used instead of locust to keep the measuring side light on a 2-core machine (a locust process costs
more CPU per request than this loop) and to avoid its monkey-patching altogether.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import multiprocessing as mp
import re
import statistics
import sys
import time
import urllib.parse

# A request without an answer within this many seconds counts as an error (xtd's whole-thread pages take
# seconds each under load).
REQUEST_TIMEOUT = 60.0


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def count_comments(body: bytes, kind: str) -> int:
    if kind == "json":
        payload = json.loads(body)
        items = payload["results"] if isinstance(payload, dict) and "results" in payload else payload
        total, stack = 0, list(items)
        while stack:
            item = stack.pop()
            total += 1
            if isinstance(item, dict):
                stack.extend(item.get("replies") or ())
        return total
    if kind == "html-xtd":
        return len(re.findall(rb'<div id="c\d+" class="comment', body))
    if kind == "html-board":  # board/templates/board/_comment.html: one <li class="c" id="c<pk>"> each
        return len(re.findall(rb'<li class="c(?: pinned)?" id="c\d+"', body))
    raise ValueError(kind)


def _client(url: str, deadline: float, budget, out_queue) -> None:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = 0
    statuses: dict[int, int] = {}
    while time.monotonic() < deadline:
        with budget.get_lock():
            if budget.value <= 0:
                break
            budget.value -= 1
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT)
            conn.request("GET", path, headers={"Accept": "application/json, text/html"})
            response = conn.getresponse()
            response.read()
            conn.close()
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status != 200:
                errors += 1
                continue
        except OSError:
            errors += 1
            continue
        latencies.append((time.perf_counter() - started) * 1000)
    out_queue.put({"latencies": latencies, "errors": errors, "statuses": statuses})


def _percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def run(url: str, *, seconds: float, clients: int, max_requests: int, count: str) -> dict:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not _loopback(parts.hostname or ""):
        raise SystemExit(f"loadgen: only http on loopback addresses, not {url!r}")
    # One request first: the comments a response carries (the page is the same for every anonymous
    # reader, so it is counted once), and a check that the URL answers at all.
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"loadgen: {url} answered {response.status}")
    per_response = count_comments(body, count)

    ctx = mp.get_context("fork")
    budget = ctx.Value("q", max_requests)
    queue = ctx.Queue()
    started = time.monotonic()
    deadline = started + seconds
    procs = [ctx.Process(target=_client, args=(url, deadline, budget, queue)) for _ in range(clients)]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=seconds + REQUEST_TIMEOUT + 30) for _ in procs]
    for proc in procs:
        proc.join(timeout=10)
    elapsed = time.monotonic() - started
    latencies = sorted(x for r in results for x in r["latencies"])
    errors = sum(r["errors"] for r in results)
    statuses: dict[str, int] = {}
    for r in results:
        for code, number in r["statuses"].items():
            statuses[str(code)] = statuses.get(str(code), 0) + number
    ok = len(latencies)
    rps = ok / elapsed if elapsed else 0.0
    return {
        "url_path": parts.path + (f"?{parts.query}" if parts.query else ""),
        "seconds": round(elapsed, 2),
        "clients": clients,
        "requests": ok,
        "errors": errors,
        "statuses": statuses,
        "requests_per_s": round(rps, 1),
        "comments_per_response": per_response,
        "comments_per_s": round(rps * per_response, 1),
        "bytes_per_response": len(body),
        "p50_ms": round(_percentile(latencies, 50), 2),
        "p90_ms": round(_percentile(latencies, 90), 2),
        "p99_ms": round(_percentile(latencies, 99), 2),
        "max_ms": round(latencies[-1], 2) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 2) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--count", choices=["json", "html-xtd", "html-board"], default="json")
    args = parser.parse_args()
    if not 0 < args.seconds <= 120 or not 0 < args.clients <= 32:
        raise SystemExit("loadgen: 0 < seconds <= 120 and 0 < clients <= 32")
    result = run(
        args.url, seconds=args.seconds, clients=args.clients, max_requests=args.max_requests, count=args.count
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
