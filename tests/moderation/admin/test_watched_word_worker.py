"""A watched word saved in the admin changes a running worker's verdicts within its configuration TTL, with
no restart: the worker reads moderators' configuration through a per-process cache that expires."""

import time

import pytest
from django.test import Client

from board.services import comment_create
from moderation.models import Classification
from tests.moderation.admin.conftest import make_reader
from tests.support.processes import start_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Short so the test waits seconds; production's default is 30 s (MODERATION_CONFIG_TTL_SECONDS).
WORKER_TTL_SECONDS = 3
SCREENING_TIMEOUT = 30


def screened(comment) -> Classification:
    """Wait until the worker has classified this revision of the comment."""
    deadline = time.monotonic() + SCREENING_TIMEOUT
    while time.monotonic() < deadline:
        classification = Classification.objects.filter(
            content_kind="comment", object_id=comment.pk, revision=comment.revision
        ).first()
        if classification is not None:
            comment.refresh_from_db()
            return classification
        time.sleep(0.1)
    raise AssertionError(f"comment {comment.pk} was not screened within {SCREENING_TIMEOUT} s")


def test_a_watched_word_added_in_the_admin_reaches_a_running_worker(tmp_path, article, moderator):
    worker = start_worker(
        tmp_path,
        MODERATION_CONFIG_TTL_SECONDS=str(WORKER_TTL_SECONDS),
        MODERATION_MODEL_DIR=str(tmp_path / "models"),
    )
    try:
        author = make_reader("Reader Zed")
        before = comment_create(author=author, article=article, body="Has anyone here looked at zorblaxcoin?")
        first = screened(before)  # the worker has now read (and cached) the configuration
        assert first.scores["watched"] == [] and before.moderation_state == "visible"

        admin = Client()
        admin.force_login(moderator)
        response = admin.post(
            "/admin/moderation/watchedword/add/",
            {"pattern": "zorblaxcoin", "label": "spam", "action": "hold", "is_active": "on", "note": ""},
        )
        assert response.status_code == 302
        saved_at = time.monotonic()

        # Past the TTL of whatever the worker cached before the save, a new comment meets the new word.
        time.sleep(WORKER_TTL_SECONDS + 0.5)
        after = comment_create(
            author=author, article=article, body="Has anyone here looked at zorblaxcoin today?"
        )
        second = screened(after)

        assert after.moderation_state == "held"
        assert any("zorblaxcoin" in hit for hit in second.scores["watched"]), second.scores
        assert "watched:hold" in after.review_item.reasons
        assert time.monotonic() - saved_at < 60
        assert worker.process.poll() is None  # the same worker, never restarted
    finally:
        worker.stop()
