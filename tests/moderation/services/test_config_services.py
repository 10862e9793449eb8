"""Moderators' configuration: watched words (a bad regex refused with the reason), thresholds (validated),
audited, and picked up by workers within the cache period."""

import time
import types

import pytest
from django.core.exceptions import ValidationError

from moderation.models import AuditLogEntry, WatchedWord
from moderation.runtime import live_config
from moderation.services import thresholds_update, watched_word_save

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(unclosed", "does not compile"),
        ("(a+)+b", "nested quantifier"),
        (r"(\w)\1", "backreference"),
        ("x" * 201, "longer than"),
    ],
)
def test_a_bad_regex_is_refused_with_the_reason(moderator, pattern, message):
    with pytest.raises(ValidationError) as error:
        watched_word_save(actor=moderator, word=WatchedWord(pattern=pattern, is_regex=True, action="hold"))

    assert message in " ".join(error.value.message_dict["pattern"])
    assert not WatchedWord.objects.exists()


def test_a_watched_word_is_saved_audited_and_live(moderator, settings):
    settings.MODERATION_CONFIG_TTL_SECONDS = 0

    word = watched_word_save(
        actor=moderator, word=WatchedWord(pattern="pump group", label="spam", action="hold")
    )

    assert word.created_by == moderator
    assert AuditLogEntry.objects.get(action="watched_word.created").extra["pattern"] == "pump group"
    assert [rule.pattern for rule in live_config().watched] == ["pump group"]


@pytest.mark.parametrize(
    "values",
    [
        {"spam_medium": 0.9, "spam_high": 0.8},
        {"advice_high": 1.5},
        {"spam_medium": -0.1},
        {"reports_to_hide": 0},
    ],
)
def test_bad_thresholds_are_refused(moderator, values):
    with pytest.raises(ValidationError):
        thresholds_update(actor=moderator, values=values)


def test_thresholds_reach_workers_within_the_cache_period(moderator, settings, monkeypatch):
    from moderation import runtime

    settings.MODERATION_CONFIG_TTL_SECONDS = 30
    assert live_config().thresholds.spam_high == 0.85

    assert thresholds_update(actor=moderator, values={"spam_high": 0.9})
    assert live_config().thresholds.spam_high == 0.85  # cached: another process would still see the old value

    later = types.SimpleNamespace(monotonic=lambda: time.monotonic() + 31)
    monkeypatch.setattr(runtime, "time", later)
    assert live_config().thresholds.spam_high == 0.9
    assert AuditLogEntry.objects.get(action="thresholds.changed").extra["after"]["spam_high"] == 0.9
    assert not thresholds_update(actor=moderator, values={"spam_high": 0.9})
