"""``account_erase`` / ``user_erase``: the person goes, the facts stay, and every counter still adds up.

The every-table test walks all tables of the database (``connection.introspection``), not just the models
we thought of, and searches every text-like column for the erased email and display name."""

import pytest
from django.db import connection
from django.db.models import Q
from rest_framework.authtoken.models import Token

from board.counters import counters_drift
from board.exceptions import ApplicationError
from board.models import (
    ERASED_AUTHOR_LABEL,
    ArticleLike,
    Comment,
    CommentLike,
    CommentRevision,
    ContentTranslation,
    LedgerEntry,
    Mute,
    Notification,
    NotificationSettings,
    Repost,
    Reward,
    Share,
    TextKind,
)
from board.services import (
    account_erase,
    mute_create,
    notification_record,
    notification_settings_update,
    user_erase,
)
from board.services.privacy import PASSWORD_REQUIRED, PASSWORD_WRONG
from moderation.models import ERASED_ACTOR_LABEL, AuditAction, AuditLogEntry, Report, ReviewDecision
from tests.board.privacy.conftest import ANN_EMAIL, ANN_NAME
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

TEXT_TYPES = ("char", "text", "json", "clob", "string")


def text_columns():
    """``[(table, column)]`` of every text-like column of every table in the database."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    field_type = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:  # no Django type: the search's tsvector columns, SQLite's untyped FTS5 ones
                    field_type = "text"
                if any(kind in field_type.lower() for kind in TEXT_TYPES):
                    found.append((table, column.name))
    return found


def tables_mentioning(*needles: str) -> list[tuple[str, str, str]]:
    """``[(table, column, needle)]`` where some row's value holds ``needle``, ignoring case."""
    quote = connection.ops.quote_name
    hits = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s",  # noqa: S608 (names from introspection, quoted)
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append((table, column, needle))
    return hits


def test_the_walk_sees_every_model_table_and_finds_the_person_before_erasure(discussion):
    from django.apps import apps

    tables = {table for table, _column in text_columns()}
    for model in apps.get_models():
        assert model._meta.db_table in tables or not any(
            field.get_internal_type() in ("CharField", "TextField", "EmailField", "JSONField")
            for field in model._meta.concrete_fields
        ), model
    hits = {(table, needle) for table, _column, needle in tables_mentioning(ANN_EMAIL, ANN_NAME)}
    # The walk works: before the erasure the person is all over the database.
    assert ("board_user", ANN_EMAIL) in hits
    assert ("board_comment", ANN_NAME) in hits
    assert ("board_commentrevision", ANN_NAME) in hits
    assert ("moderation_auditlogentry", ANN_NAME) in hits
    assert ("moderation_report", ANN_NAME) in hits


def test_no_table_holds_the_erased_email_or_display_name(discussion):
    assert account_erase(user=discussion.ann, password=PASSWORD) is True

    assert tables_mentioning(ANN_EMAIL, ANN_NAME) == []


def test_comments_become_tombstones_that_keep_the_thread(discussion):
    ann_top, bob_reply, ann_answer = discussion.ann_top, discussion.bob_reply, discussion.ann_answer
    assert ann_top.reply_count == 1 and bob_reply.reply_count == 1

    user_erase(user=discussion.ann)

    ann_top.refresh_from_db()
    ann_answer.refresh_from_db()
    bob_reply.refresh_from_db()
    for comment in (ann_top, ann_answer):
        assert comment.author_id is None
        assert comment.body == ""
        assert comment.is_deleted and comment.deleted_at is not None
        assert not comment.is_pinned
    assert CommentRevision.objects.filter(comment__in=[ann_top, ann_answer]).count() == 0
    # The shape stays: Bob's reply is still under Ann's first comment, and counted there.
    assert bob_reply.parent_id == ann_top.pk and ann_top.reply_count == 1
    # Ann's answer no longer counts as a visible reply of Bob's.
    assert bob_reply.reply_count == 0
    assert Comment.objects.filter(author=discussion.bob).count() == 2
    assert ERASED_AUTHOR_LABEL == "[deleted]"


def test_likes_and_reposts_go_with_their_counters_and_the_ledger_still_adds_up(discussion):
    ann, bob, article = discussion.ann, discussion.bob, discussion.article
    ledger_rows = LedgerEntry.objects.filter(user=ann).count()
    balance = ann.points_balance
    assert article.__class__.objects.get(pk=article.pk).like_count == 1

    user_erase(user=ann)

    assert not ArticleLike.objects.filter(user=ann).exists()
    assert not CommentLike.objects.filter(user=ann).exists()
    assert not Repost.objects.filter(user=ann).exists()
    assert Share.objects.filter(article=article, user__isnull=True).count() == 1
    refreshed = article.__class__.objects.get(pk=article.pk)
    assert (refreshed.like_count, refreshed.repost_count, refreshed.share_count) == (0, 0, 1)
    discussion.bob_top.refresh_from_db()
    assert discussion.bob_top.like_count == 0
    # Rewards and the ledger stay, on the anonymous shell, so both readers' balances still add up.
    assert Reward.objects.filter(giver=ann).count() == 1 and Reward.objects.filter(recipient=ann).count() == 1
    assert LedgerEntry.objects.filter(user=ann).count() == ledger_rows
    ann.refresh_from_db()
    assert ann.points_balance == balance
    assert bob.points_balance == sum(LedgerEntry.objects.filter(user=bob).values_list("amount", flat=True))
    assert all(value == 0 for value in counters_drift().values()), counters_drift()


def test_the_account_is_deactivated_at_once_and_its_token_revoked(discussion):
    ann = discussion.ann
    Token.objects.create(user=ann)

    user_erase(user=ann)

    ann.refresh_from_db()
    assert not ann.is_active and not ann.has_usable_password() and ann.erased_at is not None
    assert ann.email == f"erased-{ann.pk}@invalid" and ann.display_name == f"[deleted {ann.pk}]"
    assert not Token.objects.filter(user=ann).exists()


def test_audit_rows_keep_the_fact_not_the_person(discussion):
    ann = discussion.ann
    entries_before = AuditLogEntry.objects.count()
    report = Report.objects.get(reader=ann)

    user_erase(user=ann)

    assert AuditLogEntry.objects.count() == entries_before
    assert not AuditLogEntry.objects.filter(actor=ann).exists()
    created = AuditLogEntry.objects.get(action=AuditAction.REPORT_CREATED)
    assert created.actor_label == ERASED_ACTOR_LABEL and "text" not in created.extra
    silenced = AuditLogEntry.objects.get(action=AuditAction.USER_SILENCED)
    assert (silenced.target_kind, silenced.target_id) == ("user", ann.pk)
    assert silenced.reason == "[erased] was shouting"
    report.refresh_from_db()
    assert report.text == "" and report.reader_id == ann.pk  # still counted towards the comment's reports
    decision = ReviewDecision.objects.get(object_id=discussion.ann_answer.pk)
    assert decision.text == "" and decision.decision == "approve"


def test_erasing_twice_changes_nothing_more(discussion):
    assert user_erase(user=discussion.ann) is True
    drift_after_first = counters_drift()

    assert user_erase(user=discussion.ann) is False
    assert counters_drift() == drift_after_first


@pytest.mark.parametrize(
    ("password", "message"), [("", PASSWORD_REQUIRED), (None, PASSWORD_REQUIRED), ("nope", PASSWORD_WRONG)]
)
def test_a_missing_or_wrong_password_erases_nothing(discussion, password, message):
    with pytest.raises(ApplicationError) as caught:
        account_erase(user=discussion.ann, password=password)

    assert caught.value.message == message and "password" in caught.value.fields
    discussion.ann.refresh_from_db()
    assert discussion.ann.is_active and discussion.ann.erased_at is None


def test_their_notifications_mutes_and_translations_go_and_others_lose_them_as_actor(discussion):
    ann, bob = discussion.ann, discussion.bob
    notification_record(
        recipient_id=ann.pk, kind="reply", source="test:1", group_key="g1", actor_id=bob.pk,
        comment_id=discussion.bob_reply.pk,
    )  # fmt: skip
    from_ann = notification_record(
        recipient_id=bob.pk, kind="reply", source="test:2", group_key="g2", actor_id=ann.pk,
        comment_id=discussion.ann_answer.pk,
    )  # fmt: skip
    mute_create(user=ann, display_name=bob.display_name)
    mute_create(user=bob, display_name=ann.display_name)
    notification_settings_update(user=ann, email_digest=True)
    ContentTranslation.objects.create(
        content_kind=TextKind.COMMENT, object_id=discussion.ann_top.pk, revision=discussion.ann_top.revision,
        target_language="ko", source_language="en", status="ready", text="안녕하세요",
    )  # fmt: skip

    assert user_erase(user=ann) is True

    assert not Notification.objects.filter(recipient=ann).exists()
    assert not NotificationSettings.objects.filter(user=ann).exists()
    assert not Mute.objects.filter(Q(user=ann) | Q(muted=ann)).exists()
    assert not ContentTranslation.objects.filter(object_id=discussion.ann_top.pk).exists()
    kept = Notification.objects.get(pk=from_ann.pk)
    assert kept.recipient_id == bob.pk and kept.actor_id is None
