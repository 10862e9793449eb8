"""Notifications: replies and mentions once a comment is visible, grouped, never your own or a muted
reader's, per-kind preferences, idempotent tasks; rewards; marking read."""

import pytest

from board.exceptions import ApplicationError, NotFound
from board.models import ModerationState, Notification, NotificationKind
from board.services import (
    comment_create,
    comment_edit,
    comment_published_notify,
    comment_set_moderation_state,
    mentions_find,
    mute_create,
    mute_delete,
    notification_settings_update,
    notifications_mark_read,
    reward_create,
)
from board.services.notifications import MUTE_SELF
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _board_alone(settings):
    """The board on its own: no screening hook, so comments move only as the tests move them."""
    settings.BOARD_CONTENT_SUBMITTED_HOOKS = []


@pytest.fixture
def ann(db):
    return make_user(display_name="Reader Ann")


@pytest.fixture
def bob(db):
    return make_user(display_name="Bob")


@pytest.fixture
def story(db):
    return make_article()


def notifications(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind) if kind else rows)


def test_a_held_reply_notifies_only_when_it_is_published(story, ann, bob, run_tasks_on_commit):
    parent = make_comment(article=story, author=ann)
    with run_tasks_on_commit():
        reply = comment_create(author=bob, article=story, parent=parent, body="Good point @Reader Ann")
        comment_set_moderation_state(comment=reply, state=ModerationState.HELD)
    assert notifications(ann) == []
    with run_tasks_on_commit():
        comment_set_moderation_state(comment=reply, state=ModerationState.VISIBLE)
    [replied] = notifications(ann, NotificationKind.REPLY)
    [mentioned] = notifications(ann, NotificationKind.MENTION)
    assert (replied.comment_id, replied.actor_id, replied.count) == (parent.pk, bob.pk, 1)
    assert (mentioned.comment_id, mentioned.actor_id) == (reply.pk, bob.pk)
    reply.refresh_from_db()
    assert reply.mentions == ["Reader Ann"]


def test_ten_replies_to_one_comment_are_one_notification_with_a_count(story, ann, run_tasks_on_commit):
    parent = make_comment(article=story, author=ann)
    repliers = [make_user() for _ in range(10)]
    with run_tasks_on_commit():
        for replier in repliers:
            make_comment(article=story, author=replier, parent=parent)
    [grouped] = notifications(ann)
    assert grouped.count == 10 and grouped.actor_id == repliers[-1].pk
    notifications_mark_read(user=ann)
    with run_tasks_on_commit():
        make_comment(article=story, author=repliers[0], parent=parent)
    unread = Notification.objects.get(recipient=ann, read_at__isnull=True)
    assert unread.count == 1 and unread.pk > grouped.pk


def test_publishing_again_after_an_edit_does_not_notify_twice(story, ann, bob, run_tasks_on_commit):
    parent = make_comment(article=story, author=ann)
    with run_tasks_on_commit():
        reply = make_comment(article=story, author=bob, parent=parent)
        comment_edit(actor=bob, comment=reply, body="Edited, still a reply")
        comment_set_moderation_state(comment=reply, state=ModerationState.VISIBLE)
    assert comment_published_notify(comment_id=reply.pk) == {"reply": 0, "mention": 0}
    assert [n.count for n in notifications(ann)] == [1]


def test_never_your_own_acts_nor_a_muted_reader_nor_a_kind_switched_off(story, ann, bob, run_tasks_on_commit):
    mine = make_comment(article=story, author=ann)
    with run_tasks_on_commit():
        make_comment(article=story, author=ann, parent=mine, body="Replying to myself, @Reader Ann")
    assert notifications(ann) == []

    mute_create(user=ann, display_name="bob")
    with run_tasks_on_commit():
        make_comment(article=story, author=bob, parent=mine, body="@Reader Ann hello")
    assert notifications(ann) == []

    mute_delete(user=ann, display_name="Bob")
    notification_settings_update(user=ann, reply=False)
    with run_tasks_on_commit():
        make_comment(article=story, author=bob, parent=mine, body="@Reader Ann again")
    assert [n.kind for n in notifications(ann)] == [NotificationKind.MENTION]


def test_at_most_five_mentions_notify_and_names_with_spaces_resolve(story, bob, run_tasks_on_commit):
    readers = [make_user(display_name=f"Fan {index}") for index in range(7)]
    body = " ".join(f"@fan {index}" for index in range(7)) + " and @Nobody Here"
    assert [user.display_name for user in mentions_find(body)] == [f"Fan {i}" for i in range(7)]
    with run_tasks_on_commit():
        make_comment(article=story, author=bob, body=body)
    notified = Notification.objects.filter(kind=NotificationKind.MENTION)
    assert sorted(notified.values_list("recipient_id", flat=True)) == [user.pk for user in readers[:5]]


def test_a_longer_name_wins_over_its_prefix(db):
    make_user(display_name="Ann")
    longer = make_user(display_name="Ann Lee")
    assert mentions_find("thanks @Ann Lee!") == [longer]
    assert mentions_find("mail me at a@Ann") == []


def test_a_reward_notifies_its_recipient_grouped_per_comment(story, ann, bob, run_tasks_on_commit):
    comment = make_comment(article=story, author=ann)
    with run_tasks_on_commit():
        reward_create(giver=bob, comment=comment, points=5)
        reward_create(giver=bob, comment=comment, points=7)
    [rewarded] = notifications(ann, NotificationKind.REWARD)
    assert (rewarded.count, rewarded.comment_id, rewarded.data) == (2, comment.pk, {"points": 7})


def test_a_failing_broker_never_fails_the_write(
    story, ann, bob, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from board import tasks

    def down(*args, **kwargs):
        raise OperationalError("broker down")

    monkeypatch.setattr(tasks.comment_published_notify_task, "apply_async", down)
    parent = make_comment(article=story, author=ann)
    with django_capture_on_commit_callbacks(execute=True):
        reply = make_comment(article=story, author=bob, parent=parent)
    reply.refresh_from_db()
    assert reply.moderation_state == ModerationState.VISIBLE


def test_mark_read_up_to_an_id_or_all(story, ann, run_tasks_on_commit):
    with run_tasks_on_commit():
        for _ in range(3):
            make_comment(article=story, author=make_user(), parent=make_comment(article=story, author=ann))
    ids = sorted(n.pk for n in notifications(ann))
    assert notifications_mark_read(user=ann, up_to=ids[1]) == 2
    assert notifications_mark_read(user=ann) == 1
    assert notifications_mark_read(user=ann) == 0


def test_muting_checks_the_name(ann):
    with pytest.raises(NotFound):
        mute_create(user=ann, display_name="Nobody At All")
    with pytest.raises(ApplicationError) as refused:
        mute_create(user=ann, display_name="reader ann")
    assert refused.value.fields == {"display_name": [MUTE_SELF]}


def test_preferences_refuse_unknown_names_and_non_booleans(ann):
    with pytest.raises(ApplicationError) as unknown:
        notification_settings_update(user=ann, telepathy=True)
    assert "telepathy" in unknown.value.fields
    with pytest.raises(ApplicationError):
        notification_settings_update(user=ann, reply="yes")
