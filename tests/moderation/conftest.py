"""Fixtures for moderation tests: readers at each trust level, an article, and helpers that screen content
through the service and place a text at a chosen level by moving the thresholds (the moderator is the
suite's one, in ``tests/conftest.py``)."""

import pytest

from tests.factories import make_article, make_user


@pytest.fixture(autouse=True)
def _isolated_moderation(settings, tmp_path):
    """Each test: its own model folder (no active-model pointer), fresh config and throttle caches."""
    from django.core.cache import cache

    from moderation.runtime import live_config_clear
    from moderation.services import screening

    settings.MODERATION_MODEL_DIR = tmp_path / "models"
    screening._broker["down_until"] = 0.0
    live_config_clear()
    cache.clear()
    yield
    live_config_clear()
    cache.clear()


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def reader(db):
    """A reader with trust 1 (past the new-account hold)."""
    from moderation.services import user_trust_set

    user = make_user()
    user_trust_set(user=user, trust_level=1, actor_label="test")
    return user


@pytest.fixture
def newcomer(db):
    """A trust-0 reader: their first comments are held."""
    return make_user()


@pytest.fixture
def screen():
    """Screen the current revision of ``content`` the way the worker does; refresh it; return the result."""
    from moderation.services import content_screen

    def _screen(content, kind: str | None = None):
        kind = kind or content._meta.model_name
        result = content_screen(kind=kind, object_id=content.pk, revision=content.revision)
        content.refresh_from_db()
        return result

    return _screen


def score_of(text: str, label: str, *, trust_level: int = 1) -> float:
    from moderation.classifier.pipeline import Behaviour, classify

    verdict = classify(text, behaviour=Behaviour(account_age_hours=0.0, trust_level=trust_level))
    return verdict.labels[label].score


@pytest.fixture
def place_at(moderator):
    """``place_at(text, label, level)``: move ``label``'s thresholds so ``text`` scores at ``level``."""
    from moderation.runtime import live_config_clear
    from moderation.services import thresholds_update

    def _place(text: str, label: str, level: str) -> float:
        score = score_of(text, label)
        prefix = "spam" if label == "spam" else "advice"
        if level == "high":
            assert score > 0, f"{text!r} scores 0 for {label}"
            values = {f"{prefix}_medium": score / 4, f"{prefix}_high": score / 2}
        elif level == "medium":
            assert 0 < score < 1, f"{text!r} scores {score} for {label}"
            values = {f"{prefix}_medium": score / 2, f"{prefix}_high": (1 + score) / 2}
        else:
            assert score < 1, f"{text!r} scores 1 for {label}"
            values = {f"{prefix}_medium": (1 + score) / 2, f"{prefix}_high": (3 + score) / 4}
        thresholds_update(actor=moderator, values=values)
        live_config_clear()
        return score

    return _place
