"""review_decide: approve, remove, confirm and reject labels; trust up and down; training examples; audit."""

import pytest
from django.contrib.auth.models import Group

from board.exceptions import ApplicationError, PermissionDenied
from moderation.models import AuditLogEntry, Flag, FlagStatus, ReviewDecision, ReviewItem, UserModerationState
from moderation.services import review_decide
from moderation.throttles import trust_tier
from tests.factories import make_user
from tests.moderation.helpers import ADVICE, HONEST, SPAM, mild_text, post_comment

pytestmark = pytest.mark.django_db


def test_readers_cannot_decide(article, reader, screen):
    comment = post_comment(article=article, author=reader, body=SPAM)
    screen(comment)

    with pytest.raises(PermissionDenied):
        review_decide(moderator=make_user(), comment=comment, decision="approve")


def test_members_of_the_moderators_group_decide(article, reader, screen, settings):
    member = make_user()
    member.groups.add(Group.objects.get_or_create(name=settings.BOARD_MODERATOR_GROUP)[0])
    comment = post_comment(article=article, author=reader, body=ADVICE)
    screen(comment)

    assert review_decide(moderator=member, comment=comment, decision="approve")


def test_approving_hidden_spam_shows_it_rejects_the_flags_and_restores_trust(
    article, reader, moderator, screen
):
    comment = post_comment(article=article, author=reader, body=SPAM)
    screen(comment)
    reader.refresh_from_db()
    assert reader.trust_level == 0

    changed = review_decide(moderator=moderator, comment=comment, decision="approve", reason="a real group")

    comment.refresh_from_db()
    reader.refresh_from_db()
    assert changed and comment.moderation_state == "visible"
    assert set(
        Flag.objects.filter(object_id=comment.pk, content_kind="comment").values_list("status", flat=True)
    ) <= {
        FlagStatus.REJECTED,
        FlagStatus.CLEAR,
    }
    assert ReviewItem.objects.get(comment=comment).status == "resolved"
    decision = ReviewDecision.objects.get(object_id=comment.pk)
    assert decision.labels == {"spam": False, "financial_advice": False} and decision.text == SPAM
    assert reader.trust_level == 1
    assert UserModerationState.objects.get(user=reader).last_spam_at is None
    entry = AuditLogEntry.objects.get(action="review.approve", target_id=comment.pk)
    assert entry.actor == moderator and entry.reason == "a real group"

    # Safe to repeat: nothing changes and nothing more is written.
    assert review_decide(moderator=moderator, comment=comment, decision="approve") is False
    assert ReviewDecision.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="review.approve").count() == 1


def test_removing_spam_shows_the_reason_and_drops_trust_and_rate(article, moderator, screen, place_at):
    from moderation.services import user_trust_set

    author = make_user()
    user_trust_set(user=author, trust_level=2, actor_label="test")
    place_at(mild_text(), "spam", "medium")
    comment = post_comment(article=article, author=author, body=mild_text())
    screen(comment)

    assert review_decide(moderator=moderator, comment=comment, decision="remove", label="spam")

    comment.refresh_from_db()
    author.refresh_from_db()
    assert comment.moderation_state == "removed"
    assert comment.removal_reason == "Removed by a moderator: promotion, spam or a scam."
    assert (
        Flag.objects.get(object_id=comment.pk, content_kind="comment", label="spam").status
        == FlagStatus.CONFIRMED
    )
    assert ReviewDecision.objects.get(object_id=comment.pk).labels == {"spam": True}
    assert author.trust_level == 0
    state = UserModerationState.objects.get(user=author)
    assert state.spam_removed_count == 1 and state.last_spam_at is not None
    assert trust_tier(author) == "penalty"
    assert review_decide(moderator=moderator, comment=comment, decision="remove", label="spam") is False


def test_after_a_spam_removal_the_next_comments_are_held_again(article, reader, moderator, screen):
    comment = post_comment(article=article, author=reader, body=SPAM)
    screen(comment)
    review_decide(moderator=moderator, comment=comment, decision="remove", label="spam")

    later = post_comment(article=article, author=reader, body=HONEST)
    screen(later)

    assert later.moderation_state == "held"
    assert "new_account" in ReviewItem.objects.get(comment=later).reasons


def test_approvals_raise_a_new_account_to_trust_1(article, newcomer, moderator, screen):
    bodies = ["Good summary.", "The margins surprised me.", "Does anyone know when the filing is due?"]
    comments = [post_comment(article=article, author=newcomer, body=body) for body in bodies]
    for comment in comments:
        screen(comment)
        assert comment.moderation_state == "held"

    for comment in comments[:2]:
        review_decide(moderator=moderator, comment=comment, decision="approve")
    newcomer.refresh_from_db()
    assert newcomer.trust_level == 0
    review_decide(moderator=moderator, comment=comments[2], decision="approve")

    newcomer.refresh_from_db()
    assert newcomer.trust_level == 1
    assert AuditLogEntry.objects.filter(action="user.trust_changed", target_id=newcomer.pk).exists()


def test_confirming_the_advice_label_keeps_the_notice_on_approval(
    article, reader, moderator, screen, place_at
):
    place_at(mild_text(), "financial_advice", "medium")
    comment = post_comment(article=article, author=reader, body=mild_text())
    screen(comment)

    assert review_decide(
        moderator=moderator, comment=comment, decision="confirm_label", label="financial_advice"
    )
    comment.refresh_from_db()
    assert comment.moderation_state == "visible" and comment.advice_notice  # labels do not change visibility
    assert ReviewItem.objects.get(comment=comment).status == "open"
    assert review_decide(moderator=moderator, comment=comment, decision="approve")

    comment.refresh_from_db()
    assert comment.advice_notice
    assert [d.labels for d in ReviewDecision.objects.order_by("id")] == [
        {"financial_advice": True},
        {"spam": False, "financial_advice": True},
    ]


def test_rejecting_a_label_is_a_training_example_once(article, reader, moderator, screen):
    comment = post_comment(article=article, author=reader, body=ADVICE)
    screen(comment)

    assert review_decide(
        moderator=moderator, comment=comment, decision="reject_label", label="financial_advice"
    )
    assert not review_decide(
        moderator=moderator, comment=comment, decision="reject_label", label="financial_advice"
    )

    assert (
        Flag.objects.get(object_id=comment.pk, content_kind="comment", label="financial_advice").status
        == FlagStatus.REJECTED
    )
    assert ReviewDecision.objects.get().labels == {"financial_advice": False}
    comment.refresh_from_db()
    assert comment.moderation_state == "held"


def test_label_decisions_need_a_label(article, reader, moderator, screen):
    comment = post_comment(article=article, author=reader, body=ADVICE)

    with pytest.raises(ApplicationError):
        review_decide(moderator=moderator, comment=comment, decision="confirm_label")
    with pytest.raises(ApplicationError):
        review_decide(moderator=moderator, comment=comment, decision="ban")
