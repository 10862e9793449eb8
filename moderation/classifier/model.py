"""The statistical layer: one calibrated linear model per label over shared TF-IDF features.

Features are character n-grams (``char_wb`` 1-4, which also covers Chinese, where there are no spaces)
computed on ``normalize``d text with digits folded to ``0`` so that "15x long" and "20x long" share features
(see ``model_text`` for the quote and context markers). Each label gets a LogisticRegression wrapped in
CalibratedClassifierCV
(sigmoid, ``ensemble=False``: one fitted model plus a calibrator learned from cross-validated scores),
so ``predict_proba`` returns a probability in [0, 1] and the file stays small.

Contract:
- ``train(examples, seed=...)`` is deterministic: the same examples and seed give the same bundle, the
  same ``content_hash`` and the same predictions.
- The bundle file is a joblib pickle: load only files this project wrote (never user uploads).
- ``load_bundle(path)`` caches per path for the life of the process; ``reload_bundle`` drops the cache.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from moderation.classifier.normalize import normalize
from moderation.classifier.rules import (
    LABELS,
    has_hindsight_cue,
    has_news_cue,
    has_question,
    has_self_report,
    has_warning_cue,
    mask_quotes,
)

__all__ = [
    "DEFAULT_MODEL_PATH",
    "MODEL_PATH_ENV",
    "Example",
    "ModelBundle",
    "default_bundle",
    "load_bundle",
    "model_text",
    "reload_bundle",
    "save_bundle",
    "train",
]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "artifacts" / "classifier.joblib"
MODEL_PATH_ENV = "MODERATION_CLASSIFIER_MODEL"
MODEL_VERSION = "2026.11.29-1"
DEFAULT_SEED = 20261129

# Feature choice, measured by grouped 4-fold CV over templates on the train split (3,661 examples), as
# honest-flag rate / advice F1 / spam F1: char_wb 1-4 alone 1.0% / 0.984 / 0.989 (chosen); char_wb 2-5
# alone 1.3% / 0.977 / 0.987; char_wb 1-4 + word 1-2 1.2% / 0.980 / 0.989; char_wb 2-5 + word 1-2
# 1.3% / 0.971 / 0.990 (word n-grams memorise template wording). 30k vs 120k max features made no difference.
CHAR_NGRAMS = (1, 4)
CHAR_MAX_FEATURES = 60_000
# C in {1, 2, 4, 10, 30} moved CV F1 by < 0.003 (4 best for spam); class_weight="balanced" beat None and
# LinearSVC was no better (measured on the first corpus version, 3,380 train examples, with word n-grams).
LOGREG_C = 4.0
CALIBRATION_FOLDS = 5

_DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled comment, as stored in the corpus JSONL."""

    text: str
    spam: bool
    financial_advice: bool
    lang: str = "en"
    split: str = "train"
    template: str = ""

    def label(self, name: str) -> bool:
        return bool(getattr(self, name))


def model_text(normalized: str) -> str:
    """The model's view of already-normalized text.

    Digits fold to 0 (numbers vary, shapes matter); quoted spans become one placeholder token (a warning that
    quotes "claim your airdrop" must not look like the scam itself); a warning or news context adds a marker
    token (as do a question, hindsight and a report of one's own trades) that the model learns a weight for, because a bag of n-grams
    cannot see context on its own.
    """
    text = mask_quotes(_DIGIT_RE.sub("0", normalized))
    if has_warning_cue(normalized):
        text += " zzwarn"
    if has_news_cue(normalized):
        text += " zznews"
    if has_question(normalized):
        text += " zzask"
    if has_hindsight_cue(normalized):
        text += " zzpast"
    if has_self_report(normalized):
        text += " zzself"
    return text


@dataclass
class ModelBundle:
    """Everything needed to score text: shared vectorizer, one calibrated classifier per label, metadata."""

    version: str
    content_hash: str
    labels: tuple[str, ...]
    vectorizer: Any
    classifiers: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def full_version(self) -> str:
        """``<version>+<first 12 hex of the content hash>``: what verdicts record as ``model_version``."""
        return f"{self.version}+{self.content_hash[:12]}"

    def predict_normalized(self, normalized_texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Probability of each label for each (already normalized) text; one vectorization for the batch."""
        if not normalized_texts:
            return {label: np.zeros(0) for label in self.labels}
        features = self.vectorizer.transform([model_text(t) for t in normalized_texts])
        return {label: self.classifiers[label].predict_proba(features)[:, 1] for label in self.labels}

    def predict(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Like ``predict_normalized`` but normalizes raw texts first."""
        return self.predict_normalized([normalize(t) for t in texts])


def _build_vectorizer() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=CHAR_NGRAMS,
        min_df=2,
        max_features=CHAR_MAX_FEATURES,
        sublinear_tf=True,
        lowercase=False,
        dtype=np.float32,
    )
    # A union of one part keeps room for more feature families without changing the bundle format.
    return FeatureUnion([("char", char)])


def _build_classifier(seed: int) -> Any:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    base = LogisticRegression(C=LOGREG_C, solver="liblinear", class_weight="balanced", random_state=seed)
    folds = StratifiedKFold(n_splits=CALIBRATION_FOLDS, shuffle=True, random_state=seed)
    return CalibratedClassifierCV(base, method="sigmoid", cv=folds, ensemble=False)


def _strip_introspection(vectorizer: Any) -> None:
    """Drop fit-time attributes that are only for introspection and can be megabytes (``stop_words_``)."""
    for _, part in vectorizer.transformer_list:
        if hasattr(part, "stop_words_"):
            part.stop_words_ = None


def _content_hash(vectorizer: Any, classifiers: dict[str, Any]) -> str:
    """sha256 over vocabularies, idf and every fitted coefficient: equal hash <=> equal predictions."""
    digest = hashlib.sha256()
    for name, part in vectorizer.transformer_list:
        digest.update(name.encode())
        for term, index in sorted(part.vocabulary_.items()):
            digest.update(f"{term}\x00{index}\x01".encode())
        digest.update(np.ascontiguousarray(part.idf_, dtype=np.float64).tobytes())
    for label in sorted(classifiers):
        digest.update(label.encode())
        for calibrated in classifiers[label].calibrated_classifiers_:
            digest.update(np.ascontiguousarray(calibrated.estimator.coef_, dtype=np.float64).tobytes())
            digest.update(np.ascontiguousarray(calibrated.estimator.intercept_, dtype=np.float64).tobytes())
            for calibrator in calibrated.calibrators:
                digest.update(np.asarray([calibrator.a_, calibrator.b_], dtype=np.float64).tobytes())
    return digest.hexdigest()


def train(
    examples: Sequence[Example],
    *,
    seed: int = DEFAULT_SEED,
    version: str = MODEL_VERSION,
    labels: Sequence[str] = LABELS,
) -> tuple[ModelBundle, dict[str, Any]]:
    """Fit the vectorizer and one calibrated classifier per label on ``examples``.

    Returns ``(bundle, metrics)`` where metrics holds counts and the fit time in seconds (held-out quality
    is measured by ``training.train_and_evaluate``). Deterministic for a fixed ``seed``. Each label needs
    at least ``CALIBRATION_FOLDS`` positive and negative examples.
    """
    started = time.perf_counter()
    texts = [model_text(normalize(example.text)) for example in examples]
    vectorizer = _build_vectorizer()
    features = vectorizer.fit_transform(texts)
    _strip_introspection(vectorizer)
    classifiers: dict[str, Any] = {}
    for label in labels:
        target = np.fromiter(
            (example.label(label) for example in examples), dtype=np.int8, count=len(examples)
        )
        classifiers[label] = _build_classifier(seed).fit(features, target)
    content_hash = _content_hash(vectorizer, classifiers)
    metrics: dict[str, Any] = {
        "examples": len(examples),
        "positives": {label: int(sum(example.label(label) for example in examples)) for label in labels},
        "features": int(features.shape[1]),
        "seed": seed,
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    bundle = ModelBundle(
        version=version,
        content_hash=content_hash,
        labels=tuple(labels),
        vectorizer=vectorizer,
        classifiers=classifiers,
        metrics={"training": metrics},
    )
    return bundle, metrics


def save_bundle(bundle: ModelBundle, path: str | os.PathLike[str] = DEFAULT_MODEL_PATH) -> Path:
    """Write ``bundle`` with joblib (compressed) to ``path``, creating folders; return the path.

    Atomic: written beside the target, then renamed over it, so a worker loading the model meanwhile reads
    the old file or the new one, never half of one.
    """
    import tempfile

    import joblib

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        joblib.dump(bundle, temporary, compress=("xz", 6))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


# The path ``default_bundle`` loads; ``reload_bundle(path)`` repoints it (e.g. after ``moderation_train``).
_default_path: dict[str, str | None] = {"path": None}


def _resolve(path: str | os.PathLike[str] | None) -> str:
    if path is None:
        path = _default_path["path"] or os.environ.get(MODEL_PATH_ENV) or DEFAULT_MODEL_PATH
    return str(Path(path).resolve())


@functools.lru_cache(maxsize=4)
def _load_cached(resolved_path: str) -> ModelBundle:
    import joblib

    bundle = joblib.load(resolved_path)
    if not isinstance(bundle, ModelBundle):
        raise TypeError(f"{resolved_path} does not hold a ModelBundle")
    return bundle


def load_bundle(path: str | os.PathLike[str] | None = None) -> ModelBundle:
    """Load (once per process and path) the bundle at ``path``, else the current default path.

    The default path is the one last given to ``reload_bundle``, else ``$MODERATION_CLASSIFIER_MODEL``,
    else ``DEFAULT_MODEL_PATH`` (the shipped model).
    """
    return _load_cached(_resolve(path))


def default_bundle() -> ModelBundle:
    """The process-wide bundle used by the pipeline when no bundle is passed."""
    return load_bundle(None)


def reload_bundle(path: str | os.PathLike[str] | None = None) -> ModelBundle:
    """Forget every cached bundle, make ``path`` (if given) the default, and load it afresh."""
    _load_cached.cache_clear()
    if path is not None:
        _default_path["path"] = str(Path(path).resolve())
    return load_bundle(None)
