"""Corpus loading, training, held-out evaluation and saving, usable without Django.

The management commands (``moderation_train``, ``moderation_eval``, ``moderation_classify``) call these;
``python -m moderation.classifier.training`` does the same from a shell:

    python -m moderation.classifier.training              # train on the train split, evaluate, save
    python -m moderation.classifier.training --eval-only  # evaluate the shipped model on the test split

Metric definitions (``evaluate``): per label, precision/recall/F1 and confusion counts of ``flagged``
(level medium or high) against the gold label; ``honest_flag_rate`` is the share of examples with both
labels false that get flagged for either label.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from moderation.classifier.model import (
    DEFAULT_MODEL_PATH,
    DEFAULT_SEED,
    MODEL_VERSION,
    Example,
    ModelBundle,
    load_bundle,
    save_bundle,
    train,
)
from moderation.classifier.pipeline import Verdict, classify_many
from moderation.classifier.rules import LABELS

__all__ = [
    "DEFAULT_CORPUS_PATH",
    "Example",
    "cross_validate",
    "evaluate",
    "format_metrics",
    "load_corpus",
    "save_bundle",
    "train_and_evaluate",
]

DEFAULT_CORPUS_PATH = Path(__file__).resolve().parents[1] / "corpus" / "corpus.jsonl"
# How many misclassified examples ``evaluate`` keeps for inspection.
MAX_ERRORS_KEPT = 50

ClassifyFn = Callable[[Sequence[str]], Sequence[Verdict]]


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y"}
    return bool(value)


def load_corpus(
    path: str | os.PathLike[str] = DEFAULT_CORPUS_PATH, *, split: str | None = None
) -> list[Example]:
    """Read a JSONL corpus (one ``{"text", "spam", "financial_advice", ...}`` object per line).

    Missing ``lang`` defaults to "en" and missing ``split`` to "test" (so an outside file given to
    ``moderation_eval`` is all evaluation data). Blank lines are skipped; a bad line raises ValueError
    naming its line number. ``split`` keeps only that split.
    """
    examples: list[Example] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                example = Example(
                    text=str(row["text"]),
                    spam=_as_bool(row.get("spam", False)),
                    financial_advice=_as_bool(row.get("financial_advice", False)),
                    lang=str(row.get("lang", "en")),
                    split=str(row.get("split", "test")),
                    template=str(row.get("template", "")),
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a corpus line ({exc})") from exc
            if split is None or example.split == split:
                examples.append(example)
    return examples


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def evaluate(
    examples: Sequence[Example],
    classify_fn: ClassifyFn = classify_many,
    *,
    labels: Iterable[str] = LABELS,
) -> dict[str, Any]:
    """Score ``classify_fn`` (texts -> verdicts, e.g. ``classify_many``) against the gold labels.

    Returns ``{"examples", "labels": {label: {tp, fp, fn, tn, precision, recall, f1}}, "honest",
    "honest_flagged", "honest_flag_rate", "by_lang": {lang: {label: f1, "honest_flag_rate"}},
    "seconds", "per_second", "errors": [...]}``.
    """
    labels = tuple(labels)
    started = time.perf_counter()
    verdicts = list(classify_fn([example.text for example in examples]))
    seconds = time.perf_counter() - started
    if len(verdicts) != len(examples):
        raise ValueError("classify_fn returned a different number of verdicts than texts")

    def confusion(pairs: Iterable[tuple[Example, Verdict]], label: str) -> dict[str, Any]:
        tp = fp = fn = tn = 0
        for example, verdict in pairs:
            gold, flagged = example.label(label), verdict.labels[label].flagged
            tp += gold and flagged
            fp += (not gold) and flagged
            fn += gold and not flagged
            tn += (not gold) and not flagged
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}

    def honest_rate(pairs: Sequence[tuple[Example, Verdict]]) -> tuple[int, int]:
        honest = [v for e, v in pairs if not any(e.label(label) for label in labels)]
        return len(honest), sum(1 for v in honest if any(v.labels[label].flagged for label in labels))

    pairs = list(zip(examples, verdicts, strict=True))
    honest, honest_flagged = honest_rate(pairs)
    by_lang: dict[str, Any] = {}
    for lang in sorted({example.lang for example in examples}):
        subset = [pair for pair in pairs if pair[0].lang == lang]
        lang_honest, lang_flagged = honest_rate(subset)
        by_lang[lang] = {label: confusion(subset, label)["f1"] for label in labels}
        by_lang[lang]["examples"] = len(subset)
        by_lang[lang]["honest_flag_rate"] = _ratio(lang_flagged, lang_honest)
    errors = [
        {
            "text": example.text,
            "gold": {label: example.label(label) for label in labels},
            "scores": {label: verdict.labels[label].score for label in labels},
            "evidence": {label: list(verdict.labels[label].evidence) for label in labels},
        }
        for example, verdict in pairs
        if any(example.label(label) != verdict.labels[label].flagged for label in labels)
    ]
    return {
        "examples": len(examples),
        "labels": {label: confusion(pairs, label) for label in labels},
        "honest": honest,
        "honest_flagged": honest_flagged,
        "honest_flag_rate": _ratio(honest_flagged, honest),
        "by_lang": by_lang,
        "seconds": round(seconds, 3),
        "per_second": round(len(examples) / seconds, 1) if seconds > 0 else 0.0,
        "errors_total": len(errors),
        "errors": errors[:MAX_ERRORS_KEPT],
    }


def format_metrics(metrics: dict[str, Any]) -> str:
    """A short human-readable report of ``evaluate``/``train_and_evaluate`` metrics."""
    lines: list[str] = []
    if "model_version" in metrics:
        lines.append(f"model {metrics['model_version']}")
    if "train_seconds" in metrics:
        lines.append(
            f"trained on {metrics.get('train_examples', '?')} examples in {metrics['train_seconds']} s"
        )
    lines.append(f"evaluated {metrics['examples']} examples ({metrics['per_second']}/s)")
    for label, row in metrics["labels"].items():
        lines.append(
            f"  {label:<17} P={row['precision']:.3f} R={row['recall']:.3f} F1={row['f1']:.3f}  "
            f"tp={row['tp']} fp={row['fp']} fn={row['fn']} tn={row['tn']}"
        )
    lines.append(
        f"  honest flagged    {metrics['honest_flagged']}/{metrics['honest']}"
        f" = {metrics['honest_flag_rate']:.2%}"
    )
    for lang, row in metrics.get("by_lang", {}).items():
        f1s = " ".join(f"{label}={row[label]:.3f}" for label in metrics["labels"])
        lines.append(
            f"  [{lang}] n={row['examples']} F1 {f1s} honest_flag_rate={row['honest_flag_rate']:.2%}"
        )
    if metrics.get("errors_total"):
        lines.append(
            f"  {metrics['errors_total']} misclassified (first {len(metrics['errors'])} kept in 'errors')"
        )
    return "\n".join(lines)


def train_and_evaluate(
    corpus_path: str | os.PathLike[str] = DEFAULT_CORPUS_PATH,
    *,
    seed: int = DEFAULT_SEED,
    version: str = MODEL_VERSION,
    out_path: str | os.PathLike[str] | None = None,
    extra_examples: Sequence[Example] = (),
) -> tuple[ModelBundle, dict[str, Any]]:
    """Train on the corpus' train split (plus ``extra_examples``, e.g. moderators' decisions), evaluate the
    full pipeline on its test split, record the metrics in the bundle and save it if ``out_path`` is given.

    Returns ``(bundle, metrics)``; metrics are those of ``evaluate`` plus ``model_version``,
    ``train_examples`` and ``train_seconds``. Deterministic for a fixed seed (timings aside).
    """
    examples = load_corpus(corpus_path)
    train_split = [e for e in examples if e.split == "train"] + list(extra_examples)
    test_split = [e for e in examples if e.split == "test"]
    bundle, training = train(train_split, seed=seed, version=version)
    metrics = evaluate(test_split, lambda texts: classify_many(texts, bundle=bundle))
    metrics.update(
        model_version=bundle.full_version,
        train_examples=training["examples"],
        train_seconds=training["train_seconds"],
    )
    bundle.metrics["held_out"] = {k: v for k, v in metrics.items() if k != "errors"}
    if out_path is not None:
        save_bundle(bundle, out_path)
    return bundle, metrics


def cross_validate(
    examples: Sequence[Example],
    *,
    folds: int = 4,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """Grouped k-fold over templates (obfuscated copies stay with their template) on ``examples``.

    Used to tune rules and constants on the train split without looking at the test split. Returns
    ``evaluate`` metrics over all out-of-fold predictions (the ``errors`` list included).
    """
    groups = sorted({e.template.removesuffix("-obf") or e.text for e in examples})
    fold_of = {group: index % folds for index, group in enumerate(groups)}
    predictions: dict[int, Verdict] = {}
    for fold in range(folds):
        held = [
            i for i, e in enumerate(examples) if fold_of[e.template.removesuffix("-obf") or e.text] == fold
        ]
        held_set = set(held)
        bundle, _ = train([e for i, e in enumerate(examples) if i not in held_set], seed=seed)
        for index, verdict in zip(
            held, classify_many([examples[i].text for i in held], bundle=bundle), strict=True
        ):
            predictions[index] = verdict
    ordered = [predictions[i] for i in range(len(examples))]
    return evaluate(examples, lambda _texts: ordered)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train and/or evaluate the moderation classifier.")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS_PATH))
    parser.add_argument("--out", default=str(DEFAULT_MODEL_PATH))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--eval-only", action="store_true", help="evaluate the model at --out on the test split"
    )
    parser.add_argument(
        "--cv", type=int, default=0, help="grouped k-fold on the train split only (no saving)"
    )
    parser.add_argument("--show-errors", type=int, default=0, help="print this many misclassified examples")
    args = parser.parse_args(argv)
    if args.cv:
        metrics = cross_validate(load_corpus(args.corpus, split="train"), folds=args.cv, seed=args.seed)
    elif args.eval_only:
        bundle = load_bundle(args.out)
        metrics = evaluate(load_corpus(args.corpus, split="test"), lambda t: classify_many(t, bundle=bundle))
        metrics["model_version"] = bundle.full_version
    else:
        _, metrics = train_and_evaluate(args.corpus, seed=args.seed, out_path=args.out)
        size = Path(args.out).stat().st_size
        print(f"saved {args.out} ({size / 1e6:.2f} MB)")
    print(format_metrics(metrics))
    for error in metrics["errors"][: args.show_errors]:
        print(json.dumps(error, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
