"""content_screen: the worker's body. Each row of the policy table, the new-account hold, watched words,
idempotency, and revisions that moved on."""

import pytest

from board.models import User
from moderation.models import (
    AuditLogEntry,
    Classification,
    Flag,
    FlagStatus,
    ReviewItem,
    ScreeningRequest,
    ScreeningStatus,
    UserModerationState,
    WatchedWord,
)
from moderation.runtime import live_config_clear
from moderation.services import content_screen, user_trust_set, watched_word_save
from tests.factories import make_user
from tests.moderation.helpers import ADVICE, HONEST, SPAM, mild_text, post_comment

# Also on the embedded SQLite default (make test runs `-m sqlite` there).
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def flags_of(comment):
    return {flag.label: flag for flag in Flag.objects.filter(content_kind="comment", object_id=comment.pk)}


def test_spam_high_is_hidden_queued_and_lowers_trust(article, reader, screen):
    comment = post_comment(article=article, author=reader, body=SPAM)

    classification = screen(comment)

    assert comment.moderation_state == "held"
    flags = flags_of(comment)
    assert flags["spam"].level == "high" and flags["spam"].action == "hide"
    assert flags["spam"].status == FlagStatus.OPEN
    assert any("t.me" in item for item in flags["spam"].evidence)
    assert flags["spam"].model_version == classification.model_version
    item = ReviewItem.objects.get(comment=comment)
    assert item.status == "open" and "spam:high" in item.reasons and item.risk >= 0.85
    reader.refresh_from_db()
    assert reader.trust_level == 0
    state = UserModerationState.objects.get(user=reader)
    assert state.last_spam_at is not None and state.auto_lowered_from == 1
    entry = AuditLogEntry.objects.get(action="screening.hide", target_id=comment.pk)
    assert entry.actor is None and entry.actor_label.startswith("worker:model ")
    assert entry.extra["state_after"] == "held" and entry.extra["levels"]["spam"] == "high"
    assert AuditLogEntry.objects.filter(action="user.trust_changed", target_id=reader.pk).exists()
    assert (
        ScreeningRequest.objects.get(object_id=comment.pk, content_kind="comment").status
        == ScreeningStatus.DONE
    )


def test_spam_medium_is_held_without_touching_trust(article, reader, screen, place_at):
    place_at(mild_text(), "spam", "medium")
    comment = post_comment(article=article, author=reader, body=mild_text())

    screen(comment)

    assert comment.moderation_state == "held"
    assert flags_of(comment)["spam"].level == "medium"
    assert ReviewItem.objects.get(comment=comment).reasons == ["spam:medium"]
    reader.refresh_from_db()
    assert reader.trust_level == 1


def test_financial_advice_high_is_held(article, reader, screen):
    comment = post_comment(article=article, author=reader, body=ADVICE)

    screen(comment)

    assert comment.moderation_state == "held"
    flags = flags_of(comment)
    assert flags["financial_advice"].level == "high" and flags["financial_advice"].action == "hold"
    assert flags["spam"].level == "low" and flags["spam"].status == FlagStatus.CLEAR
    assert not comment.advice_notice


def test_financial_advice_medium_is_published_with_the_notice_and_queued(article, reader, screen, place_at):
    place_at(mild_text(), "financial_advice", "medium")
    comment = post_comment(article=article, author=reader, body=mild_text())

    screen(comment)

    assert comment.moderation_state == "visible" and comment.advice_notice
    assert flags_of(comment)["financial_advice"].action == "notice"
    assert ReviewItem.objects.get(comment=comment).reasons == ["financial_advice:medium"]
    assert AuditLogEntry.objects.filter(action="screening.notice", target_id=comment.pk).exists()


def test_low_scores_are_published_and_not_queued(article, reader, screen):
    comment = post_comment(article=article, author=reader, body=HONEST)

    screen(comment)

    assert comment.moderation_state == "visible" and not comment.advice_notice
    assert {flag.status for flag in flags_of(comment).values()} == {FlagStatus.CLEAR}
    assert not ReviewItem.objects.filter(comment=comment).exists()
    assert AuditLogEntry.objects.filter(action="screening.publish", target_id=comment.pk).exists()
    article.refresh_from_db()
    assert article.comment_count == 1


def test_new_accounts_first_comments_are_held_whatever_their_scores(article, newcomer, screen):
    bodies = [
        "Good summary.",
        "The second-quarter numbers look weaker than the headline suggests.",
        "Does anyone know when the full filing is due?",
        "Rates matter more than earnings for this sector right now.",
    ]
    comments = [post_comment(article=article, author=newcomer, body=body) for body in bodies]

    for comment in comments:
        screen(comment)

    assert [c.moderation_state for c in comments] == ["held", "held", "held", "visible"]
    assert ReviewItem.objects.get(comment=comments[0]).reasons == ["new_account"]


def test_staff_and_bots_are_not_held_as_new_accounts(article, screen):
    staff = make_user(is_staff=True)
    comment = post_comment(article=article, author=staff, body=HONEST)

    screen(comment)

    assert comment.moderation_state == "visible"


def test_watched_word_remove_removes_with_a_reason(article, reader, moderator, screen):
    watched_word_save(actor=moderator, word=WatchedWord(pattern="moonrocket", action="remove", label="spam"))
    live_config_clear()
    comment = post_comment(article=article, author=reader, body=f"{HONEST} moonrocket")

    screen(comment)

    assert comment.moderation_state == "removed"
    assert "moderators do not allow" in comment.removal_reason
    assert any("watched:" in item for item in flags_of(comment)["spam"].evidence)


def test_watched_regex_hold_holds(article, reader, moderator, screen):
    watched_word_save(
        actor=moderator, word=WatchedWord(pattern=r"earn(ing)?s\s+were", is_regex=True, action="hold")
    )
    live_config_clear()
    comment = post_comment(article=article, author=reader, body=HONEST)

    screen(comment)

    assert comment.moderation_state == "held"
    assert "watched:hold" in ReviewItem.objects.get(comment=comment).reasons


def test_screening_the_same_revision_twice_writes_one_flag_per_label(article, reader, screen):
    comment = post_comment(article=article, author=reader, body=SPAM)

    first = screen(comment)
    second = screen(comment)

    assert first is not None and second is None
    assert Classification.objects.filter(content_kind="comment", object_id=comment.pk).count() == 1
    assert Flag.objects.filter(content_kind="comment", object_id=comment.pk).count() == 2
    assert AuditLogEntry.objects.filter(action__startswith="screening.", target_id=comment.pk).count() == 1
    reader.refresh_from_db()
    assert reader.trust_level == 0  # lowered once, not twice


def test_an_older_revision_is_skipped_and_its_request_closed(article, reader):
    from board.services import comment_edit

    comment = post_comment(article=article, author=reader, body=HONEST)
    comment_edit(actor=reader, comment=comment, body=SPAM)

    assert content_screen(kind="comment", object_id=comment.pk, revision=1) is None

    request = ScreeningRequest.objects.get(content_kind="comment", object_id=comment.pk, revision=1)
    assert request.status == ScreeningStatus.DONE and "superseded" in request.last_error
    assert not Flag.objects.filter(object_id=comment.pk, content_kind="comment", revision=1).exists()
    assert content_screen(kind="comment", object_id=comment.pk, revision=2) is not None
    comment.refresh_from_db()
    assert comment.moderation_state == "held"


def test_an_edit_into_spam_hides_a_visible_comment(article, reader, screen):
    from board.services import comment_edit

    comment = post_comment(article=article, author=reader, body=HONEST)
    screen(comment)
    assert comment.moderation_state == "visible"

    comment = comment_edit(actor=reader, comment=comment, body=SPAM)
    screen(comment)

    assert comment.moderation_state == "held"
    assert (
        Flag.objects.filter(object_id=comment.pk, content_kind="comment").count() == 4
    )  # two labels x two revisions


def test_a_deleted_comment_is_not_screened(article, reader):
    from board.services import comment_delete

    comment = post_comment(article=article, author=reader, body=SPAM)
    comment_delete(actor=reader, comment=comment)

    assert content_screen(kind="comment", object_id=comment.pk, revision=1) is None
    assert not Flag.objects.filter(object_id=comment.pk, content_kind="comment").exists()


def test_held_content_keeps_its_state_but_gets_its_flags(article, reader, screen):
    from board.services import comment_set_moderation_state

    comment = post_comment(article=article, author=reader, body=HONEST)
    comment_set_moderation_state(comment=comment, state="held")

    screen(comment)

    assert comment.moderation_state == "held"
    assert Flag.objects.filter(object_id=comment.pk, content_kind="comment").count() == 2


def test_near_duplicates_from_many_accounts_raise_spam(article, screen):
    text = "Amazing opportunity everyone, message the admin on our group for the details today"
    authors = [make_user() for _ in range(7)]
    for author in authors:
        user_trust_set(user=author, trust_level=1, actor_label="test")
    comments = [
        post_comment(article=article, author=author, body=f"{text} {n}") for n, author in enumerate(authors)
    ]

    for comment in comments:
        screen(comment)

    last = Classification.objects.get(object_id=comments[-1].pk)
    assert last.behaviour["duplicates_recent"] >= 5
    assert last.scores["spam"]["level"] == "high"
    assert any("behaviour:duplicates" in item for item in flags_of(comments[-1])["spam"].evidence)


def test_repost_quotes_are_screened(article, reader, screen):
    from board.services import repost_create

    repost, _ = repost_create(user=reader, article=article, quote=SPAM)

    screen(repost)

    assert repost.moderation_state == "held"
    assert Flag.objects.filter(
        content_kind="repost", object_id=repost.pk, label="spam", level="high"
    ).exists()


def test_articles_are_flagged_and_queued_but_stay_published(screen):
    from tests.factories import make_article

    article = make_article(body=ADVICE)

    screen(article)

    assert article.moderation_state == "visible"
    assert Flag.objects.filter(
        content_kind="article", object_id=article.pk, label="financial_advice"
    ).exists()
    assert ReviewItem.objects.filter(article=article, status="open").exists()
    assert AuditLogEntry.objects.filter(target_kind="article", target_id=article.pk, action="screening.queue")


def test_bots_keep_their_trust(article, screen):
    from tests.factories import make_bot

    bot = make_bot()
    comment = post_comment(article=article, author=bot, body=SPAM)

    screen(comment)

    assert User.objects.get(pk=bot.pk).trust_level == bot.trust_level


def test_the_detected_language_is_stored_on_the_classification_and_the_comment(article, reader, screen):
    chinese = post_comment(
        article=article, author=reader, body="我觉得茅台今年的估值还是太高了，再等等看财报"
    )
    short = post_comment(article=article, author=reader, body="666")

    screen(chinese)
    screen(short)

    assert Classification.objects.get(object_id=chinese.pk).language == "zh"
    chinese.refresh_from_db()
    short.refresh_from_db()
    assert chinese.language == "zh" and short.language == ""  # unsure: no code
    flag = flags_of(chinese)["financial_advice"]
    assert "lang:zh(1.00)" in flag.evidence
    assert any(item.startswith("block:encoder=") for item in flag.evidence)
