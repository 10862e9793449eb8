"""Scoring a classifier against gold labels: P, R, F1 with 95% bootstrap intervals, per language, hard vs easy.

Definitions: per label, ``flagged`` (level medium or high) against the gold label; "honest" examples carry
neither label, and ``honest_flag_rate`` is the share of them flagged for either label ("honest comments
touched"); an example is "fully right" when both labels' flags equal the gold labels.

Intervals: percentile bootstrap over examples (``BOOTSTRAP_ROUNDS`` resamples with a fixed seed, so a report
is reproducible); they say how far the figure could move on another sample of the same kind of comments.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from moderation.classifier.model import Example
from moderation.classifier.pipeline import Verdict
from moderation.classifier.rules import LABELS

__all__ = ["BOOTSTRAP_ROUNDS", "ClassifyFn", "evaluate", "format_metrics"]

ClassifyFn = Callable[[Sequence[str]], Sequence[Verdict]]
# 1,000 resamples keep the interval bounds stable to about +-0.003 on 800 examples.
BOOTSTRAP_ROUNDS = 1000
BOOTSTRAP_SEED = 20261201
# How many misclassified examples ``evaluate`` keeps for inspection.
MAX_ERRORS_KEPT = 50
# Languages with fewer examples than this are listed but not given intervals.
MIN_EXAMPLES_FOR_INTERVAL = 20


def _ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.zeros_like(denominator, dtype=float), where=denominator > 0)


def _confusion(gold: np.ndarray, flagged: np.ndarray) -> dict[str, Any]:
    tp = int(np.sum(gold & flagged))
    fp = int(np.sum(~gold & flagged))
    fn = int(np.sum(gold & ~flagged))
    tn = int(np.sum(~gold & ~flagged))
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}


def _interval(values: np.ndarray) -> list[float]:
    low, high = np.percentile(values, [2.5, 97.5])
    return [round(float(low), 4), round(float(high), 4)]


def _bootstrap(gold: np.ndarray, flagged: np.ndarray, honest: np.ndarray) -> dict[str, Any]:
    """Intervals for each label's P, R, F1 and for the honest-flag rate (columns of gold/flagged = labels)."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    n = len(gold)
    samples = rng.integers(0, n, size=(BOOTSTRAP_ROUNDS, n))
    out: dict[str, Any] = {}
    for column, label in enumerate(LABELS):
        g, f = gold[samples, column], flagged[samples, column]
        tp, fp, fn = (g & f).sum(1), (~g & f).sum(1), (g & ~f).sum(1)
        precision = np.divide(tp, tp + fp, out=np.zeros(len(tp)), where=(tp + fp) > 0)
        recall = np.divide(tp, tp + fn, out=np.zeros(len(tp)), where=(tp + fn) > 0)
        out[label] = {
            "precision": _interval(precision),
            "recall": _interval(recall),
            "f1": _interval(_f1(tp, fp, fn)),
        }
    touched = flagged.any(axis=1)
    h = honest[samples]
    rate = np.divide(
        (h & touched[samples]).sum(1), h.sum(1), out=np.zeros(BOOTSTRAP_ROUNDS), where=h.sum(1) > 0
    )
    out["honest_flag_rate"] = _interval(rate)
    return out


def _summary(gold: np.ndarray, flagged: np.ndarray, *, intervals: bool) -> dict[str, Any]:
    honest = ~gold.any(axis=1)
    touched = flagged.any(axis=1)
    summary: dict[str, Any] = {
        "examples": len(gold),
        "labels": {label: _confusion(gold[:, i], flagged[:, i]) for i, label in enumerate(LABELS)},
        "honest": int(honest.sum()),
        "honest_flagged": int((honest & touched).sum()),
        "honest_flag_rate": _ratio(int((honest & touched).sum()), int(honest.sum())),
        "fully_right": _ratio(int((gold == flagged).all(axis=1).sum()), len(gold)),
    }
    if intervals and len(gold) >= MIN_EXAMPLES_FOR_INTERVAL:
        summary["intervals"] = _bootstrap(gold, flagged, honest)
    return summary


def evaluate(
    examples: Sequence[Example], classify_fn: ClassifyFn, *, labels: Iterable[str] = LABELS
) -> dict[str, Any]:
    """Score ``classify_fn`` (texts -> verdicts) against the gold labels of ``examples``.

    Returns the whole-set summary (``labels`` with confusion counts and P/R/F1, ``honest_flag_rate``,
    ``fully_right``, ``intervals``), ``by_lang`` and ``by_difficulty`` summaries, timing and the first
    ``MAX_ERRORS_KEPT`` errors.
    """
    labels = tuple(labels)
    started = time.perf_counter()
    verdicts = list(classify_fn([example.text for example in examples]))
    seconds = time.perf_counter() - started
    if len(verdicts) != len(examples):
        raise ValueError("classify_fn returned a different number of verdicts than texts")
    gold = np.array([[e.label(label) for label in labels] for e in examples], dtype=bool).reshape(-1, 2)
    flagged = np.array([[v.labels[label].flagged for label in labels] for v in verdicts], dtype=bool).reshape(
        -1, 2
    )
    metrics = _summary(gold, flagged, intervals=True)
    languages = np.array([e.lang for e in examples])
    metrics["by_lang"] = {
        lang: _summary(gold[languages == lang], flagged[languages == lang], intervals=False)
        for lang in sorted(set(languages.tolist()))
    }
    hard = np.array([e.hard for e in examples], dtype=bool)
    if hard.any():
        metrics["by_difficulty"] = {
            name: _summary(gold[mask], flagged[mask], intervals=False)
            for name, mask in (("hard", hard), ("easy", ~hard))
            if mask.any()
        }
    errors = [
        {
            "text": example.text,
            "lang": example.lang,
            "gold": {label: example.label(label) for label in labels},
            "scores": {label: verdict.labels[label].score for label in labels},
            "evidence": {label: list(verdict.labels[label].evidence) for label in labels},
        }
        for example, verdict in zip(examples, verdicts, strict=True)
        if any(example.label(label) != verdict.labels[label].flagged for label in labels)
    ]
    metrics.update(
        seconds=round(seconds, 3),
        per_second=round(len(examples) / seconds, 1) if seconds > 0 else 0.0,
        errors_total=len(errors),
        errors=errors[:MAX_ERRORS_KEPT],
    )
    return metrics


def _label_line(label: str, row: dict[str, Any], interval: dict[str, Any] | None) -> str:
    line = f"  {label:<17} P={row['precision']:.3f} R={row['recall']:.3f} F1={row['f1']:.3f}"
    if interval:
        f1_low, f1_high = interval["f1"]
        line += f" (95% CI {f1_low:.3f}-{f1_high:.3f})"
    return line + f"  tp={row['tp']} fp={row['fp']} fn={row['fn']} tn={row['tn']}"


def format_metrics(metrics: dict[str, Any]) -> str:
    """A human-readable report of ``evaluate`` metrics (or of a training run's columns)."""
    lines: list[str] = []
    if "model_version" in metrics:
        lines.append(f"model {metrics['model_version']}")
    if "train_seconds" in metrics:
        lines.append(
            f"trained on {metrics.get('train_examples', '?')} examples in {metrics['train_seconds']} s"
        )
    if "columns" in metrics:
        for name, column in metrics["columns"].items():
            lines.append(f"== {name}")
            lines.append(format_metrics(column))
        return "\n".join(lines)
    lines.append(f"evaluated {metrics['examples']} examples ({metrics['per_second']}/s)")
    intervals = metrics.get("intervals", {})
    for label, row in metrics["labels"].items():
        lines.append(_label_line(label, row, intervals.get(label)))
    rate_ci = intervals.get("honest_flag_rate")
    lines.append(
        f"  honest touched    {metrics['honest_flagged']}/{metrics['honest']} = {metrics['honest_flag_rate']:.2%}"
        + (f" (95% CI {rate_ci[0]:.2%}-{rate_ci[1]:.2%})" if rate_ci else "")
        + f"; fully right {metrics['fully_right']:.1%}"
    )
    for group in ("by_difficulty", "by_lang"):
        for name, row in metrics.get(group, {}).items():
            f1s = " ".join(f"{label}={row['labels'][label]['f1']:.3f}" for label in row["labels"])
            lines.append(
                f"  [{name}] n={row['examples']} F1 {f1s} honest touched={row['honest_flag_rate']:.1%}"
                f" fully right={row['fully_right']:.1%}"
            )
    if metrics.get("errors_total"):
        lines.append(f"  {metrics['errors_total']} misclassified")
    return "\n".join(lines)
