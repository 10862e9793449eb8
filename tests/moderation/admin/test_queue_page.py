"""The review queue page: what a row shows, and one-click decisions that go through the services."""

import pytest

from moderation.models import AuditLogEntry, ReviewItem

pytestmark = pytest.mark.django_db

QUEUE = "/admin/moderation/reviewitem/"
DECIDE = "/admin/moderation/reviewitem/decide/"


def test_the_queue_shows_held_content_with_scores_and_evidence(mod_client, held_advice, hidden_spam):
    response = mod_client.get(QUEUE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "load up now before it is too late!" in html
    assert "rule:advice.directive_now" in html
    assert "Spammy Sam" in html and "Reader Ann" in html
    assert f'value="comment:{held_advice.pk}:approve"' in html


def test_approve_in_one_click(mod_client, moderator, held_advice):
    response = mod_client.post(DECIDE, {"decide": f"comment:{held_advice.pk}:approve", "next": QUEUE})

    assert response.status_code == 302 and response["Location"] == QUEUE
    held_advice.refresh_from_db()
    assert held_advice.moderation_state == "visible"
    assert ReviewItem.objects.get(comment=held_advice).status == "resolved"
    assert AuditLogEntry.objects.filter(
        action="review.approve", actor=moderator, target_id=held_advice.pk
    ).exists()
