"""What a screening process needs besides the text: moderators' thresholds and watched words, and the active
classifier model, each read once and then cached in the process for ``MODERATION_CONFIG_TTL_SECONDS``.

Why a TTL and not invalidation: workers are separate processes on other hosts; a 30-second cache means an
admin edit reaches every worker within a minute without a restart or a message bus, at the cost of two
small queries per worker per half-minute. The process that makes an edit calls ``live_config_clear`` so
its own next read is fresh.

The active model is a file pointer (``MODERATION_MODEL_DIR/active.json``) rather than a database row so the
evaluation commands can use it without a database; ``moderation_train`` writes it atomically. Without a
pointer, the model shipped in ``moderation/classifier/artifacts/`` is active.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

ACTIVE_POINTER_NAME = "active.json"


@dataclass(frozen=True)
class LiveConfig:
    """A snapshot of the moderator-editable configuration."""

    thresholds: Any  # moderation.classifier.pipeline.Thresholds
    watched: tuple  # of moderation.classifier.rules.WatchedRule
    reports_to_hide: int
    new_account_hold_count: int
    approvals_for_trust: int


_lock = threading.Lock()
_cache: dict[str, Any] = {"config": None, "config_expires": 0.0, "model_checked": 0.0, "model_key": None}


def classifier_thresholds(values: dict[str, Any]):
    """The classifier's ``Thresholds`` from our field names (``advice_*`` is its ``financial_advice_*``)."""
    from moderation.classifier.pipeline import Thresholds

    return Thresholds(
        spam_medium=float(values["spam_medium"]),
        spam_high=float(values["spam_high"]),
        financial_advice_medium=float(values["advice_medium"]),
        financial_advice_high=float(values["advice_high"]),
    )


def default_config() -> LiveConfig:
    """The configuration from settings alone: no database (used by the evaluation commands)."""
    values = settings.MODERATION_DEFAULT_THRESHOLDS
    return LiveConfig(
        thresholds=classifier_thresholds(values),
        watched=(),
        reports_to_hide=int(values["reports_to_hide"]),
        new_account_hold_count=int(values["new_account_hold_count"]),
        approvals_for_trust=int(values["approvals_for_trust"]),
    )


def _load_config() -> LiveConfig:
    from moderation.classifier.rules import WatchedRule
    from moderation.models import ModerationThresholds, WatchedWord

    row = ModerationThresholds.objects.filter(pk=1).values().first()
    values = {**settings.MODERATION_DEFAULT_THRESHOLDS, **(row or {})}
    watched = tuple(
        WatchedRule(
            pattern=word.pattern,
            kind="regex" if word.is_regex else "word",
            label=word.label or None,
            action=word.action,
            name=f"{word.pk}:{word.pattern[:40]}",
        )
        for word in WatchedWord.objects.filter(is_active=True).order_by("pk")
    )
    return LiveConfig(
        thresholds=classifier_thresholds(values),
        watched=watched,
        reports_to_hide=int(values["reports_to_hide"]),
        new_account_hold_count=int(values["new_account_hold_count"]),
        approvals_for_trust=int(values["approvals_for_trust"]),
    )


def live_config() -> LiveConfig:
    """The moderator-edited configuration, at most ``MODERATION_CONFIG_TTL_SECONDS`` old."""
    now = time.monotonic()
    config = _cache["config"]
    if config is not None and now < _cache["config_expires"]:
        return config
    config = _load_config()
    with _lock:
        _cache["config"] = config
        _cache["config_expires"] = now + settings.MODERATION_CONFIG_TTL_SECONDS
    return config


def live_config_clear() -> None:
    """Forget the cached configuration and model pointer (after an edit in this process, and in tests)."""
    with _lock:
        _cache.update(config=None, config_expires=0.0, model_checked=0.0, model_key=None)


# ---- the active model -----------------------------------------------------------------------------------


def model_dir() -> Path:
    return Path(settings.MODERATION_MODEL_DIR)


def active_pointer() -> dict[str, Any] | None:
    """The active model's pointer (``path``, ``version``, ``metrics``...), or None for the shipped model."""
    path = model_dir() / ACTIVE_POINTER_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        logger.exception("moderation: unreadable model pointer %s; using the shipped model", path)
        return None


def active_pointer_write(pointer: dict[str, Any]) -> Path:
    """Make ``pointer`` the active model: written to a temporary file and renamed, so readers never see half."""
    directory = model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / ACTIVE_POINTER_NAME
    temporary = directory / f".{ACTIVE_POINTER_NAME}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(pointer, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(temporary, target)
    with _lock:
        _cache.update(model_checked=0.0, model_key=None)
    return target


def active_bundle():
    """The active model bundle, loaded once per process and path; the pointer is re-read every TTL.

    A pointer to a missing or broken file is logged and ignored (the shipped model keeps screening).
    """
    from moderation.classifier.model import default_bundle, load_bundle

    now = time.monotonic()
    if now >= _cache["model_checked"]:
        pointer = active_pointer()
        key = pointer.get("path") if pointer else None
        with _lock:
            _cache["model_checked"] = now + settings.MODERATION_CONFIG_TTL_SECONDS
            _cache["model_key"] = key
    key = _cache["model_key"]
    if key:
        try:
            return load_bundle(key)
        except Exception:
            logger.exception("moderation: cannot load the active model %s; using the shipped model", key)
            with _lock:
                _cache["model_key"] = None
    return default_bundle()


# Where each screening process reports which classifier blocks it could load, for ``/healthz``: workers are
# other processes (often other hosts), and the web process must not build an encoder just to answer a probe.
CLASSIFIER_STATUS_KEY = "moderation:classifier:status"
CLASSIFIER_STATUS_TTL_SECONDS = 24 * 3600


def classifier_status() -> dict[str, Any]:
    """This process's classifier: the active model's version and whether each block is available."""
    from moderation.classifier import second_opinion
    from moderation.classifier.encoder import encoder_status
    from moderation.classifier.language import language_status

    encoder_ok, encoder_detail = encoder_status()
    second_ok, second_detail = second_opinion.status()
    language_ok, language_detail = language_status()
    try:
        version, model_ok, model_detail = active_bundle().full_version, True, "loaded"
    except Exception as exc:  # reported, not raised: this feeds a health probe
        version, model_ok, model_detail = None, False, f"{type(exc).__name__}: {exc}"
    return {
        "model_version": version,
        "blocks": {
            "char": {"ok": model_ok, "detail": model_detail},
            "lexicon": {"ok": True, "detail": "built in"},
            "encoder": {"ok": encoder_ok, "detail": encoder_detail},
            "second_opinion": {"ok": second_ok, "detail": second_detail},
            "language": {"ok": language_ok, "detail": language_detail},
        },
        "pid": os.getpid(),
        "at": time.time(),
    }


def classifier_status_publish() -> dict[str, Any]:
    """Compute this process's status and store it where ``/healthz`` reads it (best effort)."""
    from django.core.cache import cache

    status = classifier_status()
    try:
        cache.set(CLASSIFIER_STATUS_KEY, status, CLASSIFIER_STATUS_TTL_SECONDS)
    except Exception:  # the cache is Redis: down means the probe says "unknown", nothing worse
        logger.warning("moderation: could not publish the classifier status", exc_info=True)
    return status


def classifier_status_published() -> dict[str, Any] | None:
    """The status last published by a screening process, or None."""
    from django.core.cache import cache

    try:
        return cache.get(CLASSIFIER_STATUS_KEY)
    except Exception:
        return None
