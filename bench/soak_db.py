"""The soak's database side: the readers it signs in as, and the checks after the run. Prints JSON.

    DJANGO_SETTINGS_MODULE=bench.soak_settings DATABASE_URL=... python -m bench.soak_db setup --users 60
    ... python -m bench.soak_db check --records DIR --since 2026-12-01T10:00:00+00:00

``setup`` runs after ``bench.seed_board`` (one article with the benchmark's thread): readers made through
the services (the starting grant, then enough points to tip all run long), trusted so that screening
treats their posts as an established reader's, each with an API token; two more articles to repost.

``check`` reads the clients' records (``bench/soak_traffic.py``) and the database:

- every write answered 200/201 is there (comments and replies by the marker in their text, likes,
  reposts, reports by reader and target, rewards by Idempotency-Key), so ``lost`` is 0;
- a write answered 5xx or not at all was applied whole or not at all: it is counted as applied or not,
  and the invariants below (counters, ledger pairs, screening requests) catch anything half written;
- each Idempotency-Key has at most one reward, with two ledger entries, and every replay answered the
  same reward;
- counters equal their rows and the ledger balances (``counters_drift``, ``ledger_drift``); every
  accepted comment and quote screened once (``screening_integrity`` since the start of the run).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.soak_settings")

MARKER = re.compile(r"\(soak (p\d+t\d+n\d+)\)")
# Points each reader gets on top of the starting grant: far more than a run can tip (4 % of requests,
# at most 5 points each), so no reward is refused for want of points.
READER_POINTS = 1_000_000
# Comments the readers report: a fixed few, so reports hide a handful of comments and not the thread.
REPORT_TARGETS = 40


def setup(users: int) -> dict:
    django.setup()
    from rest_framework.authtoken.models import Token

    from board import services
    from board.models import Article, Comment
    from moderation.services import user_trust_set

    article = Article.objects.get(slug="bench-article")
    staff = article.author
    extra = [
        services.article_publish(
            author=staff, title=f"Soak article {n}", body="An article to repost.", slug=f"soak-article-{n}"
        )
        for n in (1, 2)
    ]
    readers = []
    for n in range(users):
        user = services.user_create(
            email=f"soak{n:03d}@example.com", password=None, display_name=f"soak reader {n:03d}"
        )
        user_trust_set(user=user, trust_level=2, actor_label="soak")
        services.ledger_grant(user=user, amount=READER_POINTS)
        token, _ = Token.objects.get_or_create(user=user)
        readers.append({"id": user.pk, "token": token.key})
    ids = list(Comment.objects.filter(article=article).order_by("pk").values_list("pk", flat=True))
    reported, acted_on = ids[-REPORT_TARGETS:], ids[:-REPORT_TARGETS]
    return {
        "article_id": article.pk,
        "article_slug": article.slug,
        "article_ids": [article.pk, *(a.pk for a in extra)],
        "comment_ids": acted_on,
        "report_ids": reported,
        "users": readers,
    }


def _records(directory: Path):
    for path in sorted(directory.glob("requests-*.jsonl")):
        with path.open() as fh:
            for line in fh:
                yield json.loads(line)


def _answered(record: dict) -> bool:
    return record["err"] is None and record["status"] in (200, 201)


def _failed(record: dict) -> bool:
    return record["err"] is not None or record["status"] >= 500


def check(records_dir: Path, since: str) -> dict:
    django.setup()
    from django.utils.dateparse import parse_datetime

    from board.counters import counters_drift, ledger_drift
    from board.models import Comment, CommentLike, LedgerEntry, Repost, Reward
    from moderation.models import Report
    from moderation.selectors import screening_integrity

    started = parse_datetime(since)
    writes: dict[str, list] = defaultdict(list)
    for record in _records(records_dir):
        if not record["op"].startswith("read_"):
            writes[record["op"]].append(record)
    users = {u["id"] for u in json.loads((records_dir / "plan.json").read_text())["users"]}
    plan_users = json.loads((records_dir / "plan.json").read_text())["users"]

    def uid(record) -> int:
        return plan_users[record["u"]]["id"]

    out: dict = {}

    # Comments and replies: by marker.
    stored = {}
    for pk, body in Comment.objects.filter(created_at__gte=started, author_id__in=users).values_list(
        "pk", "body"
    ):
        match = MARKER.search(body)
        if match:
            stored.setdefault(match.group(1), []).append(pk)
    for op in ("comment", "reply"):
        rows = writes[op]
        ok = [r for r in rows if _answered(r)]
        failed = [r for r in rows if _failed(r)]
        out[op] = {
            "sent": len(rows),
            "answered_2xx": len(ok),
            "lost": sum(1 for r in ok if r["id"] not in stored.get(r["marker"], [])),
            "doubled": sum(1 for r in rows if len(stored.get(r["marker"], [])) > 1),
            "failed": len(failed),
            "failed_but_applied": sum(1 for r in failed if r["marker"] in stored),
        }

    def pairs(model, user_field: str, target_field: str, op: str, target_key: str = "target") -> dict:
        rows = writes[op]
        have = set(model.objects.filter(**{f"{user_field}__in": users}).values_list(user_field, target_field))
        ok = [r for r in rows if _answered(r)]
        failed = [r for r in rows if _failed(r)]
        return {
            "sent": len(rows),
            "answered_2xx": len(ok),
            "lost": sum(1 for r in ok if (uid(r), r[target_key]) not in have),
            "failed": len(failed),
            "failed_but_applied": sum(1 for r in failed if (uid(r), r[target_key]) in have),
        }

    out["like"] = pairs(CommentLike, "user_id", "comment_id", "like")
    out["repost"] = pairs(Repost, "user_id", "article_id", "repost")
    out["report"] = pairs(Report, "reader_id", "comment_id", "report")

    # Rewards: by Idempotency-Key; every answer to one key names the same reward.
    by_key: dict[str, list] = defaultdict(list)
    for record in writes["reward"]:
        by_key[record["key"]].append(record)
    rewards: dict[str, list] = defaultdict(list)
    for key, pk, giver, comment, points in Reward.objects.filter(giver_id__in=users).values_list(
        "idempotency_key", "pk", "giver_id", "comment_id", "points"
    ):
        rewards[key].append((pk, giver, comment, points))
    entries = defaultdict(int)
    for reward_id in LedgerEntry.objects.filter(reward__giver_id__in=users).values_list(
        "reward_id", flat=True
    ):
        entries[reward_id] += 1
    answered_keys = [k for k, rs in by_key.items() if any(_answered(r) for r in rs)]
    out["reward"] = {
        "keys": len(by_key),
        "requests": len(writes["reward"]),
        "replays": sum(1 for r in writes["reward"] if r["attempt"] > 0),
        "replays_answered_200": sum(1 for r in writes["reward"] if r["attempt"] > 0 and r["status"] == 200),
        "answered_2xx": len(answered_keys),
        "lost": sum(1 for k in answered_keys if not rewards.get(k)),
        "applied_twice": sum(1 for k in by_key if len(rewards.get(k, [])) > 1),
        "replay_answered_another_reward": sum(
            1
            for k, rs in by_key.items()
            if len({r["id"] for r in rs if _answered(r) and "id" in r} | {p for p, *_ in rewards.get(k, [])})
            > 1
        ),
        "wrong_target_or_points": sum(
            1
            for k, rs in by_key.items()
            for pk, giver, comment, points in rewards.get(k, [])
            if (giver, comment, points) != (uid(rs[0]), rs[0]["target"], rs[0]["points"])
        ),
        "never_answered": sum(1 for k, rs in by_key.items() if not any(_answered(r) for r in rs)),
        "never_answered_but_applied": sum(
            1 for k, rs in by_key.items() if not any(_answered(r) for r in rs) and rewards.get(k)
        ),
        "unknown_keys_in_database": sum(1 for k in rewards if k not in by_key),
        "ledger_entries_not_two": sum(1 for rs in rewards.values() for pk, *_ in rs if entries[pk] != 2),
    }
    counters = counters_drift()
    ledger = ledger_drift()
    screening = screening_integrity(since=started)
    lost = sum(v.get("lost", 0) for v in out.values())
    out["counters_drift"] = counters
    out["ledger_drift"] = ledger
    out["screening"] = screening
    out["summary"] = {
        "writes_answered_2xx": sum(v.get("answered_2xx", 0) for v in out.values() if isinstance(v, dict)),
        "lost": lost,
        "doubled": sum(out[op]["doubled"] for op in ("comment", "reply")) + out["reward"]["applied_twice"],
        "counter_drift": sum(counters.values()) + sum(ledger.values()),
        "screening_problems": sum(v for k, v in screening.items() if k not in ("failed",)),
        "screening_failed": screening["failed"],
        "replay_mismatch": out["reward"]["replay_answered_another_reward"]
        + out["reward"]["wrong_target_or_points"]
        + out["reward"]["ledger_entries_not_two"],
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_setup = sub.add_parser("setup")
    p_setup.add_argument("--users", type=int, default=60)
    p_check = sub.add_parser("check")
    p_check.add_argument("--records", required=True)
    p_check.add_argument("--since", required=True)
    args = parser.parse_args()
    result = setup(args.users) if args.command == "setup" else check(Path(args.records), args.since)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
