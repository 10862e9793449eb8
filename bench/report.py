"""Write ``docs/performance.md``, ``docs/performance-latency.png`` and ``docs/performance-throughput.png``
from the benchmark's JSON.

    .venv/bin/python bench/report.py [bench/results/latest.json]

Every figure in the document comes from the JSON; nothing is measured here. Each target of issue 7 is
checked and marked pass or miss, with by how much; for a miss the known cause is given (``CAUSES``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
PLOT = ROOT / "docs" / "performance-latency.png"
THROUGHPUT_PLOT = ROOT / "docs" / "performance-throughput.png"

# Why a target misses, when it does: written from reading the code and the SQL each measure captured.
# Kept beside the checks so the regenerated document explains itself; update when the cause is fixed.
CAUSES = {
    "flat": (
        "The SQL did not grow with N: the page makes the same queries at every N (target 1), top-level "
        "comments come from the partial indexes `comment_top_level_time_idx` / `comment_top_level_top_idx`, "
        "and `board.pagination.KeysetOrdering.after` bounds a continuation page's index scan at the cursor "
        "(they took these pages from 1,095 ms and 483 ms to under 1 ms at N=1,000,000 when they landed). "
        "Compare the web process's own CPU per request (the figures above and the CPU table below): time that "
        "grows there for a page no larger is the shared machine (two cores with PostgreSQL, measured right "
        "after the bulk load of the largest N), not the code; a rerun tells which."
    ),
    "classifier": (
        "Most of the per-comment cost is the second opinion (multilingual-e5-small, about 40 ms for each "
        "text it reads; see the share below): it is what took test advice F1 from 0.864 to 0.889 and honest "
        "comments touched from 8.1% to 4.7%. Without it the pipeline ran 438/s, its cost then in the "
        "Python work after the model (rule regexes, link and content signals) and the n-gram analysis. A "
        "narrower band trades quality for speed (docs/moderation-policy.md has the measured table)."
    ),
    "e2e": (
        "With one worker the decision waits for the screening task, whose run time (see the worker log) is "
        "dominated by the classifier and the near-duplicate scan of recent texts; the benchmark's "
        "comments are drawn from one small vocabulary, so the SimHash scan finds many near neighbours."
    ),
    "first_vs_peer_page": (
        "Our page carries the reply previews of 20 threads (up to 3 levels of 3 replies) and does a "
        "window-function query per preview level; xtd's page is 20 flat rows."
    ),
    "posting": (
        "Since issue 16 the benchmark's cache is Redis, as in production (it was the local-memory cache): a "
        "post's rate limits (the API's and the trust tiers') and the cache-version bumps are now round trips "
        "to Redis, about 8 ms more per post at N=1,000 (28.6 ms with Redis, 20.2 ms with the local cache, "
        "measured one after the other). Earlier profile, at N=10,000 (18 ms of web CPU per post): the largest single cost is fetching the article "
        "with the readers' queryset (`access.article_get_visible` -> `selectors.article_queryset`: author "
        "and disclaimer joined, body and body_html loaded, three `Exists` annotations for the viewer), about "
        "6 ms of ORM compilation and 11 ms wall for a row the post only needs the id and state of; then the "
        "session and user lookups (2 queries), the insert, the counter updates and the screening row, and "
        "the on-commit enqueue to Redis, a round trip xtd does not have. xtd's top-level post is 14 queries "
        "on a local SQLite file, with no broker. A lean article fetch for writes (`only()` the columns the "
        "checks need, no annotations) is the first fix."
    ),
    "bulk": (
        "A whole-thread dump spreads each request's fixed cost (middleware, session, DRF, logging) over a "
        "thousand comments, while our page carries 20 (the newest top-level comments of this tree have no "
        "replies yet, so no previews). To deliver 3x the comments per second of a bulk dump, the fixed cost "
        "per page has to fall, or the anonymous first page has to be served from a cache (target 7 makes "
        "it cacheable: a response cached for one second serves every anonymous reader of a hot thread "
        "without running the view)."
    ),
}


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def ms(value) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def ratio(value) -> str:
    return "-" if value is None else f"{value:.2f}x"


def get(d: dict, *path, default=None):
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return default
        d = d[key]
    return d


def _per_comment_cpu(ours: dict, theirs: dict) -> str:
    """Server CPU per comment delivered, ours and the peer's, when the load run measured it."""
    a, b = ours.get("server_cpu_ms_per_request"), theirs.get("server_cpu_ms_per_request")
    if not a or not b:
        return ""
    pa, pb = a / ours["comments_per_response"], b / theirs["comments_per_response"]
    return (
        f"Server CPU per comment delivered: ours {a:.1f} ms / {ours['comments_per_response']} = {pa:.2f} ms, "
        f"xtd's {b:,.0f} ms / {theirs['comments_per_response']} = {pb:.2f} ms ({pb / pa:.1f}x)."
    )


def check_rows(r: dict) -> tuple[list[list[str]], list[str]]:
    """Rows of the targets table and the notes on misses."""
    rows: list[list[str]] = []
    misses: list[str] = []
    ours, peer = r.get("ours", {}), r.get("peer", {})
    ns = sorted(int(n) for n in ours)

    explained: set[str] = set()

    def row(name, our, their, rat, target, ok, detail_if_miss=None, cause=None):
        mark = "pass" if ok else ("miss" if ok is False else "n/a")
        rows.append([name, our, their, rat, target, mark])
        if ok is False:
            why = ""
            if cause and cause not in explained:  # each cause is told once
                why = CAUSES.get(cause, "")
                explained.add(cause)
            misses.append(f"**{name}**: {detail_if_miss or ''} {why}".strip())

    # Target 1: query counts, page size cap, keyset.
    for key, label, bound in (
        ("api_first_anon", "API first page, anonymous", 8),
        ("api_first_user", "API first page, signed in", 10),
        ("api_middle_anon", "API continuation page (middle of the thread), anonymous", 8),
        ("api_next_anon", "API page 6 (followed `next`), anonymous", 8),
        ("api_replies_anon", "API replies of the busiest comment, anonymous", 8),
        ("html_article_anon", "HTML article page, anonymous", 8),
        ("html_article_user", "HTML article page, signed in", 10),
    ):
        counts = {n: get(ours, str(n), "measures", key, "queries") for n in ns}
        counts = {n: q for n, q in counts.items() if q is not None}
        if not counts:
            skipped = get(ours, str(ns[0]), "measures", key, "skipped") if ns else None
            row(f"1. queries: {label}", "not measured", "-", "-", f"<= {bound}", None)
            if skipped:
                misses.append(f"**1. {label}**: not measured - {skipped}.")
            continue
        worst = max(counts.values())
        spread = ", ".join(f"{q}" for q in counts.values())
        row(
            f"1. queries: {label}",
            f"{worst} (at N = {', '.join(f'{n:,}' for n in counts)}: {spread})",
            "-",
            "-",
            f"<= {bound} at every N",
            worst <= bound,
            f"{worst} queries, {worst - bound} over the bound.",
        )
    largest = 0
    offset = False
    for n in ns:
        for m in get(ours, str(n), "measures", default={}).values():
            if isinstance(m, dict):
                largest = max(largest, m.get("comments", 0) or 0)
                offset = offset or bool(m.get("offset_in_sql"))
    cap = get(ours, str(ns[0]), "measures", "max_comments_per_response_setting") if ns else None
    row(
        "1. most comments in any response (incl. page_size = max)",
        f"{largest}",
        "-",
        "-",
        "<= 500",
        largest <= 500,
        f"{largest} comments in one response (cap setting {cap}).",
    )
    row(
        "1. keyset pagination (no OFFSET in any page's SQL)",
        "no OFFSET" if not offset else "OFFSET seen",
        "-",
        "-",
        "no OFFSET",
        not offset,
        "OFFSET found in a page query.",
    )

    # Target 2: flat cost with N.
    small = 100 if 100 in ns else (ns[0] if ns else None)
    big = max(ns) if ns else None
    for key, label in (("api_first_anon", "first page"), ("api_middle_anon", "continuation page")):
        if small is None or big is None or big == small:
            continue
        a = get(ours, str(small), "measures", key, "median_ms")
        b = get(ours, str(big), "measures", key, "median_ms")
        if a and b:
            rr = b / a
            scale_run = big >= 1_000_000
            row(
                f"2. {label}: N={big:,} vs N={small:,}",
                f"{ms(b)} vs {ms(a)}",
                "-",
                ratio(rr),
                "<= 1.3x at N=1,000,000" if scale_run else "<= 1.3x (checked at 1,000,000 by bench-scale)",
                rr <= 1.3,
                f"{rr:.2f}x, {(rr / 1.3 - 1) * 100:.0f}% over the 1.3x bound. At N={big:,} against N={small:,}: "
                + ", ".join(
                    f"{what} {get(ours, str(big), 'measures', key, field)} against "
                    f"{get(ours, str(small), 'measures', key, field)}"
                    for what, field in (
                        ("web CPU ms", "cpu_ms"),
                        ("queries", "queries"),
                        ("comments", "comments"),
                    )
                )
                + ".",
                "flat",
            )

    # Target 3: in-process vs the peer at N=1,000.
    n3 = "1000"
    our_first = get(ours, n3, "measures", "api_first_anon", "median_ms")
    peer_page = get(peer, n3, "measures", "api_page_first", "median_ms")
    peer_all = get(peer, n3, "measures", "api_list_all", "median_ms")
    if our_first and peer_page:
        rr = peer_page / our_first
        row(
            "3. first page vs peer's 20-comment page (N=1,000)",
            ms(our_first),
            ms(peer_page),
            f"{rr:.1f}x faster",
            ">= 2x faster",
            rr >= 2,
            f"only {rr:.2f}x faster; needs 2x.",
            "first_vs_peer_page",
        )
    if our_first and peer_all:
        rr = peer_all / our_first
        row(
            "3. first page vs peer's whole-thread list (N=1,000)",
            ms(our_first),
            ms(peer_all),
            f"{rr:.1f}x faster",
            ">= 10x faster",
            rr >= 10,
            f"only {rr:.2f}x faster; needs 10x.",
        )

    # Target 4: under load.
    load = r.get("load", {})
    our_api = get(load, "ours", "api_first")
    if our_api and load.get("peer"):
        peers = {k: v for k, v in load["peer"].items() if isinstance(v, dict) and "comments_per_s" in v}
        for key, label in (("api_page", "peer's paged API"), ("api_all", "peer's whole-thread API")):
            p = peers.get(key)
            if not p:
                continue
            rr = our_api["comments_per_s"] / p["comments_per_s"] if p["comments_per_s"] else None
            row(
                f"4. comments delivered/s vs {label} (N={load['n']:,})",
                f"{our_api['comments_per_s']:,.0f}/s",
                f"{p['comments_per_s']:,.0f}/s",
                ratio(rr),
                ">= 3x",
                rr is not None and rr >= 3,
                f"{rr:.2f}x; needs 3x. {_per_comment_cpu(our_api, p)}",
                "bulk",
            )
            row(
                f"4. p99 latency vs {label}",
                ms(our_api["p99_ms"]),
                ms(p["p99_ms"]),
                ratio(our_api["p99_ms"] / p["p99_ms"]),
                "no worse (<= 1x)",
                our_api["p99_ms"] <= p["p99_ms"],
                f"p99 {ms(our_api['p99_ms'])} vs {ms(p['p99_ms'])}.",
            )
        our_html = get(load, "ours", "html_article")
        p = peers.get("html_tree")
        if our_html and "comments_per_s" in our_html and p:
            rr = our_html["comments_per_s"] / p["comments_per_s"]
            row(
                "4. HTML: comments delivered/s vs peer's rendered tree",
                f"{our_html['comments_per_s']:,.0f}/s",
                f"{p['comments_per_s']:,.0f}/s",
                ratio(rr),
                ">= 3x",
                rr >= 3,
                f"{rr:.2f}x; needs 3x. {_per_comment_cpu(our_html, p)}",
                "bulk",
            )
            row(
                "4. HTML: p99 latency vs peer's rendered tree",
                ms(our_html["p99_ms"]),
                ms(p["p99_ms"]),
                ratio(our_html["p99_ms"] / p["p99_ms"]),
                "no worse",
                our_html["p99_ms"] <= p["p99_ms"],
                "",
            )
        elif our_html and "skipped" in our_html:
            row(
                "4. HTML under load",
                "not measured",
                ms(get(p or {}, "p99_ms")),
                "-",
                ">= 3x, p99 no worse",
                None,
            )
            misses.append(f"**4. HTML under load**: not measured - {our_html['skipped']}.")

    # Target 5: posting.
    worst_q = worst_s = 0
    for n in ns:
        for key in ("post_top", "post_reply_deep"):
            worst_q = max(worst_q, get(ours, str(n), "measures", key, "queries", default=0))
            worst_s = max(worst_s, get(ours, str(n), "measures", key, "statements", default=0))
    peer_q = max(
        (get(peer, str(n), "measures", "post_reply_deep", "queries", default=0) for n in ns), default=0
    )
    row(
        "5. posting: SQL queries (top level and deep reply, every N)",
        f"{worst_q} ({worst_s} statements with BEGIN/SAVEPOINT/RELEASE/COMMIT)",
        f"{peer_q}" if peer_q else "-",
        "-",
        "<= 10",
        worst_q <= 10,
        f"{worst_q} queries, {worst_q - 10} over.",
    )
    if worst_s > 10 >= worst_q:
        misses.append(
            f"**5. posting, statements**: the queries are within the bound, but a post sends {worst_s} "
            "statements in all: BEGIN/COMMIT and two SAVEPOINT/RELEASE pairs (the nested `atomic` around "
            "`get_or_create` of the screening request). An `INSERT ... ON CONFLICT DO NOTHING` "
            "(`bulk_create(ignore_conflicts=True)`) would drop four round trips."
        )
    for key, label in (("post_top", "top level"), ("post_reply_deep", "reply at depth 8")):
        a = get(ours, "10000", "measures", key, "median_ms")
        b = get(peer, "10000", "measures", key, "median_ms")
        if a and b:
            rr = a / b
            row(
                f"5. posting {label}: median vs peer (N=10,000)",
                ms(a),
                ms(b),
                ratio(rr),
                "<= 0.7x",
                rr <= 0.7,
                f"{rr:.2f}x of the peer's time; needs 0.7x ({(rr / 0.7 - 1) * 100:.0f}% over).",
                "posting",
            )

    # Target 6: moderation.
    c = r.get("classifier")
    if c:
        v = c["batch_comments_per_s"]
        row(
            "6. classifier throughput, one core (`classify_many`)",
            f"{v:,.0f}/s",
            "-",
            "-",
            ">= 1,000/s",
            v >= 1000,
            f"{v:,.0f}/s is {v / 1000:.2f}x of the target ("
            + (f"{1000 / v:.1f}x too slow" if v < 800 else f"{(1 - v / 1000) * 100:.1f}% short")
            + f"; {c['batch_ms_per_comment']} ms per comment).",
            "classifier",
        )
    e = r.get("e2e")
    if e and e.get("p95_ms") is not None:
        row(
            "6. posting-to-decision p95, one worker",
            ms(e["p95_ms"]),
            "-",
            "-",
            "< 500 ms",
            e["p95_ms"] < 500 and not e.get("missing"),
            f"p95 {ms(e['p95_ms'])} ({e['p95_ms'] / 500:.2f}x the bound), {e.get('missing', 0)} without a decision.",
            "e2e",
        )
    if e and e.get("worker_memory_max_mb") is not None:
        peak = e["worker_memory_max_mb"]
        row(
            "6. worker process memory (largest process, encoder loaded)",
            f"{peak:,.0f} MB",
            "-",
            "-",
            "< 600 MB",
            peak < 600,
            "resident memory per process: "
            + ", ".join(f"{mb:,.0f} MB" for mb in e["worker_memory_mb"].values())
            + " (Celery main process, then its pool child).",
            "e2e",
        )

    # Target 7: cacheable anonymous response.
    ac = get(ours, str(ns[0]), "measures", "anonymous_cacheable") if ns else None
    if ac:
        ok = (
            ac["identical_for_two_anonymous_clients"]
            and not ac["csrf_token_in_body"]
            and not ac["per_reader_field_set"]
        )
        row(
            "7. anonymous page identical for every reader, no CSRF token or per-reader field",
            "yes" if ok else "no",
            "-",
            "-",
            "yes",
            ok,
            json.dumps(ac),
        )
    return rows, misses


def figures_table(r: dict) -> list[str]:
    ours, peer = r.get("ours", {}), r.get("peer", {})
    ns = sorted({int(n) for n in ours} | {int(n) for n in peer})
    lines = []
    spec = [
        ("ours", "api_first_anon", "ours: API first page (anon)"),
        ("ours", "api_first_user", "ours: API first page (signed in)"),
        ("ours", "api_top_anon", "ours: API first page by likes (anon)"),
        ("ours", "api_next_anon", "ours: API page 6 via `next` (anon)"),
        ("ours", "api_middle_anon", "ours: API page in the middle of the thread (anon)"),
        ("ours", "api_max_page_anon", "ours: API largest page (page_size=max)"),
        ("ours", "api_replies_anon", "ours: API replies of the busiest comment"),
        ("ours", "html_article_anon", "ours: HTML article page (anon)"),
        ("ours", "html_article_user", "ours: HTML article page (signed in)"),
        ("ours", "post_top", "ours: post a comment"),
        ("ours", "post_reply_deep", "ours: post a reply at depth 8"),
        ("peer", "api_page_first", "xtd: API first page (PageNumberPagination 20)"),
        ("peer", "api_page_middle", "xtd: API page in the middle (page=N/40)"),
        ("peer", "api_list_all", "xtd: API list as shipped (whole thread)"),
        ("peer", "html_tree", "xtd: rendered tree (render_xtdcomment_tree)"),
        ("peer", "post_top", "xtd: post a comment (its API)"),
        ("peer", "post_reply_deep", "xtd: post a reply at level 8"),
    ]
    lines.append("| measure | " + " | ".join(f"N={n:,}" for n in ns) + " |")
    lines.append("| --- | " + " | ".join("---" for _ in ns) + " |")
    for side, key, label in spec:
        src = ours if side == "ours" else peer
        cells = []
        for n in ns:
            m = get(src, str(n), "measures", key)
            if not isinstance(m, dict) or "median_ms" not in m:
                cells.append("-" if not (isinstance(m, dict) and "skipped" in m) else "not built")
                continue
            extra = f", {m['comments']} c" if "comments" in m and not key.startswith("post") else ""
            st = m.get("statements", m["queries"])
            st_note = f" ({st} st)" if st != m["queries"] else ""
            cells.append(f"{ms(m['median_ms'])} / {m['queries']} q{st_note}{extra}")
        if any(c not in ("-",) for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def cpu_table(r: dict) -> list[str]:
    """Our web process's CPU per request against its wall time: what grows with N is not in Python."""
    ours = r.get("ours", {})
    ns = sorted(int(n) for n in ours)
    keys = [
        ("api_first_anon", "API first page (anon)"),
        ("api_middle_anon", "API page mid-thread (anon)"),
        ("api_replies_anon", "API replies"),
        ("html_article_anon", "HTML article page (anon)"),
        ("post_top", "post a comment"),
    ]
    if not any(get(ours, str(n), "measures", k, "cpu_ms") is not None for n in ns for k, _ in keys):
        return []
    lines = [
        "Ours, wall time against the web process's own CPU time (`time.process_time`), median: the "
        "difference is waiting for PostgreSQL, Redis and, on a busy machine, for a CPU.",
        "",
        "| measure | " + " | ".join(f"N={n:,}" for n in ns) + " |",
        "| --- | " + " | ".join("---" for _ in ns) + " |",
    ]
    for key, label in keys:
        cells = []
        for n in ns:
            m = get(ours, str(n), "measures", key)
            if isinstance(m, dict) and m.get("cpu_ms") is not None:
                cells.append(f"{ms(m['median_ms'])} wall / {ms(m['cpu_ms'])} CPU")
            else:
                cells.append("-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def plot(r: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ours, peer = r.get("ours", {}), r.get("peer", {})
    series = [
        ("ours", "api_first_anon", "ours: API first page", "-o", "#1f77b4"),
        ("ours", "api_middle_anon", "ours: API page mid-thread", "--o", "#1f77b4"),
        ("ours", "html_article_anon", "ours: HTML article page", ":o", "#1f77b4"),
        ("ours", "post_top", "ours: post a comment", "-.o", "#1f77b4"),
        ("peer", "api_page_first", "xtd: API first page (20)", "-s", "#d62728"),
        ("peer", "api_page_middle", "xtd: API page mid-thread", "--s", "#d62728"),
        ("peer", "api_list_all", "xtd: API whole thread", "-^", "#ff7f0e"),
        ("peer", "html_tree", "xtd: rendered tree", ":^", "#ff7f0e"),
        ("peer", "post_top", "xtd: post a comment", "-.s", "#d62728"),
    ]
    fig, ax = plt.subplots(figsize=(9, 5.5), dpi=110)
    for side, key, label, style, color in series:
        src = ours if side == "ours" else peer
        points = sorted(
            (int(n), v["measures"][key]["median_ms"])
            for n, v in src.items()
            if isinstance(get(v, "measures", key), dict) and "median_ms" in v["measures"][key]
        )
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], style, label=label, color=color)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("comments on the article (N)")
    ax.set_ylabel("median latency, in process (ms)")
    ax.set_title("Latency against thread size: our board vs django-comments-xtd")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# Issue 16's "today": ours under load at N=1,000 in the issue-7 run it quotes (2026-11-29, 2 gunicorn workers,
# bench/loadgen.py), requests/s.
ISSUE16_TODAY_RPS = {"api_first": 136.4, "html_article": 79.5}
HOT_ENDPOINTS = (
    ("api_first", "anonymous API first page of comments"),
    ("html_article", "anonymous article page"),
)
SEARCH_P95_TARGET_MS = 50.0
ADMIN_SEARCH_TARGET_MS = 200.0


def search_tables(r: dict) -> list[str]:
    """Search latency per query (``bench/measure_search.py``), when the run measured it."""
    search = r.get("search")
    if not search:
        return []
    out = [
        "## Search",
        "",
        "`bench/measure_search.py`: its own database per N, seeded with multilingual comments (about 65% "
        "English, 25% Chinese, 10% Korean, Vietnamese and Russian, Zipf-distributed vocabularies, 50 articles, "
        "3% of comments in the review queue, two thirds of those waiting). In process (Django's test client): "
        "the search API anonymous, and the admin's review queue and comment list searched by a moderator.",
        "",
        "| N | what | query | p50 | p95 | p99 | results on page 1 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, figures in sorted(search.items(), key=lambda item: int(item[0])):
        for section in ("api", "admin"):
            for name, v in (figures.get(section) or {}).items():
                out.append(
                    f"| {int(n):,} | {section}: {name} | `{v.get('query', '')}` | {ms(v.get('p50'))} "
                    f"| {ms(v.get('p95'))} | {ms(v.get('p99'))} | {v.get('results_first_page', '-')} |"
                )
        seed = figures.get("seed") or {}
        if seed:
            out.append(
                f"| {int(n):,} | seeding | - | {seed.get('seconds_total', '-')} s in all | "
                f"COPY {seed.get('seconds_copy_comments', '-')} s | indexes {seed.get('seconds_build_indexes', '-')} s "
                f"| queue {seed.get('queue_items', '-'):,} |"
            )
    out.append("")
    return out


def issue16_rows(r: dict) -> tuple[list[list[str]], list[str]]:
    """Issue 16's figures: hot reads against the bare view and against today, search at a million."""
    rows: list[list[str]] = []
    misses: list[str] = []

    def row(name, figure, target, ok, miss_detail=""):
        rows.append([name, figure, target, "pass" if ok else ("miss" if ok is False else "n/a")])
        if ok is False:
            misses.append(f"**{name}**: {miss_detail}")

    load = r.get("load", {})
    for n, figures in sorted(load.get("by_n", {}).items(), key=lambda item: int(item[0])):
        bare = get(figures, "cached", "bare", "requests_per_s")
        for key, label in HOT_ENDPOINTS:
            ours = get(figures, "cached", key, "requests_per_s")
            uncached = get(figures, "uncached", key, "requests_per_s")
            if not (ours and bare):
                continue
            share = ours / bare
            row(
                f"1. {label} vs the bare view (N={int(n):,})",
                f"{ours:,.0f}/s vs {bare:,.0f}/s = {share:.0%}",
                ">= 50%",
                share >= 0.5,
                f"{share:.0%} of the bare view.",
            )
            today = ISSUE16_TODAY_RPS[key]
            row(
                f"1. {label} vs today's {today:g}/s (N={int(n):,})",
                f"{ours / today:.1f}x (without hot reads in this run: {uncached or 0:,.0f}/s, "
                f"{ours / uncached if uncached else 0:.1f}x)",
                ">= 5x",
                ours / today >= 5,
                f"{ours / today:.1f}x.",
            )
    search = r.get("search") or {}
    if search:
        n = max(search, key=int)
        summary = search[n].get("summary") or {}
        for key, label, target in (
            ("api_p95_max_english_ms", "4. search API p95, worst English query", SEARCH_P95_TARGET_MS),
            ("api_p95_max_chinese_ms", "4. search API p95, worst Chinese query", SEARCH_P95_TARGET_MS),
            ("admin_queue_p95_max_ms", "4. admin queue search p95, worst query", ADMIN_SEARCH_TARGET_MS),
        ):
            figure = summary.get(key)
            if figure is not None:
                row(
                    f"{label} (N={int(n):,})",
                    f"{figure:.1f} ms",
                    f"< {target:g} ms",
                    figure < target,
                    f"{figure:.1f} ms.",
                )
    return rows, misses


def load_tables(r: dict) -> list[str]:
    """The under-load tables: per N, the bare view, ours with and without hot reads; the peer's at load_n."""
    load = r.get("load")
    if not load or "by_n" not in load:
        return []
    cfg = r.get("config", {})
    out = [
        "## Under load",
        "",
        f"gunicorn, 2 sync workers on 127.0.0.1, driven by `{load.get('tool')}` ({load.get('connections')} "
        f"connections, 2 threads) for {cfg.get('load_seconds')} s per URL, on the same 2 cores as the server "
        "(and PostgreSQL and Redis). Each mode on a fresh server. *Bare*: `bench/urls.py`'s fixed JSON body "
        "through the same settings, middleware and workers. *Hot reads*: anonymous readers served from Redis "
        "(`board/caching.py`, `BOARD_ANON_CACHE_SECONDS=2`); *rendered*: the same requests with "
        "`BOARD_ANON_CACHE_SECONDS=0`, every one running the view. CPU per request: the server's processes "
        "and PostgreSQL's, read from the kernel before and after each run.",
        "",
        "| N | endpoint | mode | requests/s | share of bare | comments/s | p50 | p99 | errors "
        "| server CPU per request | PostgreSQL CPU per request |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, figures in sorted(load["by_n"].items(), key=lambda item: int(item[0])):
        bare = get(figures, "cached", "bare", "requests_per_s") or 0
        for mode, label in (("cached", "hot reads"), ("uncached", "rendered")):
            for name, v in figures.get(mode, {}).items():
                shown_mode = "-" if name == "bare" else label
                share = f"{v['requests_per_s'] / bare:.0%}" if bare else "-"
                comments = f"{v['comments_per_s']:,.0f}" if "comments_per_s" in v else "-"
                out.append(
                    f"| {int(n):,} | {name} (`{v.get('url_path', '')}`) | {shown_mode} | "
                    f"{v['requests_per_s']:,.1f} | {share} | {comments} | {ms(v['p50_ms'])} | {ms(v['p99_ms'])} "
                    f"| {v.get('errors', 0)} | {ms(v.get('server_cpu_ms_per_request'))} "
                    f"| {ms(v.get('postgres_cpu_ms_per_request'))} |"
                )
    for name, v in load.get("peer", {}).items():
        out.append(
            f"| {load['n']:,} | xtd: {name} (`{v.get('url_path', '')}`) | as shipped | {v['requests_per_s']:,.1f} "
            f"| - | {v.get('comments_per_s', 0):,.0f} | {ms(v['p50_ms'])} | {ms(v['p99_ms'])} | {v.get('errors', 0)} "
            f"| {ms(v.get('server_cpu_ms_per_request'))} | - |"
        )
    out += ["", "![requests per second: the bare view, ours and the peer's](performance-throughput.png)", ""]
    return out


def plot_throughput(r: dict, path: Path) -> None:
    """Bars: requests/s of the bare view, ours (hot reads, rendered) and the peer's, per N."""
    load = r.get("load") or {}
    if "by_n" not in load:
        return
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bars: list[tuple[str, float, str]] = []
    for n, figures in sorted(load["by_n"].items(), key=lambda item: int(item[0])):
        tag = f"N={int(n):,}"
        bare = get(figures, "cached", "bare", "requests_per_s")
        if bare:
            bars.append((f"bare view ({tag})", bare, "#7f7f7f"))
        for key, label in (("api_first", "API first page"), ("html_article", "article page")):
            for mode, color, words in (
                ("cached", "#1f77b4", "hot reads"),
                ("uncached", "#9ecae1", "rendered"),
            ):
                value = get(figures, mode, key, "requests_per_s")
                if value:
                    bars.append((f"ours: {label}, {words} ({tag})", value, color))
    for key, label in (
        ("api_page", "API page of 20"),
        ("api_all", "whole-thread API"),
        ("html_tree", "rendered tree"),
    ):
        value = get(load, "peer", key, "requests_per_s")
        if value:
            bars.append((f"xtd: {label} (N={load['n']:,})", value, "#d62728"))
    if not bars:
        return
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(bars) + 1.5), dpi=110)
    labels, values, colors = zip(*reversed(bars), strict=True)
    ax.barh(labels, values, color=colors)
    for y, value in enumerate(values):
        ax.text(value, y, f" {value:,.0f}", va="center", fontsize=8)
    ax.set_xlabel("requests per second under load (2 gunicorn workers, 2 cores, wrk)")
    ax.set_title("Throughput: the bare Django view, our board and django-comments-xtd")
    ax.grid(True, axis="x", alpha=0.3)
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def render(r: dict, results_path: Path) -> str:
    rows, misses = check_rows(r)
    shown_path = results_path.relative_to(ROOT) if results_path.is_relative_to(ROOT) else results_path
    m = r.get("machine", {})
    cfg = r.get("config", {})
    out = []
    out.append("# Performance: our board beside django-comments-xtd")
    out.append("")
    out.append(
        f"Generated by `bench/report.py` from `{shown_path}` "
        f"(run of {r.get('generated_at', '?')}, {r.get('total_seconds', '?')} s in all). "
        "Do not edit by hand: run `make bench` (or `make bench-scale`) and commit the four files."
    )
    out.append("")
    out.append(
        f"Machine: {m.get('cpus')} CPUs, {m.get('platform')}, Python {m.get('python')}, "
        f"PostgreSQL {m.get('postgresql')}. Load average (1, 5, 15 min) at start {m.get('loadavg_start')}, "
        f"at end {m.get('loadavg_end')}: the machine is shared, so absolute times vary from run to run; the "
        "ratios between ours and the peer's, measured one after the other in the same run, are the figures "
        "that carry over."
    )
    out.append("")
    out.append("## Targets (issue 7)")
    out.append("")
    out.append("| target | ours | peer (xtd) | ratio | target | result |")
    out.append("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    passed = sum(1 for row in rows if row[-1] == "pass")
    missed = sum(1 for row in rows if row[-1] == "miss")
    out.append(f"{passed} pass, {missed} miss, {len(rows) - passed - missed} not measured.")
    out.append("")
    if misses:
        out.append("### Misses and gaps: by how much, and why")
        out.append("")
        out.extend(f"- {line}" for line in misses)
        out.append("")
    rows16, misses16 = issue16_rows(r)
    if rows16:
        out.append("## Targets (issue 16): hot reads near the stack's limit, search at a million")
        out.append("")
        out.append("| target | figure | target | result |")
        out.append("| --- | --- | --- | --- |")
        out.extend("| " + " | ".join(row) + " |" for row in rows16)
        out.append("")
        passed = sum(1 for row in rows16 if row[-1] == "pass")
        out.append(
            f"{passed} pass, {sum(1 for row in rows16 if row[-1] == 'miss')} miss. Targets 2 and 3 are tests: "
            "a committed write is seen by the next anonymous read and one that bumps nothing within the bound "
            "(`tests/board/test_hot_reads.py`), signed-in query counts are unchanged (the query-count tests), "
            "and every API GET of the schema and every anonymous reading page answers 304 to its own ETag "
            "(`tests/board/api/test_conditional_get.py`)."
        )
        out.append("")
        if misses16:
            out.extend(f"- {line}" for line in misses16)
            out.append("")
    out.extend(search_tables(r))
    if r.get("errors"):
        out.append("### Phases that failed in this run")
        out.append("")
        out.extend(f"- `{name}`: {message.splitlines()[0][:300]}" for name, message in r["errors"].items())
        out.append("")
    out.append("## Latency against N")
    out.append("")
    out.append("![median latency against the number of comments, log-log](performance-latency.png)")
    out.append("")
    out.append("## Every in-process figure")
    out.append("")
    out.append(
        f"Median wall time over {cfg.get('runs')} runs (ours) and {cfg.get('peer_runs')} runs (xtd) after a "
        "warm-up, Django's test client in process; `q` = SQL queries of one request; `c` = comments in "
        "the response; `st` = all statements when transaction control (BEGIN, SAVEPOINT, RELEASE, COMMIT) adds to the "
        "queries. Ours on PostgreSQL, xtd on SQLite as shipped."
    )
    out.append("")
    out.extend(figures_table(r))
    out.append("")
    out.extend(cpu_table(r))
    notes = [
        f"- xtd at N={n}: {k}: {v['note']}"
        for n, side in r.get("peer", {}).items()
        for k, v in side.get("measures", {}).items()
        if isinstance(v, dict) and v.get("note")
    ]
    if notes:
        out.append("")
        out.extend(notes)
    out.append("")
    out.extend(load_tables(r))
    e = r.get("e2e")
    if e:
        out.append("## Posting to moderation decision")
        out.append("")
        out.append(
            f"{e['comments']} comments posted one after another through the API, one Celery worker "
            f"(concurrency 1) on a real Redis; decision = the comment leaves `pending` (polled every "
            f"{e['poll_ms']} ms). p50 {ms(e['p50_ms'])}, p95 {ms(e['p95_ms'])}, p99 {ms(e['p99_ms'])}, max "
            f"{ms(e['max_ms'])}; {e['decided']} decided, {e['missing']} without a decision; outcomes "
            f"{e['outcomes']}; the POST itself: p50 {ms(e['post_p50_ms'])}."
        )
        if e.get("worker_cpu_ms_per_comment") is not None:
            out.append("")
            out.append(
                f"CPU per screened comment: the worker (main process and pool child) "
                f"{ms(e['worker_cpu_ms_per_comment'])}; PostgreSQL, for the whole flow (post, screening, "
                f"the benchmark's polls) {ms(e['postgres_cpu_ms_per_comment'])}."
            )
        out.append("")
    c = r.get("classifier")
    if c:
        out.append("## Classifier")
        out.append("")
        out.append(
            f"`{c['function']}` on {c['texts']:,} texts (the independent dev and test comments in 18 languages, then "
            f"benchmark comments) in "
            f"batches of {c['batch']}, one CPU, BLAS on one thread: {c['batch_comments_per_s']:,.0f} "
            f"comments/s ({c['batch_ms_per_comment']} ms each); one text at a time with `classify`: "
            f"{c['single_comments_per_s']:,.0f} comments/s. The sentence encoder read "
            f"{c.get('encoder_share', 0):.0%} of the texts (the others were already sure from the cheap "
            f"blocks), the second opinion {c.get('second_opinion_share', 0):.0%} (those still unsure after it)."
        )
        out.append("")
    seeds = [(int(n), v["seed"]) for n, v in r.get("ours", {}).items() if isinstance(v.get("seed"), dict)]
    if seeds:
        out.append("## Seeding")
        out.append("")
        out.append("| N | likes | ours: seconds (PostgreSQL, COPY) | xtd: seconds (SQLite, bulk) |")
        out.append("| --- | --- | --- | --- |")
        for n, s in sorted(seeds):
            p = get(r, "peer", str(n), "seed", "seconds")
            out.append(f"| {n:,} | {s['likes']:,} | {s['seconds_total']} | {p if p is not None else '-'} |")
        out.append("")
    out.append("## How it is measured")
    out.append("")
    out.append(
        "- One tree for both (`bench/tree.py`, fixed seed): 30% top-level comments, the rest replies to a "
        "random earlier comment, depth capped at 8, 20% of comments liked by 1 to 10 readers, authors from "
        "200 readers. Our seeder writes it with COPY (`bench/seed_board.py`); the peer's with bulk inserts, "
        "filling xtd's `thread_id`/`parent_id`/`level`/`order`/`nested_count` as its `save()` would."
    )
    out.append(
        "- The peer: django-comments-xtd 2.10.13 (its newest release; Django 5.2.19, DRF 3.18.3) in its own "
        "virtualenv (`bench/peers/xtd/`), likes as its feedback flags, `COMMENTS_XTD_MAX_THREAD_LEVEL = 8`; "
        "its API list as shipped (whole thread, no pagination) and the same view with DRF's "
        "`PageNumberPagination` (20 a page); its article page with `render_xtdcomment_tree`; posting through "
        "its API with the security hash from django-contrib-comments' form."
    )
    out.append(
        "- Ours: the API at `/api/v1/` (keyset pages of 20 top-level comments with reply previews), "
        "signed-in requests through the session; posting queues screening on commit to a real Redis."
    )
    out.append(
        "- Under load and end to end: see the sections above; every load loop is bounded in time and "
        "count and targets 127.0.0.1 only."
    )
    out.append("")
    out.append(
        "Run it: `make bench` (N = 100, 1,000, 10,000) or `make bench-scale` (adds 100,000 and 1,000,000 "
        f"comments on PostgreSQL). This run ({'bench-scale' if cfg.get('scale_ns') else 'bench'}) took "
        f"{(r.get('total_seconds') or 0) / 60:.1f} minutes after the installs, at the load averages above; "
        "the slowest phases are the peer's whole-thread measures at N=10,000 and, with --scale, seeding a "
        "million comments."
    )
    out.append("")
    return "\n".join(out)


def main() -> None:
    results_path = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "results" / "latest.json")
    results_path = results_path.resolve()
    r = load(results_path)
    plot(r, PLOT)
    plot_throughput(r, THROUGHPUT_PLOT)
    DOC.write_text(render(r, results_path))
    print(f"wrote {DOC.relative_to(ROOT)}, {PLOT.relative_to(ROOT)} and {THROUGHPUT_PLOT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
