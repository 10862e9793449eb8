"""Corpus loading, training, evaluation and saving, usable without Django.

Data (``moderation/corpus/``):
- ``families.jsonl``: hand-written intent families (each intent written natively in 8+ languages with
  paraphrases and contrast pairs); split by family x language, so a held-out unit never shares a family and
  language with training rows.
- ``natural.jsonl``: single comments written naturally (no families, no templates) by writers who saw
  neither the training files nor dev nor test, given only the policy and the news topics; trained on.
- ``corpus.jsonl``: the older template generator's rows, kept for volume and obfuscation; they train at
  ``model.TEMPLATE_WEIGHT`` and are scored in their own column ("template").
- ``dev.jsonl``: written independently (never seen by the training writers); never trained on. It fits the
  stackers and is the yardstick for every choice, and for activation.
- ``test.jsonl``: written independently again; scored once per model version for the reported figure.

Obfuscated copies of family rows (both honest and labelled) are added at training time, so obfuscation
alone is never the label.

    python -m moderation.classifier.training               # train, score every column, save
    python -m moderation.classifier.training --eval-only   # score the shipped model on dev and test
    python -m moderation.classifier.training --refresh-vectors  # after the corpus changes: update the
                                                           # second opinion's shipped vectors
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from moderation.classifier.evaluation import evaluate, format_metrics
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
from moderation.classifier.pipeline import block_inputs, classify_many

__all__ = [
    "CORPUS_DIR",
    "DEFAULT_CORPUS_PATH",
    "DEV_PATH",
    "FAMILIES_PATH",
    "NATURAL_PATH",
    "TEST_PATH",
    "Example",
    "evaluate",
    "format_metrics",
    "load_corpus",
    "obfuscated_copies",
    "save_bundle",
    "score_columns",
    "train_and_evaluate",
    "training_examples",
]

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
DEFAULT_CORPUS_PATH = CORPUS_DIR / "corpus.jsonl"
FAMILIES_PATH = CORPUS_DIR / "families.jsonl"
NATURAL_PATH = CORPUS_DIR / "natural.jsonl"
DEV_PATH = CORPUS_DIR / "dev.jsonl"
TEST_PATH = CORPUS_DIR / "test.jsonl"
# Share of family units (family x language) held out of training and scored as the "families" column.
FAMILY_HOLDOUT_SHARE = 0.1
# Share of family rows that get one obfuscated copy each.
OBFUSCATED_SHARE = 0.3


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y"}
    return bool(value)


def _example(row: dict[str, Any], *, source: str, default_split: str) -> Example:
    return Example(
        text=str(row["text"]),
        spam=_as_bool(row.get("spam", False)),
        financial_advice=_as_bool(row.get("financial_advice", False)),
        lang=str(row.get("lang") or "unknown"),
        split=str(row.get("split", default_split)),
        template=str(row.get("template", "")),
        family=str(row.get("family", "")),
        source=source,
        hard=_as_bool(row.get("hard", False)),
    )


def load_corpus(
    path: str | os.PathLike[str] = DEV_PATH, *, split: str | None = None, source: str | None = None
) -> list[Example]:
    """Read a JSONL file of ``{"text", "spam", "financial_advice", ...}`` objects.

    Missing ``split`` defaults to "test" (an outside file given to ``moderation_eval`` is all evaluation
    data). ``source`` defaults to "template" for ``corpus.jsonl``, else the file's stem. Blank lines are
    skipped; a bad line raises ValueError naming its line number. ``split`` keeps only that split.
    """
    path = Path(path)
    source = source or ("template" if path.name == DEFAULT_CORPUS_PATH.name else path.stem)
    examples: list[Example] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                example = _example(json.loads(line), source=source, default_split="test")
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                raise ValueError(f"{path}:{number}: not a corpus line ({exc})") from exc
            if split is None or example.split == split:
                examples.append(example)
    return examples


def _unit_held_out(example: Example) -> bool:
    """Whether this row's family x language unit is in the held-out share (stable across runs)."""
    unit = f"{example.family}|{example.lang}".encode()
    return zlib.crc32(unit) % 1000 < FAMILY_HOLDOUT_SHARE * 1000


_HOMOGLYPHS = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "i": "\u0456"}


def _homoglyphs(text: str, rng: random.Random) -> str:
    return "".join(_HOMOGLYPHS[c] if c in _HOMOGLYPHS and rng.random() < 0.5 else c for c in text)


def _spaced(text: str, rng: random.Random) -> str:
    words = text.split()
    if not words:
        return text
    index = rng.randrange(len(words))
    words[index] = " ".join(words[index])
    return " ".join(words)


def _zero_width(text: str, rng: random.Random) -> str:
    return "".join(c + ("\u200b" if c.isalpha() and rng.random() < 0.3 else "") for c in text)


def _full_width(text: str, rng: random.Random) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _emoji_flood(text: str, rng: random.Random) -> str:
    return text + " " + rng.choice("🚀🔥💰📈💎") * rng.randint(4, 12)


def _no_punctuation(text: str, rng: random.Random) -> str:
    return "".join(c for c in text if c.isalnum() or c.isspace()).lower()


_DISGUISES = (_homoglyphs, _spaced, _zero_width, _full_width, _emoji_flood, _no_punctuation)


def obfuscated_copies(examples: Sequence[Example], *, seed: int) -> list[Example]:
    """One disguised copy of ``OBFUSCATED_SHARE`` of ``examples``, labels kept (honest rows included)."""
    rng = random.Random(seed)
    copies = []
    for example in examples:
        if rng.random() >= OBFUSCATED_SHARE:
            continue
        disguised = rng.choice(_DISGUISES)(example.text, rng)
        if disguised == example.text:  # nothing to disguise (e.g. no punctuation to drop)
            continue
        copies.append(
            Example(
                text=disguised,
                spam=example.spam,
                financial_advice=example.financial_advice,
                lang=example.lang,
                family=example.family,
                source="obfuscated",
            )
        )
    return copies


def training_examples(*, seed: int, extra: Sequence[Example] = ()) -> tuple[list[Example], list[Example]]:
    """``(train, family_holdout)``: family rows outside the held-out units plus their obfuscated copies,
    the natural comments, the template corpus' train split, and ``extra`` (moderators' decisions)."""
    families = load_corpus(FAMILIES_PATH, source="families") if FAMILIES_PATH.exists() else []
    held = [e for e in families if _unit_held_out(e)]
    kept = [e for e in families if not _unit_held_out(e)]
    natural = load_corpus(NATURAL_PATH, source="natural") if NATURAL_PATH.exists() else []
    templates = load_corpus(DEFAULT_CORPUS_PATH, split="train")
    return kept + obfuscated_copies(kept, seed=seed) + natural + templates + list(extra), held


def score_columns(bundle: ModelBundle, columns: dict[str, Sequence[Example]]) -> dict[str, Any]:
    """``evaluate`` of ``bundle`` on each named set (errors dropped from all but dev and test)."""
    scored = {}
    for name, examples in columns.items():
        if not examples:
            continue
        metrics = evaluate(examples, lambda texts: classify_many(texts, bundle=bundle, known_vectors=True))
        if name not in ("dev", "test"):
            metrics.pop("errors", None)
        scored[name] = metrics
    return scored


# Folds for the dev set's out-of-fold figure (the stackers are fitted on dev, so its plain figure is
# in-sample for them).
DEV_FOLDS = 5


def dev_out_of_fold(bundle: ModelBundle, dev: Sequence[Example], *, seed: int) -> dict[str, Any]:
    """``evaluate`` on dev with each fifth scored by stackers fitted on the other four fifths."""
    import copy

    from moderation.classifier.model import fit_stackers, subset_inputs

    inputs = block_inputs([example.text for example in dev])
    verdicts: list[Any] = [None] * len(dev)
    order = sorted(range(len(dev)), key=lambda i: zlib.crc32(f"{seed}|{dev[i].text}".encode()))
    for fold in range(DEV_FOLDS):
        held = order[fold::DEV_FOLDS]
        kept = sorted(set(range(len(dev))) - set(held))
        fold_bundle = copy.copy(bundle)
        fold_bundle.stackers = fit_stackers(bundle, subset_inputs(inputs, kept), [dev[i] for i in kept], seed)
        for index, verdict in zip(
            held,
            classify_many([dev[i].text for i in held], bundle=fold_bundle, known_vectors=True),
            strict=True,
        ):
            verdicts[index] = verdict
    return evaluate(dev, lambda _texts: verdicts)


def evaluation_columns(family_holdout: Sequence[Example] = ()) -> dict[str, list[Example]]:
    """The sets every model version is scored on: dev, test, held-out families and the template split."""
    return {
        "dev": load_corpus(DEV_PATH, source="dev"),
        "test": load_corpus(TEST_PATH, source="test") if TEST_PATH.exists() else [],
        "families": list(family_holdout),
        "template": load_corpus(DEFAULT_CORPUS_PATH, split="test"),
    }


def train_and_evaluate(
    *,
    seed: int = DEFAULT_SEED,
    version: str = MODEL_VERSION,
    out_path: str | os.PathLike[str] | None = None,
    extra_examples: Sequence[Example] = (),
    dev_only: bool = False,
) -> tuple[ModelBundle, dict[str, Any]]:
    """Train the blocks on the training data (plus ``extra_examples``) and the stackers on dev, score every
    column (with ``dev_only``, dev alone), record the metrics in the bundle and save it if ``out_path`` is
    given.

    Returns ``(bundle, metrics)``: the dev metrics (the activation yardstick) at the top level, every
    column under ``columns``, plus ``model_version``, ``train_examples`` and ``train_seconds``.
    """
    examples, held = training_examples(seed=seed, extra=extra_examples)
    columns = evaluation_columns(held)
    bundle, training = train(examples, dev=columns["dev"], featurize=block_inputs, seed=seed, version=version)
    scored = score_columns(bundle, {"dev": columns["dev"]} if dev_only else columns)
    if not dev_only:
        scored["dev_out_of_fold"] = dev_out_of_fold(bundle, columns["dev"], seed=seed)
        scored["dev_out_of_fold"].pop("errors", None)
    metrics = {**scored["dev"], "columns": scored}
    metrics.update(
        model_version=bundle.full_version,
        train_examples=training["examples"],
        train_seconds=training["train_seconds"],
    )
    bundle.metrics["columns"] = {
        name: {k: v for k, v in column.items() if k != "errors"} for name, column in scored.items()
    }
    if out_path is not None:
        save_bundle(bundle, out_path)
    return bundle, metrics


def read_texts(*, seed: int = DEFAULT_SEED) -> list[str]:
    """Every distinct text training and the evaluation columns read."""
    examples, held = training_examples(seed=seed)
    columns = evaluation_columns(held)
    return list(dict.fromkeys(e.text for e in [*examples, *(e for rows in columns.values() for e in rows)]))


def refresh_known_vectors(*, seed: int = DEFAULT_SEED) -> tuple[int, int]:
    """Make the second opinion's shipped vectors hold exactly the texts training and evaluation read: the
    missing ones go through the model (about 25 a second), the ones no longer read are dropped. Returns
    ``(computed, dropped)``."""
    from moderation.classifier import second_opinion

    texts = read_texts(seed=seed)
    known = second_opinion.known_vectors()
    wanted = {second_opinion.text_key(text) for text in texts}
    missing = [text for text in texts if second_opinion.text_key(text) not in known]
    fresh = second_opinion.encode(missing) if missing else None
    if missing and fresh is None:
        raise RuntimeError(f"the second opinion is unavailable: {second_opinion.status()[1]}")
    kept = {key: vector for key, vector in known.items() if key in wanted}
    dropped = len(known) - len(kept)
    if missing:
        kept.update(zip((second_opinion.text_key(text) for text in missing), fresh, strict=True))
    second_opinion.save_known_vectors(kept)
    return len(missing), dropped


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train and/or evaluate the moderation classifier.")
    parser.add_argument("--out", default=str(DEFAULT_MODEL_PATH))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--eval-only", action="store_true", help="score the model at --out on every column")
    parser.add_argument("--show-errors", type=int, default=0, help="print this many dev errors")
    parser.add_argument(
        "--refresh-vectors", action="store_true", help="update the second opinion's shipped vectors"
    )
    args = parser.parse_args(argv)
    if args.refresh_vectors:
        computed, dropped = refresh_known_vectors(seed=args.seed)
        print(f"second opinion vectors: {computed} computed, {dropped} dropped")
        return 0
    if args.eval_only:
        bundle = load_bundle(args.out)
        _, held = training_examples(seed=args.seed)
        metrics = {
            "columns": score_columns(bundle, evaluation_columns(held)),
            "model_version": bundle.full_version,
        }
    else:
        _, metrics = train_and_evaluate(seed=args.seed, out_path=args.out)
        size = Path(args.out).stat().st_size
        print(f"saved {args.out} ({size / 1e6:.2f} MB)")
    print(format_metrics(metrics))
    for error in metrics["columns"]["dev"].get("errors", [])[: args.show_errors]:
        print(json.dumps(error, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
