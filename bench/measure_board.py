"""In-process measures of our board on a seeded database (``bench/seed_board.py``). Prints JSON.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... .venv/bin/python -m bench.measure_board \
        --seed-json '{"n": 1000, "article_id": 1, ...}' [--runs 7]

Django's test client (no network), median wall time of ``--runs`` runs after one warm-up, and the SQL
of one more run (``CaptureQueriesContext``): ``queries`` are the statements that read or write rows,
``statements`` also counts BEGIN/COMMIT/SAVEPOINT/RELEASE. Measured:

- ``api_first_anon`` / ``api_first_user``: the first page of comments (20 top-level, newest first, each
  with its reply previews), anonymous and signed in;
- ``api_top_anon``: the first page ordered by likes;
- ``api_next_anon``: the page reached by following ``next`` five times;
- ``api_middle_anon``: the page that starts half-way down the thread (a cursor on the middle top-level
  comment) - the "continuation page deep in the thread" whose cost must not grow with N;
- ``api_max_page_anon``: the largest page a client may ask for (``page_size`` = the maximum), to show the
  per-response cap;
- ``api_replies_anon``: the first page of replies of the comment with the most replies;
- ``html_article_anon``: the article page (skipped, with a note, while the readers' pages do not exist);
- ``post_top`` / ``post_reply_deep``: posting through the API as a signed-in reader, top level and a reply
  at the depth cap (each run adds a comment; moderation is queued on commit as in production).

Also checks target 7: the anonymous page is byte-identical for two anonymous clients and carries no CSRF
token or per-reader field.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
# One per comment on the readers' pages (board/templates/board/_comment.html).
HTML_COMMENT = re.compile(rb'<li class="c(?: pinned)?" id="c\d+"')


# Statements that only open, close or nest a transaction: counted apart from queries (``statements`` has
# all of them), since they read or write no row and a caller's own transaction absorbs BEGIN/COMMIT.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def is_transaction_control(sql: str) -> bool:
    return sql.lstrip().upper().startswith(TRANSACTION_CONTROL)


def count_comments(payload) -> int:
    """Comments in an API payload: each item of ``results`` and, recursively, of its ``replies``."""
    if isinstance(payload, dict) and "results" in payload:
        items = payload["results"]
    elif isinstance(payload, list):
        items = payload
    else:
        items = [payload]
    total = 0
    stack = list(items)
    while stack:
        item = stack.pop()
        total += 1
        stack.extend(item.get("replies") or ())
    return total


def timed(fn, *, runs: int, count=None, expect=(200,)) -> dict:
    """Median wall ms of ``fn()`` over ``runs`` runs after a warm-up; queries and size of the last run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = fn()
    if response.status_code not in expect:
        raise RuntimeError(f"unexpected {response.status_code}: {response.content[:300]!r}")
    times = []
    cpu = []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = fn()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code not in expect:
            raise RuntimeError(f"unexpected {response.status_code}: {response.content[:300]!r}")
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    result = {
        "median_ms": round(statistics.median(times), 3),
        "min_ms": round(min(times), 3),
        # CPU time of this (web) process alone: not inflated by waiting for a busy CPU or the database.
        "cpu_ms": round(statistics.median(cpu), 3),
        "runs": runs,
        "queries": sum(1 for q in ctx.captured_queries if not is_transaction_control(q["sql"])),
        "statements": len(ctx.captured_queries),
        "offset_in_sql": any(" OFFSET " in q["sql"].upper() for q in ctx.captured_queries),
        "bytes": len(response.content),
    }
    if count is not None:
        result["comments"] = count(response)
    return result


def json_count(response) -> int:
    return count_comments(response.json())


def measure(seed: dict, runs: int) -> dict:
    django.setup()
    from django.test import Client
    from django.urls import Resolver404, resolve

    from board.models import Comment, User
    from board.pagination import encode_cursor
    from board.selectors import COMMENT_ORDERINGS

    n = seed["n"]
    article_id = seed["article_id"]
    anon = Client()
    user_client = Client()
    reader = User.objects.get(display_name="reader0001")
    user_client.force_login(reader)
    thread = f"/api/v1/articles/{article_id}/comments/"
    out: dict = {"n": n}

    out["api_first_anon"] = timed(lambda: anon.get(thread), runs=runs, count=json_count)
    out["api_first_user"] = timed(lambda: user_client.get(thread), runs=runs, count=json_count)
    out["api_top_anon"] = timed(lambda: anon.get(thread, {"ordering": "top"}), runs=runs, count=json_count)

    # Follow ``next`` five pages in (or as far as the thread goes).
    url, followed = thread, 0
    for _ in range(5):
        nxt = anon.get(url).json()["next"]
        if not nxt:
            break
        url, followed = nxt.split("testserver", 1)[-1], followed + 1
    out["api_next_anon"] = timed(lambda: anon.get(url), runs=runs, count=json_count)
    out["api_next_anon"]["pages_in"] = followed

    tops = Comment.objects.filter(article_id=article_id, parent__isnull=True, is_pinned=False)
    top_count = tops.count()
    middle = tops.order_by("-created_at", "-id")[top_count // 2]
    cursor = encode_cursor(COMMENT_ORDERINGS["newest"], middle)
    out["api_middle_anon"] = timed(lambda: anon.get(thread, {"cursor": cursor}), runs=runs, count=json_count)
    out["api_middle_anon"]["top_level_before"] = top_count // 2 + 1

    from django.conf import settings

    biggest = settings.BOARD_COMMENT_PAGE_SIZE_MAX
    out["api_max_page_anon"] = timed(
        lambda: anon.get(thread, {"page_size": biggest}), runs=runs, count=json_count
    )
    out["api_max_page_anon"]["page_size"] = biggest
    out["max_comments_per_response_setting"] = settings.BOARD_MAX_COMMENTS_PER_RESPONSE

    replies = f"/api/v1/comments/{seed['busiest_comment_id']}/replies/"
    out["api_replies_anon"] = timed(lambda: anon.get(replies), runs=runs, count=json_count)
    out["api_replies_anon"]["direct_replies"] = Comment.objects.get(pk=seed["busiest_comment_id"]).reply_count

    html = f"/articles/{seed['article_slug']}/"
    try:
        resolve(html)
        routed = True
    except Resolver404:
        routed = False
    if routed:

        def html_count(response):
            return len(HTML_COMMENT.findall(response.content))

        out["html_article_anon"] = timed(lambda: anon.get(html), runs=runs, count=html_count)
        out["html_article_user"] = timed(lambda: user_client.get(html), runs=runs, count=html_count)
    else:
        out["html_article_anon"] = {"skipped": f"{html} is not routed yet (the readers' pages are not built)"}

    # Target 7: one anonymous response for everyone.
    first = Client().get(thread)
    second = Client().get(thread)
    body = first.content
    out["anonymous_cacheable"] = {
        "identical_for_two_anonymous_clients": body == second.content,
        "csrf_token_in_body": b"csrfmiddlewaretoken" in body or b"csrftoken" in body,
        "per_reader_field_set": b'"viewer":{' in body.replace(b" ", b""),
        "sets_cookie": bool(first.cookies),
        "vary": first.headers.get("Vary", ""),
    }

    counter = iter(range(10**6))

    def post(parent_id: int | None):
        def go():
            data = {"body": f"Bench post {next(counter)}: rates and yields look stretched here."}
            if parent_id is not None:
                data["parent"] = parent_id
            return user_client.post(thread, data, content_type="application/json")

        return go

    out["post_top"] = timed(post(None), runs=runs, expect=(201,))
    deep = Comment.objects.get(pk=seed["deep_comment_id"])
    out["post_reply_deep"] = timed(post(deep.pk), runs=runs, expect=(201,))
    out["post_reply_deep"]["parent_depth"] = deep.depth
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed-json", required=True, help="the JSON line printed by bench.seed_board")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", help="write the JSON here (request logs go to stdout)")
    args = parser.parse_args()
    result = json.dumps(measure(json.loads(args.seed_json), args.runs))
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(result + "\n")
    else:
        sys.stdout.write(result + "\n")


if __name__ == "__main__":
    main()
