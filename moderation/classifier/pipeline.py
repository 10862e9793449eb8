"""Combine model, rules, watched words and signals into one ``Verdict`` per text.

Scoring, per label: ``score = 1 - (1 - p_model) * prod(1 - w)`` over the rule hits and signal adjustments
of that label (noisy-OR: each piece of evidence is an independent chance that the label applies). So one
strong rule (0.9) flags on its own, weak rules (< 0.5) need the model or another rule to agree, and
nothing here can lower the model's score. The level comes from ``Thresholds``; ``flagged`` means the level
is not "low", i.e. policy would take some action.

Watched words do not change scores: their strongest action is reported as ``watched_action`` for the
caller (the moderation service) to apply, and each hit is added to its label's evidence.

Contract: ``classify_many(texts)[i] == classify(texts[i])`` for the same keyword arguments; verdicts are
plain data (``to_dict`` is JSON-ready). The model is loaded once per process (see ``model.load_bundle``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from moderation.classifier import second_opinion
from moderation.classifier.encoder import encode
from moderation.classifier.language import detect_language
from moderation.classifier.lexicon import lexicon_matrix
from moderation.classifier.model import BLOCKS, BlockInputs, ModelBundle, Scores, default_bundle
from moderation.classifier.normalize import normalize
from moderation.classifier.rules import (
    LABELS,
    WatchedAction,
    WatchedHit,
    WatchedRule,
    apply_watched,
    match_rules,
    strongest_action,
)
from moderation.classifier.signals import (
    DEFAULT_ALLOW_DOMAINS,
    DEFAULT_DENY_DOMAINS,
    Adjustment,
    behaviour_scores,
    content_adjustments,
    link_adjustments,
)

__all__ = ["LABELS", "Behaviour", "LabelVerdict", "Thresholds", "Verdict", "classify", "classify_many"]

# Scores are rounded so that batch and single paths, and different BLAS builds, report the same numbers.
SCORE_DECIMALS = 4
# Texts longer than this are cut before classification: a comment field is far shorter, and it bounds
# the regex and vectorizer work per item.
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Score thresholds per label (defaults: the policy's); "high" from ``high``, "medium" from ``medium``."""

    spam_medium: float = 0.5
    spam_high: float = 0.85
    financial_advice_medium: float = 0.5
    financial_advice_high: float = 0.85

    def __post_init__(self) -> None:
        for label in LABELS:
            medium, high = self.for_label(label)
            if not 0.0 <= medium <= high <= 1.0:
                raise ValueError(f"{label}: need 0 <= medium ({medium}) <= high ({high}) <= 1")

    def for_label(self, label: str) -> tuple[float, float]:
        """``(medium, high)`` for ``label``."""
        return getattr(self, f"{label}_medium"), getattr(self, f"{label}_high")

    def level(self, label: str, score: float) -> str:
        """ "low", "medium" or "high" for ``score`` on ``label``."""
        medium, high = self.for_label(label)
        if score >= high:
            return "high"
        if score >= medium:
            return "medium"
        return "low"

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Thresholds:
        """Build from settings: ``{"spam": {"medium": 0.5, "high": 0.85}, ...}`` or flat field names."""
        flat: dict[str, float] = {}
        for key, value in values.items():
            if isinstance(value, Mapping):
                for level in ("medium", "high"):
                    if level in value:
                        flat[f"{key}_{level}"] = float(value[level])
            else:
                flat[key] = float(value)
        return cls(**flat)


@dataclass(frozen=True, slots=True)
class Behaviour:
    """Per-comment behaviour numbers the DB layer counts; see ``signals.behaviour_scores`` for meanings."""

    duplicates_recent: int = 0
    posts_last_10min: int = 0
    account_age_hours: float | None = None
    trust_level: int | None = None
    link_domains: tuple[str, ...] = ()
    allow_domains: frozenset[str] = DEFAULT_ALLOW_DOMAINS
    deny_domains: frozenset[str] = DEFAULT_DENY_DOMAINS

    @property
    def new_account(self) -> bool:
        young = self.account_age_hours is not None and self.account_age_hours < 24.0
        return young or self.trust_level == 0


@dataclass(frozen=True, slots=True)
class LabelVerdict:
    """Score, level and evidence for one label."""

    score: float
    level: str
    evidence: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """True when policy would act (level medium or high)."""
        return self.level != "low"

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "level": self.level,
            "flagged": self.flagged,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """The classifier's answer for one text."""

    spam: LabelVerdict
    financial_advice: LabelVerdict
    model_version: str
    watched_action: WatchedAction | None = None
    watched_hits: tuple[WatchedHit, ...] = field(default_factory=tuple)
    language: str | None = None
    encoder_available: bool = True

    @property
    def labels(self) -> dict[str, LabelVerdict]:
        return {"spam": self.spam, "financial_advice": self.financial_advice}

    @property
    def flagged(self) -> bool:
        """True when either label is flagged."""
        return self.spam.flagged or self.financial_advice.flagged

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (what ``moderation_classify`` writes per line)."""
        return {
            "spam": self.spam.to_dict(),
            "financial_advice": self.financial_advice.to_dict(),
            "model_version": self.model_version,
            "watched_action": self.watched_action,
            "watched": [hit.evidence for hit in self.watched_hits],
            "language": self.language,
            "encoder_available": self.encoder_available,
        }


# Rules that keep their direct action (noisy-OR on top of the stacked probability): a real invite link or a
# concrete referral code can only be the real thing. Every other rule is a feature of the lexicon block and
# evidence for the moderator.
HARD_RULE_NAMES = frozenset({"spam.messenger_link", "spam.referral_code"})
# Text adjustments that keep their direct action: a deny-listed invite or shortener link with a path.
HARD_ADJUSTMENT_PREFIXES = ("link:denied",)
RULE_FEATURE_COUNT = 3 * len(LABELS)


def _is_hard(hit: Any) -> bool:
    return hit.name in HARD_RULE_NAMES and not hit.damped


def _rule_row(rule_hits: Sequence[Any], adjustments: Sequence[Adjustment]) -> list[float]:
    """The rule columns of the lexicon block: per label, the strongest undamped and damped rule weight and the
    strongest text adjustment."""
    row: list[float] = []
    for label in LABELS:
        undamped = [h.weight for h in rule_hits if h.label == label and not h.damped]
        damped = [h.weight for h in rule_hits if h.label == label and h.damped]
        adjusted = [a.weight for a in adjustments if a.label == label]
        row += [max(undamped, default=0.0), max(damped, default=0.0), max(adjusted, default=0.0)]
    return row


@dataclass(frozen=True, slots=True)
class _TextEvidence:
    """What the pipeline reads off one text before any model runs."""

    raw: str
    normalized: str
    rule_hits: list[Any]
    # Content adjustments (read off the text alone) and those plus the context-free link adjustments.
    content_adjustments: list[Adjustment]
    text_adjustments: list[Adjustment]
    lexicon_evidence: list[str]


def _read_texts(
    texts: Sequence[str], *, with_vectors: bool = False
) -> tuple[BlockInputs, list[_TextEvidence]]:
    raw_texts = [(text or "")[:MAX_TEXT_CHARS] for text in texts]
    normalized = [normalize(text) for text in raw_texts]
    lexicon, lexicon_evidence = lexicon_matrix(raw_texts, normalized)
    items, rule_rows = [], []
    for raw, norm, cues in zip(raw_texts, normalized, lexicon_evidence, strict=True):
        hits = match_rules(norm)
        from_content = content_adjustments(raw, norm)
        adjustments = from_content + link_adjustments(norm)
        items.append(_TextEvidence(raw, norm, hits, from_content, adjustments, cues))
        rule_rows.append(_rule_row(hits, adjustments))
    rules = np.asarray(rule_rows, dtype=np.float32).reshape(len(raw_texts), RULE_FEATURE_COUNT)
    inputs = BlockInputs(
        normalized=normalized,
        lexicon=np.hstack([lexicon, rules]),
        languages=[detect_language(text) for text in raw_texts],
        vectors=encode(normalized) if with_vectors else None,
        second_vectors=second_opinion.encode_known(raw_texts) if with_vectors else None,
    )
    return inputs, items


def block_inputs(texts: Sequence[str]) -> BlockInputs:
    """The blocks' inputs for raw ``texts`` exactly as ``classify_many`` builds them (training uses this)."""
    return _read_texts(texts, with_vectors=True)[0]


def _label_evidence(label: str, cues: Sequence[str]) -> list[str]:
    prefixes = ("lex:sp_", "lex:shape_", "lex:cue_") if label == "spam" else ("lex:adv_", "lex:cue_")
    return [cue for cue in cues if cue.startswith(prefixes)]


def _combine(
    label: str,
    scores: Scores,
    index: int,
    item: _TextEvidence,
    adjustments: Iterable[Adjustment],
    watched_hits: Iterable[WatchedHit],
    thresholds: Thresholds,
    language: str,
) -> LabelVerdict:
    """Stacked probability, then noisy-OR with the hard rules and the behaviour adjustments."""
    probability = float(scores.probability[label][index])
    remaining = 1.0 - probability
    blocks = scores.blocks[label]
    evidence = [f"model:{probability:.2f}", language]
    for block in BLOCKS:
        value = blocks.get(block)
        if value is None:
            evidence.append(f"block:{block}=unavailable")
        elif np.isnan(value[index]):
            evidence.append(f"block:{block}=skipped")
        else:
            evidence.append(f"block:{block}={value[index]:.2f}")
    for hit in sorted((h for h in item.rule_hits if h.label == label), key=lambda h: -h.weight):
        if _is_hard(hit):
            remaining *= 1.0 - hit.weight
        evidence.append(hit.evidence)
    for adjustment in adjustments:
        if adjustment.label != label:
            continue
        hard = adjustment.evidence.startswith(HARD_ADJUSTMENT_PREFIXES)
        if hard or adjustment not in item.text_adjustments:
            remaining *= 1.0 - adjustment.weight
        evidence.append(adjustment.evidence)
    evidence.extend(_label_evidence(label, item.lexicon_evidence))
    evidence.extend(hit.evidence for hit in watched_hits if hit.label == label)
    score = round(min(1.0, max(0.0, 1.0 - remaining)), SCORE_DECIMALS)
    return LabelVerdict(score=score, level=thresholds.level(label, score), evidence=tuple(evidence))


def _behaviour_for(behaviour: Behaviour | Sequence[Behaviour | None] | None, index: int) -> Behaviour | None:
    if behaviour is None or isinstance(behaviour, Behaviour):
        return behaviour
    return behaviour[index]


def _context_adjustments(item: _TextEvidence, behaviour: Behaviour | None) -> list[Adjustment]:
    """Text adjustments, plus link and behaviour adjustments that need the account's context."""
    if behaviour is None:
        return list(item.text_adjustments)
    adjustments = list(item.content_adjustments)
    adjustments += link_adjustments(
        item.normalized,
        new_account=behaviour.new_account,
        allow=behaviour.allow_domains,
        deny=behaviour.deny_domains,
    )
    adjustments += behaviour_scores(
        duplicates_recent=behaviour.duplicates_recent,
        posts_last_10min=behaviour.posts_last_10min,
        account_age_hours=behaviour.account_age_hours,
        trust_level=behaviour.trust_level,
        link_domains=behaviour.link_domains,
        allow=behaviour.allow_domains,
        deny=behaviour.deny_domains,
    )
    return adjustments


def classify_many(
    texts: Sequence[str],
    *,
    watched: Sequence[WatchedRule] = (),
    behaviour: Behaviour | Sequence[Behaviour | None] | None = None,
    thresholds: Thresholds | None = None,
    bundle: ModelBundle | None = None,
    known_vectors: bool = False,
) -> list[Verdict]:
    """Classify a batch; every block reads all texts at once (the fast path for workers and commands).

    ``behaviour`` is either one ``Behaviour`` for every text, or a sequence aligned with ``texts`` (None
    items mean "unknown"). ``bundle`` defaults to the process-wide shipped model. ``known_vectors``: the
    second opinion's vectors of the corpus' own texts from the shipped file (training's evaluations; the
    same vectors, without 40 ms a text), the model for any other text.
    """
    if behaviour is not None and not isinstance(behaviour, Behaviour) and len(behaviour) != len(texts):
        raise ValueError("behaviour must be one Behaviour or a sequence as long as texts")
    thresholds = thresholds or Thresholds()
    bundle = bundle or default_bundle()
    inputs, items = _read_texts(texts)
    second_encode = second_opinion.encode_known if known_vectors else second_opinion.encode
    scores = bundle.score(
        inputs,
        encode_fn=lambda rows: encode([inputs.normalized[i] for i in rows]),
        second_fn=lambda rows: second_encode([items[i].raw for i in rows]),
    )
    verdicts: list[Verdict] = []
    for index, item in enumerate(items):
        adjustments = _context_adjustments(item, _behaviour_for(behaviour, index))
        watched_hits = apply_watched(item.normalized, watched) if watched else []
        guess = inputs.languages[index]
        per_label = {
            label: _combine(label, scores, index, item, adjustments, watched_hits, thresholds, guess.evidence)
            for label in LABELS
        }
        verdicts.append(
            Verdict(
                spam=per_label["spam"],
                financial_advice=per_label["financial_advice"],
                model_version=bundle.full_version,
                watched_action=strongest_action(watched_hits),
                watched_hits=tuple(watched_hits),
                language=guess.code,
                encoder_available=scores.encoder_available,
            )
        )
    return verdicts


def classify(
    text: str,
    *,
    watched: Sequence[WatchedRule] = (),
    behaviour: Behaviour | None = None,
    thresholds: Thresholds | None = None,
    bundle: ModelBundle | None = None,
) -> Verdict:
    """Classify one text (same result as the matching item of ``classify_many``)."""
    return classify_many([text], watched=watched, behaviour=behaviour, thresholds=thresholds, bundle=bundle)[
        0
    ]
