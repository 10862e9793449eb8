"""Posting-to-decision latency with a real Redis broker and one Celery worker. Prints JSON.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... REDIS_URL=... \
        .venv/bin/python -m bench.measure_e2e --seed-json '...' --comments 500

A worker (``celery -A config worker --concurrency 1``) must be running on the same database and broker;
``bench/run.py`` starts and stops it. Each comment is posted through the API (Django's test client,
established readers taking turns, so screening applies its normal policy), then the comment's
``moderation_state`` is polled every ``POLL_SECONDS`` until it leaves ``pending``; the latency is from
just before the POST to the poll that saw the decision. Comments go one after another, so this is the
latency of an idle pipeline, not of a backlog. Texts are distinct (the duplicate detector would
otherwise hold them) and mostly ordinary, with some spam and advice from the moderation corpus mixed
in so that every branch of the decision runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.002
# A decision later than this counts as missing (the worker is down or the task was lost).
DECISION_TIMEOUT_SECONDS = 15.0
# Warm-up posts (not counted); the first waits for the worker to start and load the model.
WARM_UP = 3
# Posting readers, in turn (the seeded pool has 200).
READERS = 100
WORKER_START_TIMEOUT = 90.0


def texts(count: int) -> list[str]:
    from bench.tree import build_tree

    corpus = ROOT / "moderation" / "corpus" / "corpus.jsonl"
    flagged: list[str] = []
    if corpus.exists():
        with corpus.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        flagged = [r["text"] for r in rows if r.get("spam") or r.get("financial_advice")]
    ordinary = [c.body for c in build_tree(count).comments]
    out = []
    for i in range(count):
        # One in ten is a spam or advice text from the corpus (made unique by its number).
        if flagged and i % 10 == 9:
            out.append(f"{flagged[(i * 7919) % len(flagged)]} ({i})")
        else:
            out.append(f"{ordinary[i]} [{i}]")
    return out


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure(seed: dict, count: int) -> dict:
    django.setup()
    from django.test import Client

    from board.models import Comment, ModerationState, User

    # Readers take turns (as on a busy thread): one reader posting 500 times in a few minutes is a
    # flood, which the behaviour signals rightly hold, and that is not the path being timed here.
    readers = list(User.objects.filter(display_name__startswith="reader").order_by("display_name")[:READERS])
    clients = []
    for reader in readers:
        client = Client()
        client.force_login(reader)
        clients.append(client)
    client = clients[0]
    thread = f"/api/v1/articles/{seed['article_id']}/comments/"
    latencies: list[float] = []
    post_ms: list[float] = []
    outcomes: dict[str, int] = {}
    missing = 0

    def decided(comment_id: int, since: float, timeout: float) -> str:
        state = ModerationState.PENDING
        while time.perf_counter() - since < timeout:
            state = Comment.objects.filter(pk=comment_id).values_list("moderation_state", flat=True).first()
            if state != ModerationState.PENDING:
                break
            time.sleep(POLL_SECONDS)
        return state

    # Warm-up, not counted: waits for the worker to be up and to have loaded the model.
    for i in range(WARM_UP):
        response = client.post(thread, {"body": f"Warm-up comment {i}."}, content_type="application/json")
        if response.status_code != 201:
            raise RuntimeError(f"post answered {response.status_code}: {response.content[:300]!r}")
        if (
            decided(response.json()["id"], time.perf_counter(), WORKER_START_TIMEOUT)
            == ModerationState.PENDING
        ):
            raise RuntimeError("no decision within the warm-up timeout: is the worker running?")
    started_all = time.perf_counter()
    for i, text in enumerate(texts(count)):
        client = clients[i % len(clients)]
        started = time.perf_counter()
        response = client.post(thread, {"body": text}, content_type="application/json")
        posted = time.perf_counter()
        if response.status_code != 201:
            raise RuntimeError(f"post answered {response.status_code}: {response.content[:300]!r}")
        post_ms.append((posted - started) * 1000)
        state = decided(response.json()["id"], started, DECISION_TIMEOUT_SECONDS)
        if state == ModerationState.PENDING:
            missing += 1
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        outcomes[state] = outcomes.get(state, 0) + 1
    return {
        "comments": count,
        "decided": len(latencies),
        "missing": missing,
        "outcomes": outcomes,
        "p50_ms": round(_percentile(latencies, 50), 2) if latencies else None,
        "p95_ms": round(_percentile(latencies, 95), 2) if latencies else None,
        "p99_ms": round(_percentile(latencies, 99), 2) if latencies else None,
        "max_ms": round(max(latencies), 2) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 2) if latencies else None,
        "post_p50_ms": round(_percentile(post_ms, 50), 2) if post_ms else None,
        "seconds": round(time.perf_counter() - started_all, 2),
        "poll_ms": POLL_SECONDS * 1000,
        "worker_concurrency": 1,
        "warm_up": WARM_UP,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed-json", required=True)
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--out")
    args = parser.parse_args()
    result = json.dumps(measure(json.loads(args.seed_json), args.comments))
    if args.out:
        Path(args.out).write_text(result + "\n")
    else:
        sys.stdout.write(result + "\n")


if __name__ == "__main__":
    main()
