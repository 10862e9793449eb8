"""Statement of reasons and appeals (Done means 2): a comment removed as spam shows its author the
statement; POST comments/{id}/appeal/ is 201 then 409; an overturn makes it visible again, restores its
counters and the author's trust, notifies the author, becomes a training example against the label, and
every step has its audit row. Plus the refusals: anonymous, another reader, moderator, bad input, deadline."""

import pytest

from board.exceptions import PermissionDenied
from board.models import ModerationState, Notification, NotificationKind, TrustLevel
from board.services import comment_create
from moderation.models import Appeal, AppealStatus, AuditAction, AuditLogEntry, ReviewDecision
from moderation.services import appeal_decide, review_decide
from moderation.services.appeals import SAME_MODERATOR
from tests.factories import client_for, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def removed(article, reader, moderator, run_tasks_on_commit):
    """A reply by ``reader`` (trust 1), removed as spam by the moderator."""
    parent = make_comment(article=article, author=make_user())
    comment = comment_create(author=reader, article=article, parent=parent, body="Totally honest remark.")
    with run_tasks_on_commit():  # the author's notification; the comment is never screened here
        review_decide(moderator=moderator, decision="remove", comment=comment, label="spam")
    comment.refresh_from_db()
    return comment


def audit_actions(kind, object_id):
    return list(
        AuditLogEntry.objects.filter(target_kind=kind, target_id=object_id)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_the_author_sees_the_statement_of_reasons_and_others_do_not(removed, reader, moderator):
    body = client_for(reader).get(f"/api/v1/comments/{removed.pk}/").json()
    decision = body["decision"]
    assert body["status"] == "removed"
    assert decision["label"] == "spam" and decision["by"] == "moderator" and decision["appeal"] is None
    assert decision["reason"] == "Removed by a moderator: promotion, spam or a scam."
    assert decision["appealable_until"] > decision["decided_at"]
    assert client_for(moderator).get(f"/api/v1/comments/{removed.pk}/").json()["decision"] is None
    assert client_for(make_user()).get(f"/api/v1/comments/{removed.pk}/").status_code == 404
    # The author is told, as a moderation notification with the reason.
    [told] = Notification.objects.filter(recipient=reader, kind=NotificationKind.MODERATION)
    assert told.data == {"outcome": "removed", "reason": decision["reason"]}


def test_appeal_201_then_409_and_the_refusals(removed, reader, moderator, article):
    url = f"/api/v1/comments/{removed.pk}/appeal/"
    assert client_for(None).post(url, {"text": "x"}, format="json").status_code == 401
    assert client_for(make_user()).post(url, {"text": "Not mine"}, format="json").status_code == 404
    assert client_for(moderator).post(url, {"text": "Mod's"}, format="json").status_code == 404
    client = client_for(reader)
    for text in ("", "   ", "x" * 1001):
        response = client.post(url, {"text": text}, format="json")
        assert response.status_code == 400 and "text" in response.json()["errors"], len(text)
    assert client.post(url, {}, format="json").status_code == 400
    created = client.post(url, {"text": "It was a genuine comment about the results."}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "open" and created.json()["object_id"] == removed.pk
    again = client.post(url, {"text": "Please look again"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "appeal_exists"
    assert client.get(f"/api/v1/comments/{removed.pk}/").json()["decision"]["appeal"]["status"] == "open"

    visible = make_comment(article=article, author=reader)
    response = client.post(f"/api/v1/comments/{visible.pk}/appeal/", {"text": "Why?"}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["content"]


def test_after_the_deadline_the_appeal_is_refused_with_the_reason(removed, reader, settings):
    settings.MODERATION_APPEAL_WINDOW_DAYS = 0
    response = client_for(reader).post(
        f"/api/v1/comments/{removed.pk}/appeal/", {"text": "Late"}, format="json"
    )
    assert response.status_code == 400 and "ended on" in response.json()["detail"]


def test_an_overturn_restores_everything_and_notifies_the_author(
    removed, reader, moderator, article, run_tasks_on_commit
):
    reader.refresh_from_db()
    assert reader.trust_level == TrustLevel.NEW  # the spam removal's penalty
    client_for(reader).post(
        f"/api/v1/comments/{removed.pk}/appeal/", {"text": "Honest remark"}, format="json"
    )
    appeal = Appeal.objects.get()
    other = make_user(display_name="Mod Two", is_staff=True)
    with pytest.raises(PermissionDenied) as same:
        appeal_decide(moderator=moderator, appeal=appeal, outcome="overturn", reason="Fine")
    assert SAME_MODERATOR in str(same.value)
    with run_tasks_on_commit():
        assert appeal_decide(moderator=other, appeal=appeal, outcome="overturn", reason="Reads as honest.")
    assert not appeal_decide(moderator=other, appeal=appeal, outcome="uphold", reason="again")

    removed.refresh_from_db()
    article.refresh_from_db()
    removed.parent.refresh_from_db()
    reader.refresh_from_db()
    assert removed.moderation_state == ModerationState.VISIBLE and removed.removal_reason == ""
    assert removed.parent.reply_count == 1 and article.comment_count == 2
    assert reader.trust_level == TrustLevel.BASIC
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED and appeal.decided_by == other
    example = ReviewDecision.objects.filter(object_id=removed.pk).latest("id")
    assert (example.decision, example.labels, example.moderator) == ("approve", {"spam": False}, other)
    assert audit_actions("comment", removed.pk)[-3:] == [
        AuditAction.REVIEW_REMOVE,
        AuditAction.APPEAL_CREATED,
        AuditAction.APPEAL_OVERTURNED,
    ]
    [told] = Notification.objects.filter(recipient=reader, kind=NotificationKind.APPEAL)
    assert told.data == {"outcome": "overturned", "reason": "Reads as honest."}
    assert client_for(make_user()).get(f"/api/v1/comments/{removed.pk}/").status_code == 200


def test_the_decision_examples_read_the_overturn_against_the_label(removed, reader, moderator):
    from moderation.services import decision_examples

    client_for(reader).post(f"/api/v1/comments/{removed.pk}/appeal/", {"text": "Honest"}, format="json")
    settings_off = make_user(display_name="Mod Three", is_staff=True)
    appeal_decide(moderator=settings_off, appeal=Appeal.objects.get(), outcome="overturn", reason="ok")
    [example] = [e for e in decision_examples() if e.template == f"decision-comment-{removed.pk}-r1"]
    assert example.spam is False


def test_uphold_keeps_it_removed_and_the_sole_moderator_may_decide(removed, reader, moderator):
    client_for(reader).post(f"/api/v1/comments/{removed.pk}/appeal/", {"text": "Honest"}, format="json")
    appeal = Appeal.objects.get()
    # The only moderator (no other is available) decides the appeal of their own decision.
    assert appeal_decide(
        moderator=moderator, appeal=appeal, outcome="uphold", reason="It is a referral link."
    )
    removed.refresh_from_db()
    assert removed.moderation_state == ModerationState.REMOVED
    assert AuditAction.APPEAL_UPHELD in audit_actions("comment", removed.pk)
    with pytest.raises(PermissionDenied):
        appeal_decide(moderator=reader, appeal=appeal, outcome="overturn", reason="me")


def test_an_automatic_hold_is_appealable_and_says_so(article, newcomer, screen):
    comment = comment_create(
        author=newcomer, article=article, body="Thanks for the article, the margin numbers were useful."
    )
    screen(comment)
    assert comment.moderation_state == ModerationState.HELD
    decision = client_for(newcomer).get(f"/api/v1/comments/{comment.pk}/").json()["decision"]
    assert decision["by"] == "automated" and decision["rule"] == "new_account" and decision["label"] is None
    response = client_for(newcomer).post(
        f"/api/v1/comments/{comment.pk}/appeal/", {"text": "Hi"}, format="json"
    )
    assert response.status_code == 201
    assert Appeal.objects.get().automated is True


def test_a_repost_quote_is_appealed_at_its_article(article, reader, moderator):
    from board.services import repost_create

    repost, _ = repost_create(user=reader, article=article, quote="A quote worth sharing.")
    review_decide(moderator=moderator, decision="remove", repost=repost, label="financial_advice")
    url = f"/api/v1/articles/{article.pk}/repost/appeal/"
    assert client_for(make_user()).post(url, {"text": "x"}, format="json").status_code == 404
    response = client_for(reader).post(url, {"text": "It is news, not advice."}, format="json")
    assert response.status_code == 201 and response.json()["content_kind"] == "repost"


def test_a_removed_quote_shows_its_author_the_statement_of_reasons(article, reader, moderator):
    from board.services import repost_create

    repost, _ = repost_create(user=reader, article=article, quote="A quote worth sharing.")
    url = f"/api/v1/articles/{article.pk}/repost/"
    assert client_for(reader).get(url).json()["decision"] is None
    review_decide(moderator=moderator, decision="remove", repost=repost, label="financial_advice")

    assert client_for(None).get(url).status_code == 401
    assert client_for(make_user()).get(url).status_code == 404
    mine = client_for(reader).get(url)
    assert mine.status_code == 200 and mine.json()["status"] == ModerationState.REMOVED
    decision = mine.json()["decision"]
    assert decision["label"] == "financial_advice" and decision["by"] == "moderator"
    assert decision["appeal"] is None and decision["appealable_until"] > decision["decided_at"]
    client_for(reader).post(f"{url}appeal/", {"text": "It is news, not advice."}, format="json")
    assert client_for(reader).get(url).json()["decision"]["appeal"] is not None
