"""The queue and the content page show the original first and, with a translation service configured, its
translation into the moderator's language beside it (the board's translations, through
``board.translation``); without one, nothing changes and nothing calls out."""

from html import unescape

import pytest

from board.models import ContentTranslation
from tests.board.api.test_translation_api import CHINESE, ENGLISH, run_pending_tasks
from tests.factories import make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/moderation/reviewitem/"


@pytest.fixture
def held_chinese(post):
    # A new account's first comments wait for a moderator (the new-account hold).
    comment = post(make_user(display_name="Reader Wei"), CHINESE)
    comment.refresh_from_db()
    assert comment.moderation_state == "held"
    return comment


def test_the_queue_and_content_page_show_the_translation_after_the_original(
    mod_client, moderator, held_chinese, libretranslate
):
    moderator.language = "en"
    moderator.save(update_fields=["language"])
    html = mod_client.get(QUEUE).content.decode()
    assert CHINESE in html and "Machine translation from Chinese: pending" in html
    assert run_pending_tasks() == ["ready"]

    html = unescape(mod_client.get(QUEUE).content.decode())
    assert "Machine translation from Chinese" in html
    assert html.index(CHINESE) < html.index(ENGLISH)
    detail = unescape(mod_client.get(f"{QUEUE}content/comment/{held_chinese.pk}/").content.decode())
    assert detail.index(CHINESE) < detail.index(ENGLISH)
    # Screening judged the original: its classification says Chinese.
    from moderation.models import Classification

    assert Classification.objects.get(object_id=held_chinese.pk).language == "zh"


def test_the_moderators_browser_language_is_used_without_a_profile_language(
    mod_client, held_chinese, libretranslate
):
    html = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Machine translation from Chinese: pending" in html


def test_without_a_translation_service_the_queue_is_as_before(
    mod_client, held_chinese, libretranslate, settings
):
    settings.TRANSLATION_BACKEND = "none"
    html = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert CHINESE in html and "Machine translation" not in html
    assert not ContentTranslation.objects.exists() and libretranslate.requests == []
