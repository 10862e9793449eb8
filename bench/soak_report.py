"""The soak's figures in ``docs/reliability.md`` (the section between the soak markers, replaced each run)
and its timeline in ``docs/soak-timeline.png``, from the JSON that ``bench/soak.py`` wrote.

    .venv/bin/python bench/soak_report.py bench/results/soak-latest.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
PLOT = ROOT / "docs" / "soak-timeline.png"
BEGIN = "<!-- soak:begin (bench/soak_report.py writes this section) -->"
END = "<!-- soak:end -->"
LABELS = {
    "worker_kill": "Celery worker SIGKILLed (restarted 5 s later)",
    "web_worker_kill": "one gunicorn worker SIGKILLed",
    "redis_restart": "Redis restarted (SIGTERM, start)",
    "redis_kill_full_queue": "Redis SIGKILLed with a full queue (worker stopped 20 s first)",
    "pg_restart": "PostgreSQL `pg_ctl restart -m fast`",
    "db_cut": "database unreachable 10 s (proxy cut)",
    "aof_full": "Redis's append-only-file disk full 15 s (tmpfs)",
}


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    timeline = result["timeline"]
    t = [row["t"] for row in timeline]
    fig, axes = plt.subplots(4, 1, figsize=(11, 8.5), dpi=100, sharex=True)
    axes[0].plot(t, [row["ok"] for row in timeline], color="#1f77b4", lw=1)
    axes[0].set_ylabel("answered/s")
    axes[1].plot(t, [row["errors"] for row in timeline], color="#d62728", lw=1)
    axes[1].set_ylabel("errors/s\n(503, no answer)")
    axes[2].plot(t, [row["p99_ms"] or float("nan") for row in timeline], color="#2ca02c", lw=1)
    axes[2].set_yscale("log")
    axes[2].set_ylabel("p99 ms\n(per second)")
    samples = result["samples"]
    axes[3].plot(
        [s["t"] for s in samples],
        [s["queue"] if s["queue"] is not None else float("nan") for s in samples],
        color="#9467bd",
        lw=1,
        label="Redis queue (messages)",
    )
    axes[3].plot(
        [s["t"] for s in samples],
        [s["pending"] if s["pending"] is not None else float("nan") for s in samples],
        color="#ff7f0e",
        lw=1,
        label="outbox pending (rows)",
    )
    axes[3].set_ylabel("queue depth")
    axes[3].legend(fontsize=8, loc="upper right")
    axes[3].set_xlabel("seconds from the start of the traffic")
    for fault in result["faults"]:
        if "skipped" in fault:
            continue
        for ax in axes:
            ax.axvspan(fault["start"], max(fault["end"], fault["start"] + 1), color="#888", alpha=0.25, lw=0)
        axes[0].annotate(
            fault["name"], (fault["start"], 1.02), xycoords=("data", "axes fraction"), fontsize=7, rotation=20
        )
    for ax in axes:
        ax.grid(True, alpha=0.3)
    cfg = result["config"]
    fig.suptitle(
        f"Soak: {cfg['rate_per_s']} requests/s asked for {cfg['duration_s']:.0f} s, faults shaded",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def render(result: dict) -> str:
    cfg, m, tot, checks = result["config"], result["machine"], result["totals"], result["checks"]
    s = checks["summary"]
    out = [
        BEGIN,
        "## Soak under a fault schedule (`make soak`)",
        "",
        f"One run of `make soak` ({result['generated_at']}): {cfg['duration_s']:.0f} s of mixed traffic from "
        f"{cfg['clients']} clients asking for {cfg['rate_per_s']} requests/s"
        + (
            f" ({cfg['rate_share_of_bench']:.0%} of the {cfg['bench_requests_per_s']}/s the benchmark measured)"
            if cfg.get("rate_share_of_bench")
            else ""
        )
        + f"; {cfg['gunicorn']}, {cfg['celery']}, PostgreSQL and Redis on loopback, a thread of "
        f"{cfg['thread_comments']} comments and {cfg['users']} signed-in readers. Load average "
        f"{m['loadavg_start']} at the start and {m.get('loadavg_end')} at the end (other work shared the 2 cores). "
        f"Client timeout {cfg['client_timeout_s']:.0f} s: a request unanswered by then counts as hung. "
        "Figures: `bench/results/soak-latest.json`; timeline: `docs/soak-timeline.png`.",
        "",
        f"**Totals.** {tot['requests']} requests ({tot['requests_per_s']}/s achieved; {tot['reads']} reads, "
        f"{tot['writes']} writes): {tot['statuses']}; p50 {tot['p50_ms']} ms, p99 {tot['p99_ms']} ms. "
        f"**{tot['status_500']} answered 500**, {tot['other_5xx']} other 5xx besides 503, "
        f"{tot['503_without_retry_after']} 503 without `Retry-After`, **{tot['timeouts']} hung**, "
        f"{tot['connection_errors']} connections refused or reset (a killed web worker's requests, and the "
        "requests refused while none listened).",
        "",
        f"**Checks after the run** (queue drained in {result.get('drain_seconds')} s): "
        f"{s['writes_answered_2xx']} writes answered 200/201, **{s['lost']} lost**; {s['doubled']} doubled; "
        f"counters and ledger: **{s['counter_drift']} rows off** (`counters_recompute --check` status "
        f"{checks['counters_recompute_check']['status']}); screening: **{s['screening_problems']} problems** "
        f"(missing, doubled or half-written, or still pending; `screening_check --check --settled` status "
        f"{checks['screening_check']['status']}), {s['screening_failed']} given up; rewards: "
        f"{checks['reward']['keys']} Idempotency-Keys, {checks['reward']['replays']} replays "
        f"({checks['reward']['replays_answered_200']} answered 200 with the first reward), "
        f"{checks['reward']['applied_twice']} applied twice, {s['replay_mismatch']} mismatches.",
        "",
        "| write | sent | answered 2xx | lost | failed (5xx or no answer) | failed but applied whole |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for op in ("comment", "reply", "like", "repost", "report"):
        row = checks[op]
        out.append(
            f"| {op} | {row['sent']} | {row['answered_2xx']} | {row['lost']} | {row['failed']} | "
            f"{row['failed_but_applied']} |"
        )
    rw = checks["reward"]
    out.append(
        f"| reward (keys) | {rw['keys']} | {rw['answered_2xx']} | {rw['lost']} | {rw['never_answered']} | "
        f"{rw['never_answered_but_applied']} |"
    )
    out += [
        "",
        "A write that failed was applied whole or not at all: no counter, ledger or screening row half written "
        '(the checks above; a repost or like "failed but applied" is the same reader and target answered 2xx '
        "in another request). Per fault, the requests answered from the fault to its end (at least 5 s); "
        f"recovered = seconds after the fault ended until {5} s in a row without an error and with a p99 under "
        f"{result['calm_p99_ms']:.0f} ms (twice the p99 before the first fault, {result['baseline']['p99_ms']} ms), "
        "and until the oldest unscreened comment is under 15 s old again:",
        "",
        "| fault | lasted | requests | error rate | what clients saw | p99 (ms) | requests recovered | screening recovered | peak queue / outbox |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for fault in result["faults"]:
        label = LABELS.get(fault["name"], fault["name"])
        if "skipped" in fault:
            out.append(f"| {label} | skipped: {fault['skipped']} | | | | | | | |")
            continue
        d = fault["during"]
        saw = ", ".join(f"{v}x {k}" for k, v in d["statuses"].items())
        out.append(
            f"| {label} | {fault['end'] - fault['start']:.1f} s | {d['requests']} | {d['error_rate']:.1%} | {saw}; "
            f"503s with Retry-After {d['503_with_retry_after']}/{d['statuses'].get('503', 0)} | {d['p99_ms']} | "
            f"{fault['requests_recovered_after_s']} s | {fault['screening_recovered_after_s']} s | "
            f"{fault['peak_queue']} / {fault['peak_pending']} |"
        )
    notes = [f"- {f['name']}: {f['note']}" for f in result["faults"] if f.get("note")]
    notes += [
        f"- aof_full, Redis during the fault: {f['redis_during']}"
        for f in result["faults"]
        if f.get("redis_during")
    ]
    if notes:
        out += ["", *notes]
    backup = result.get("backup") or {}
    if backup:
        restore = backup.get("restore", {})
        out += [
            "",
            f"**Backup under traffic.** `scripts/backup.sh` at {backup.get('start')} s: status "
            f"{backup.get('status')}, {backup.get('bytes')} bytes in {backup.get('seconds')} s while the clients "
            f"kept writing. Restored into a new database with `scripts/restore.sh` (status {restore.get('status')}, "
            f"{restore.get('seconds_with_checks')} s with its checks): "
            + "; ".join(
                line
                for line in restore.get("output", [])
                if line.startswith(("total", "pending", "restored"))
            ),
        ]
    verdict = result["verdict"]
    out += [
        "",
        f"Verdict: **{'pass' if verdict['pass'] else 'FAIL'}** ({', '.join(f'{k} {v}' for k, v in verdict['problems'].items())}).",
        "",
        "![soak timeline](soak-timeline.png)",
        END,
    ]
    return "\n".join(out) + "\n"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results" / "soak-latest.json"
    result = json.loads(path.read_text())
    section = render(result)
    text = DOC.read_text()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1].lstrip("\n")
    else:
        marker = "## What the battery found and fixed"
        text = text.replace(marker, section + "\n" + marker) if marker in text else text + "\n" + section
    DOC.write_text(text)
    plot(result, PLOT)
    print(f"wrote {DOC.relative_to(ROOT)} (soak section) and {PLOT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
