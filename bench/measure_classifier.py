"""Throughput of the moderation classifier on one core, in comments per second. Prints JSON.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 .venv/bin/python -m bench.measure_classifier [--texts 4000]

Texts: the independent dev and test comments shipped with moderation (spam, advice and ordinary comments
in 18 languages) followed by benchmark-tree comments, ``--texts`` in all. Measured, median of ``--runs``
after a warm-up that loads the model: ``classify_many`` over the whole list in batches of
``--batch`` (the worker's fast path) and ``classify`` one text at a time (a single screening task).
BLAS and OpenMP are held to one thread (the variables above; ``bench/run.py`` sets them) and the process
is pinned to one CPU where ``os.sched_setaffinity`` exists.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def texts_for(count: int) -> list[str]:
    from bench.tree import build_tree

    texts = []
    for name in ("dev.jsonl", "test.jsonl"):
        corpus = ROOT / "moderation" / "corpus" / name
        if corpus.exists():
            with corpus.open(encoding="utf-8") as fh:
                texts += [json.loads(line)["text"] for line in fh if line.strip()]
    texts = texts[: count // 2]
    texts += [c.body for c in build_tree(count - len(texts)).comments]
    return texts[:count]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument(
        "--batch", type=int, default=1000, help="texts per call, as moderation.batch.CHUNK_SIZE"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--single", type=int, default=150, help="texts for the one-at-a-time measure")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from moderation.classifier import pipeline

    texts = texts_for(args.texts)
    pipeline.classify_many(texts[:64])  # warm-up: loads the model bundle

    batch_times = []
    batch_cpu = []
    for _ in range(args.runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        for i in range(0, len(texts), args.batch):
            pipeline.classify_many(texts[i : i + args.batch])
        batch_times.append(time.perf_counter() - started)
        batch_cpu.append(time.process_time() - cpu_started)
    single = texts[: args.single]
    single_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for text in single:
            pipeline.classify(text)
        single_times.append(time.perf_counter() - started)
    verdicts = pipeline.classify_many(texts)

    def read_by(block: str) -> int:
        """How many texts ``block`` read (its evidence is ``block:<name>=skipped`` on the others)."""
        prefix = f"block:{block}="
        return sum(
            not any(item == f"{prefix}skipped" for item in v.spam.evidence if item.startswith(prefix))
            and any(item.startswith(prefix) for item in v.spam.evidence)
            for v in verdicts
        )

    batch_s = statistics.median(batch_times)
    single_s = statistics.median(single_times)
    result = {
        "function": "moderation.classifier.pipeline.classify_many",
        "texts": len(texts),
        "batch": args.batch,
        "runs": args.runs,
        "batch_comments_per_s": round(len(texts) / batch_s, 1),
        "batch_ms_per_comment": round(batch_s * 1000 / len(texts), 4),
        # CPU seconds of this process alone (wall time above includes waiting for a shared CPU).
        "batch_cpu_ms_per_comment": round(statistics.median(batch_cpu) * 1000 / len(texts), 4),
        "single_comments_per_s": round(len(single) / single_s, 1),
        "single_ms_per_comment": round(single_s * 1000 / len(single), 4),
        "encoder_share": round(read_by("encoder") / len(texts), 3),
        "second_opinion_share": round(read_by("second_opinion") / len(texts), 3),
        "cpus_allowed": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
