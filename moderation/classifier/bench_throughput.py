"""Measure classifier throughput: model load time and comments/second through ``classify_many``.

Run (one core, as the target is stated):

    taskset -c 0 python -m moderation.classifier.bench_throughput            # 10,000 corpus-derived lines
    taskset -c 0 python -m moderation.classifier.bench_throughput FILE.txt   # one comment per line

Prints load seconds, classification seconds, comments/second (wall and CPU) and the time since the
interpreter started, which is what "10,000 lines in well under 20 s including start-up" refers to.
"""

from __future__ import annotations

import os

# One BLAS/OpenMP thread: the target is per core, and workers run one process per core anyway.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

# Batch size for classify_many: 1,000 keeps memory flat; 100 to 5,000 measured within 5% of each other.
BATCH = 1_000


def _interpreter_start() -> float:
    """Seconds since this process started (Linux /proc), or since import elsewhere."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        boot = float(Path("/proc/uptime").read_text().split()[0])
        return boot - start_ticks / ticks
    except (OSError, ValueError, IndexError):
        return 0.0


def _lines(path: str | None, count: int) -> list[str]:
    if path:
        return [
            line.rstrip("\n") for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    from moderation.classifier.training import load_corpus

    texts = [example.text for example in load_corpus()]
    # Vary the repeats a little so nothing is cached by accident (nothing is, but keep the input honest).
    return [f"{texts[i % len(texts)]} #{i}" for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="one comment per line (default: corpus-derived lines)")
    parser.add_argument("--count", type=int, default=10_000, help="lines to generate when no file is given")
    args = parser.parse_args(argv)

    lines = _lines(args.file, args.count)
    started = time.perf_counter()
    from moderation.classifier.model import default_bundle
    from moderation.classifier.pipeline import classify_many

    bundle = default_bundle()
    load_seconds = time.perf_counter() - started

    wall = time.perf_counter()
    cpu = time.process_time()
    flagged = 0
    for offset in range(0, len(lines), BATCH):
        flagged += sum(
            verdict.flagged for verdict in classify_many(lines[offset : offset + BATCH], bundle=bundle)
        )
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu

    print(f"model {bundle.full_version} loaded in {load_seconds:.2f} s")
    print(f"classified {len(lines)} lines in {wall:.2f} s wall / {cpu:.2f} s CPU ({flagged} flagged)")
    print(f"throughput {len(lines) / wall:.0f}/s wall, {len(lines) / cpu:.0f}/s CPU")
    since_start = _interpreter_start()
    if since_start:
        print(f"total since process start {since_start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
