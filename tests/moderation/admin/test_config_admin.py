"""Watched words and thresholds in the admin: validated (a bad regular expression is refused with a clear
message), saved and audited through the services, and never deleted."""

import pytest

from moderation.models import AuditLogEntry, ModerationThresholds, WatchedWord
from moderation.runtime import live_config, live_config_clear

pytestmark = pytest.mark.django_db

ADD = "/admin/moderation/watchedword/add/"
THRESHOLDS = "/admin/moderation/moderationthresholds/1/change/"


def word_form(**overrides):
    return {
        "pattern": "",
        "is_regex": "",
        "label": "spam",
        "action": "hold",
        "is_active": "on",
        "note": "",
        **overrides,
    }


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(unclosed", "pattern does not compile"),
        ("(a+)+$", "nested quantifier"),
        (r"(\w+) \1", "backreference"),
    ],
)
def test_a_bad_regular_expression_is_refused_with_a_message(pattern, message, mod_client):
    response = mod_client.post(ADD, word_form(pattern=pattern, is_regex="on"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["pattern"]
    assert any("This regular expression cannot be used" in error and message in error for error in errors), (
        errors
    )
    assert "This regular expression cannot be used" in response.content.decode()
    assert not WatchedWord.objects.exists()
    assert not AuditLogEntry.objects.filter(action__startswith="watched_word.").exists()


def test_a_good_regular_expression_is_saved_audited_and_read_by_screening(mod_client, moderator):
    response = mod_client.post(ADD, word_form(pattern=r"pump\s*coin\d*", is_regex="on", note="pump group"))

    assert response.status_code == 302
    word = WatchedWord.objects.get()
    assert (word.pattern, word.is_regex, word.created_by) == (r"pump\s*coin\d*", True, moderator)
    entry = AuditLogEntry.objects.get(action="watched_word.created")
    assert entry.actor == moderator and entry.target_id == word.pk
    live_config_clear()
    assert [rule.pattern for rule in live_config().watched] == [r"pump\s*coin\d*"]


def test_editing_and_deactivating_a_word_are_audited(mod_client, moderator):
    mod_client.post(ADD, word_form(pattern="moonshot"))
    word = WatchedWord.objects.get()

    response = mod_client.post(
        f"/admin/moderation/watchedword/{word.pk}/change/", word_form(pattern="moonshot", action="remove")
    )
    assert response.status_code == 302
    response = mod_client.post(
        "/admin/moderation/watchedword/",
        {"action": "deactivate", "_selected_action": [word.pk], "index": "0"},
    )
    assert response.status_code == 302

    word.refresh_from_db()
    assert word.action == "remove" and not word.is_active
    assert AuditLogEntry.objects.filter(action="watched_word.changed", target_id=word.pk).count() == 2
    assert (
        mod_client.post(f"/admin/moderation/watchedword/{word.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


def test_the_form_says_how_soon_workers_apply_a_change(mod_client, settings):
    settings.MODERATION_CONFIG_TTL_SECONDS = 30

    html = mod_client.get(ADD).content.decode()

    assert "Workers apply changes within 30 seconds, without a restart." in html


def test_thresholds_show_the_defaults_until_saved_then_save_through_the_service(
    mod_client, moderator, settings
):
    assert mod_client.get("/admin/moderation/moderationthresholds/")["Location"] == THRESHOLDS
    response = mod_client.get(THRESHOLDS)
    assert response.status_code == 200
    assert (
        response.context["adminform"].form.initial["spam_high"]
        == settings.MODERATION_DEFAULT_THRESHOLDS["spam_high"]
    )

    data = {**settings.MODERATION_DEFAULT_THRESHOLDS, "spam_high": 0.8, "reports_to_hide": 5}
    response = mod_client.post(THRESHOLDS, data)

    assert response.status_code == 302
    row = ModerationThresholds.objects.get(pk=1)
    assert (row.spam_high, row.reports_to_hide, row.updated_by) == (0.8, 5, moderator)
    entry = AuditLogEntry.objects.get(action="thresholds.changed")
    assert entry.actor == moderator and entry.extra["after"]["spam_high"] == 0.8


def test_thresholds_out_of_order_are_refused(mod_client, settings):
    data = {**settings.MODERATION_DEFAULT_THRESHOLDS, "advice_medium": 0.9, "advice_high": 0.6}

    response = mod_client.post(THRESHOLDS, data)

    assert response.status_code == 200
    assert "The medium threshold must be below the high threshold." in response.content.decode()
    assert not ModerationThresholds.objects.exists()
    assert mod_client.get("/admin/moderation/moderationthresholds/add/").status_code == 403
