"""The soak's clients: mixed reads and writes at a fixed rate, every request recorded. Standard library only.

    python bench/soak_traffic.py --plan plan.json --rate 60 --seconds 600 --out DIR

``plan.json`` (written by ``bench/soak.py``) names the server, the article, the comments to act on and the
readers with their API tokens. ``--procs`` processes of ``--threads`` threads each; every thread paces
itself to its share of ``--rate`` (a late thread sends at once, so a slow server gets no more than the
clients can send, and a fault shows as fewer answers, not a burst after). Each process writes one JSON
line per request to ``DIR/requests-<n>.jsonl``: start time, milliseconds, operation, status (0 for no
answer), ``err`` (``timeout`` past ``--timeout``, ``conn`` for a refused or reset connection), whether a
``Retry-After`` came with it, and for writes what ``bench/soak_checks.py`` needs to find them in the
database (a marker in the text, the ids, the reward's Idempotency-Key).

Rewards behave as a mobile app's: on a timeout, a lost connection or a 5xx they are sent again with the
same Idempotency-Key (after ``Retry-After`` when given, at most ``REWARD_TRIES`` times), and a few answered
ones are sent again as if their answer had been lost, so the replay path runs even without a fault.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import ipaddress
import json
import multiprocessing as mp
import random
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

# The mix (issue 17): reads about 80 %, the rest writes. Weights, not percentages: they are normalised.
MIX = {
    "read_thread_anon": 30,
    "read_thread_user": 25,
    "read_replies_anon": 10,
    "read_article_user": 5,
    "read_feed_anon": 5,
    "read_page_anon": 5,
    "comment": 4,
    "reply": 3,
    "like": 5,
    "repost": 2,
    "reward": 4,
    "report": 2,
}
REWARD_TRIES = 4
# Share of answered rewards sent once more, as when an app loses the answer and retries.
REWARD_LOST_ANSWER_SHARE = 0.05
# Longest wait a client honours from Retry-After before it tries again.
RETRY_AFTER_CAP_SECONDS = 5.0
SENTENCES = (
    "Margins held up better than the guidance suggested.",
    "The bond market is pricing two cuts, which looks optimistic to me.",
    "Freight volumes are the number to watch this quarter.",
    "Their capex plan reads as defensive rather than ambitious.",
    "Funny how the same desk called the opposite move last month.",
    "Inventory days are up again; that usually shows in the next report.",
    "Currency effects explain most of the revenue miss.",
    "The buyback is smaller than last year, which says something.",
)


def _loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Client:
    """One thread's requests: a new connection each time (gunicorn's sync workers close them)."""

    def __init__(self, plan: dict, timeout: float, records: list, lock: threading.Lock, rng: random.Random):
        parts = urllib.parse.urlsplit(plan["base_url"])
        self.host, self.port = parts.hostname, parts.port
        self.plan, self.timeout, self.records, self.lock, self.rng = plan, timeout, records, lock, rng

    def send(self, op: str, method: str, path: str, *, user: int | None, body=None, headers=None, **info):
        request_headers = {"Accept": "application/json, text/html", **(headers or {})}
        if user is not None:
            request_headers["Authorization"] = f"Token {self.plan['users'][user]['token']}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            request_headers["Content-Type"] = "application/json"
        started, t0 = time.time(), time.perf_counter()
        status, err, retry_after, data = 0, None, None, None
        try:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            conn.request(method, path, body=payload, headers=request_headers)
            response = conn.getresponse()
            raw = response.read()
            conn.close()
            status, retry_after = response.status, response.getheader("Retry-After")
            if response.getheader("Content-Type", "").startswith("application/json") and method != "GET":
                try:
                    data = json.loads(raw)
                except ValueError:
                    data = None
        except TimeoutError:
            err = "timeout"
        except (OSError, http.client.HTTPException):
            err = "conn"
        record = {
            "t": round(started, 4),
            "ms": round((time.perf_counter() - t0) * 1000, 2),
            "op": op,
            "status": status,
            "err": err,
            "ra": retry_after,
            "u": user,
            **info,
        }
        if isinstance(data, dict) and "id" in data:
            record["id"] = data["id"]
        with self.lock:
            self.records.append(record)
        return record, data

    # ------------------------------------------------------------------ operations
    def run(self, op: str, marker: str) -> None:
        plan, rng = self.plan, self.rng
        article = plan["article_id"]
        user = rng.randrange(len(plan["users"]))
        if op == "read_thread_anon":
            self.send(op, "GET", f"/api/v1/articles/{article}/comments/", user=None)
        elif op == "read_thread_user":
            self.send(op, "GET", f"/api/v1/articles/{article}/comments/", user=user)
        elif op == "read_replies_anon":
            self.send(op, "GET", f"/api/v1/comments/{rng.choice(plan['comment_ids'])}/replies/", user=None)
        elif op == "read_article_user":
            self.send(op, "GET", f"/api/v1/articles/{rng.choice(plan['article_ids'])}/", user=user)
        elif op == "read_feed_anon":
            self.send(op, "GET", "/api/v1/articles/", user=None)
        elif op == "read_page_anon":
            self.send(op, "GET", f"/articles/{plan['article_slug']}/", user=None)
        elif op in ("comment", "reply"):
            body = {"body": f"{rng.choice(SENTENCES)} (soak {marker})"}
            if op == "reply":
                body["parent"] = rng.choice(plan["comment_ids"])
            self.send(
                op, "POST", f"/api/v1/articles/{article}/comments/", user=user, body=body, marker=marker
            )
        elif op == "like":
            comment = rng.choice(plan["comment_ids"])
            self.send(op, "POST", f"/api/v1/comments/{comment}/like/", user=user, target=comment)
        elif op == "repost":
            target = rng.choice(plan["article_ids"])
            quote = f"{rng.choice(SENTENCES)} (soak {marker})"
            self.send(
                op,
                "POST",
                f"/api/v1/articles/{target}/repost/",
                user=user,
                body={"quote": quote},
                target=target,
            )
        elif op == "report":
            comment = rng.choice(plan["report_ids"])
            body = {"reason": rng.choice(["spam", "abuse", "other"])}
            self.send(op, "POST", f"/api/v1/comments/{comment}/report/", user=user, body=body, target=comment)
        elif op == "reward":
            self.reward(user)
        else:
            raise ValueError(op)

    def reward(self, user: int) -> None:
        comment = self.rng.choice(self.plan["comment_ids"])
        key, points = str(uuid.uuid4()), self.rng.randint(1, 5)
        for attempt in range(REWARD_TRIES):
            record, _ = self.send(
                "reward",
                "POST",
                f"/api/v1/comments/{comment}/rewards/",
                user=user,
                body={"points": points},
                headers={"Idempotency-Key": key},
                key=key,
                target=comment,
                points=points,
                attempt=attempt,
            )
            if record["err"] is None and record["status"] < 500:
                if attempt == 0 and record["status"] == 201 and self.rng.random() < REWARD_LOST_ANSWER_SHARE:
                    continue  # the answer "was lost": the app sends it again
                return
            wait = 1.0
            if record["ra"]:
                with contextlib.suppress(ValueError):
                    wait = min(RETRY_AFTER_CAP_SECONDS, float(record["ra"]))
            time.sleep(wait)


def _process(index: int, plan: dict, args, out_dir: Path) -> None:
    records: list = []
    lock = threading.Lock()
    weights = list(MIX.values())
    ops = list(MIX)
    per_thread = args.rate / (args.procs * args.threads)
    deadline = time.time() + args.seconds

    def thread_main(number: int) -> None:
        rng = random.Random(f"{args.seed}-{index}-{number}")
        client = Client(plan, args.timeout, records, lock, rng)
        next_at, sent = time.time() + rng.random() / per_thread, 0
        while True:
            now = time.time()
            if next_at > now:
                time.sleep(next_at - now)
            if time.time() >= deadline:
                return
            sent += 1
            client.run(rng.choices(ops, weights)[0], f"p{index}t{number}n{sent}")
            # Exponential gaps: arrivals as independent as readers are, at the thread's mean rate.
            next_at = max(next_at + rng.expovariate(per_thread), time.time() - 1.0)

    threads = [threading.Thread(target=thread_main, args=(n,), daemon=True) for n in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + args.timeout * (REWARD_TRIES + 1) + 30)
    with lock, (out_dir / f"requests-{index}.jsonl").open("w") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", required=True)
    parser.add_argument("--rate", type=float, required=True, help="requests per second, all clients")
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument("--timeout", type=float, default=10.0, help="a request unanswered after this is hung")
    parser.add_argument("--seed", default="soak")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    plan = json.loads(Path(args.plan).read_text())
    host = urllib.parse.urlsplit(plan["base_url"]).hostname or ""
    if not _loopback(host):
        raise SystemExit(f"soak_traffic: loopback servers only, not {host!r}")
    if not (0 < args.rate <= 1000 and 0 < args.seconds <= 3600 and 0 < args.procs * args.threads <= 256):
        raise SystemExit("soak_traffic: 0 < rate <= 1000, 0 < seconds <= 3600, at most 256 clients")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_process, args=(n, plan, args, out_dir)) for n in range(args.procs)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    bad = [proc.exitcode for proc in procs if proc.exitcode]
    if bad:
        raise SystemExit(f"soak_traffic: client processes failed: {bad}")


if __name__ == "__main__":
    main()
