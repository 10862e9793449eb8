"""Retraining from the repo's training data plus moderators' decisions, and activating a model only if it
is not worse than the active one on the independent dev set.

Moderators' decisions become training examples (never evaluation examples, so the dev set stays comparable
across versions): the latest decision on each label of a revision wins; a label no decision spoke to keeps
what the classifier said about it. With no decisions the recipe is the shipped model's, so the result has
the shipped model's identity (``content_hash`` is the recipe's) and nothing new is activated.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import DatabaseError

from moderation import runtime
from moderation.models import AuditAction, Flag, ReviewDecision
from moderation.services.audit import audit_log_record

logger = logging.getLogger(__name__)


def decision_examples() -> list:
    """Moderators' decisions as classifier ``Example``s (split "train"), one per decided revision."""
    from moderation.classifier.language import detect_language
    from moderation.classifier.model import Example

    decided: dict[tuple[str, int, int], dict[str, Any]] = {}
    for decision in ReviewDecision.objects.exclude(labels={}).order_by("created_at", "id"):
        key = (decision.content_kind, decision.object_id, decision.revision)
        entry = decided.setdefault(key, {"text": decision.text, "labels": {}})
        entry["text"] = decision.text
        entry["labels"].update(decision.labels)
    if not decided:
        return []
    model_opinion: dict[tuple[str, int, int], dict[str, bool]] = {}
    for kind, object_id, revision, label, level in Flag.objects.filter(
        object_id__in={key[1] for key in decided}
    ).values_list("content_kind", "object_id", "revision", "label", "level"):
        model_opinion.setdefault((kind, object_id, revision), {})[label] = level != "low"
    examples = []
    for key, entry in decided.items():
        if not entry["text"].strip():
            continue
        labels = {**model_opinion.get(key, {}), **entry["labels"]}
        examples.append(
            Example(
                text=entry["text"],
                spam=bool(labels.get("spam", False)),
                financial_advice=bool(labels.get("financial_advice", False)),
                lang=detect_language(entry["text"]).code or "unknown",
                split="train",
                template=f"decision-{key[0]}-{key[1]}-r{key[2]}",
                source="decisions",
            )
        )
    return examples


def _evaluate_bundle(bundle) -> dict[str, Any]:
    from moderation.classifier.evaluation import evaluate
    from moderation.classifier.pipeline import classify_many
    from moderation.classifier.training import DEV_PATH, load_corpus

    metrics = evaluate(
        load_corpus(DEV_PATH), lambda texts: classify_many(texts, bundle=bundle, known_vectors=True)
    )
    metrics["model_version"] = bundle.full_version
    return metrics


def not_worse(candidate: dict[str, Any], active: dict[str, Any]) -> tuple[bool, list[str]]:
    """The activation rule: every label's F1 at least the active model's, and no more honest comments
    flagged. Returns ``(ok, reasons it is worse)``."""
    worse = []
    for label, row in active["labels"].items():
        if candidate["labels"][label]["f1"] < row["f1"]:
            worse.append(f"{label} F1 {candidate['labels'][label]['f1']:.4f} < {row['f1']:.4f}")
    if candidate["honest_flag_rate"] > active["honest_flag_rate"]:
        worse.append(
            f"honest-flag rate {candidate['honest_flag_rate']:.2%} > {active['honest_flag_rate']:.2%}"
        )
    return not worse, worse


def _examples_from_decisions(use_decisions: bool) -> list:
    if not use_decisions:
        return []
    try:
        return decision_examples()
    except DatabaseError as exc:
        logger.warning("moderation: decisions unavailable (%s); training on the corpus alone", exc)
        return []


def _model_activate(*, bundle, metrics: dict, active, now: datetime, examples: int, note: str, worse) -> Path:
    """Save ``bundle``, point the workers at it, and audit the activation (when the database is there)."""
    from moderation.classifier.model import save_bundle

    path = save_bundle(bundle, runtime.model_dir() / f"classifier-{bundle.full_version}.joblib")
    held_out = {k: v for k, v in metrics.items() if k not in ("errors", "columns")}
    runtime.active_pointer_write(
        {
            "path": str(Path(path).resolve()),
            "version": bundle.full_version,
            "content_hash": bundle.content_hash,
            "activated_at": now.isoformat(),
            "examples_from_decisions": examples,
            "metrics": {"labels": held_out["labels"], "honest_flag_rate": held_out["honest_flag_rate"]},
            "previous_version": active.full_version,
        }
    )
    try:
        audit_log_record(
            actor_label="trainer",
            action=AuditAction.MODEL_ACTIVATED,
            target_kind="model",
            target_id=None,
            reason=f"{bundle.full_version} replaces {active.full_version}{note}",
            extra={
                "labels": held_out["labels"],
                "honest_flag_rate": held_out["honest_flag_rate"],
                "worse": worse,
            },
        )
    except DatabaseError as exc:
        logger.warning("moderation: model activated but not audited (%s)", exc)
    return path


def model_train(
    *, seed: int | None = None, activate: bool = True, force: bool = False, use_decisions: bool = True
) -> dict[str, Any]:
    """Train on the training data plus moderators' decisions, evaluate on the dev set, and activate the new
    model if it is not worse than the active one there (or ``force``).

    Returns ``{"metrics", "active_metrics", "examples_from_decisions", "content_hash", "same_as_active",
    "activated", "path", "worse"}``. Reading decisions needs the database; without one (or without
    migrations) training uses the corpus alone.
    """
    from moderation.classifier.model import DEFAULT_SEED, MODEL_VERSION
    from moderation.classifier.training import train_and_evaluate

    extra = _examples_from_decisions(use_decisions)
    active = runtime.active_bundle()
    now = datetime.now(UTC)
    version = f"{now:%Y.%m.%d}-{now:%H%M%S}" if extra else MODEL_VERSION
    # Dev alone decides activation; test is scored once per shipped version, by `moderation_eval`.
    bundle, metrics = train_and_evaluate(
        seed=seed if seed is not None else DEFAULT_SEED, version=version, extra_examples=extra, dev_only=True
    )
    same = bundle.content_hash == active.content_hash
    active_metrics = metrics if same else _evaluate_bundle(active)
    ok, worse = not_worse(metrics, active_metrics)
    result: dict[str, Any] = {
        "metrics": metrics,
        "active_metrics": active_metrics,
        "active_version": active.full_version,
        "examples_from_decisions": len(extra),
        "content_hash": bundle.content_hash,
        "same_as_active": same,
        "activated": False,
        "path": None,
        "worse": worse,
    }
    if same or not activate or not (ok or force):
        return result
    path = _model_activate(
        bundle=bundle,
        metrics=metrics,
        active=active,
        now=now,
        examples=len(extra),
        note=" (forced)" if force and not ok else "",
        worse=worse,
    )
    result.update(activated=True, path=str(path))
    return result
