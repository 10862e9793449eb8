"""Classifying many texts at once with the workers' code path (minus database behaviour signals): the
management commands use it."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from typing import Any

from moderation.runtime import LiveConfig, active_bundle, default_config

# Texts per classifier call. Measured on 10,000 corpus lines: 1,000 runs at the same speed as one call of
# 10,000 (the vectorizer's cost is per text) while keeping the sparse matrix of a chunk small.
CHUNK_SIZE = 1000
# Below this many texts one process is faster than starting a pool.
PARALLEL_MIN_TEXTS = 3000
LABELS = ("spam", "financial_advice")

# What forked pool processes classify with: set in the parent before the fork, so the model is loaded once
# and shared copy-on-write rather than loaded again per process.
_shared: dict[str, Any] = {}


def _classify_chunk(chunk: Sequence[str]) -> list:
    from moderation.classifier.pipeline import classify_many

    config, bundle = _shared["config"], _shared["bundle"]
    return classify_many(chunk, watched=config.watched, thresholds=config.thresholds, bundle=bundle)


def _processes_for(count: int) -> int:
    if count < PARALLEL_MIN_TEXTS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 4, count // CHUNK_SIZE))


def classify_texts(
    texts: Sequence[str], *, config: LiveConfig | None = None, chunk_size: int = CHUNK_SIZE
) -> list:
    """Verdicts for ``texts``, in order, with ``config``'s thresholds and watched words (default: the
    settings' thresholds and no watched words) and the active model.

    Large batches are spread over forked processes (one per CPU, at most 4). Measured on this 2-CPU machine
    while other test suites ran (load 7): 10,000 comments in 14.2 s instead of 19.5 s in one process.
    Results are identical (checked): the same model and code run in each.
    """
    _shared["config"] = config or default_config()
    _shared["bundle"] = active_bundle()
    chunks = [texts[start : start + chunk_size] for start in range(0, len(texts), chunk_size)]
    processes = _processes_for(len(texts))
    verdicts: list = []
    if processes == 1:
        for chunk in chunks:
            verdicts.extend(_classify_chunk(chunk))
        return verdicts
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for result in pool.imap(_classify_chunk, chunks):
            verdicts.extend(result)
    return verdicts


def verdict_line(identifier: Any, verdict) -> dict[str, Any]:
    """The ``moderation_classify`` output object for one verdict (the interface outside checks rely on)."""
    evidence: list[str] = []
    for label in LABELS:
        evidence.extend(f"{label}:{item}" for item in verdict.labels[label].evidence)
    evidence.extend(f"watched:{hit.evidence}" for hit in verdict.watched_hits if hit.label is None)
    return {
        "id": identifier,
        **{
            label: {
                "score": float(verdict.labels[label].score),
                "flagged": bool(verdict.labels[label].flagged),
            }
            for label in LABELS
        },
        "evidence": evidence,
    }
