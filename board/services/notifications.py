"""Notifications, their preferences, muting, and the daily digest.

Who is notified of what (``NotificationKind``):

- ``reply``: your comment got a reply; grouped per comment of yours while unread;
- ``mention``: a comment names you as ``@display name`` (at most ``MENTIONS_NOTIFIED_MAX`` readers a comment);
- ``reward``: your comment or article was rewarded; grouped per rewarded item while unread;
- ``moderation`` and ``appeal``: written by the apps built on the board (moderation) through
  ``notification_enqueue``, never by the board itself.

When. Replies and mentions are notified only once the comment is visible to everyone
(``comment_set_moderation_state`` and ``comment_create`` queue ``board.comment_published_notify`` after
commit when a comment enters ``COMMENT_COUNTED``): a held reply notifies when it is published, never before.
Rewards after the reward commits. Every enqueue is after commit and swallows a broker that is down: a
failure to notify never fails the write.

Never: for your own acts, from someone you muted, for a kind you switched off, to an inactive account.

Idempotent: each (recipient, kind, source event) notifies once (``NotificationEvent``), so a task run twice,
or a comment published again after an edit, counts once.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from board.caching import article_changed
from board.exceptions import ApplicationError, NotFound
from board.models import (
    COMMENT_COUNTED,
    DISPLAY_NAME_MAX_LENGTH,
    ID_MAX,
    MENTIONS_NOTIFIED_MAX,
    Comment,
    ModerationState,
    Mute,
    Notification,
    NotificationEvent,
    NotificationKind,
    NotificationSettings,
    Reward,
    User,
)

logger = logging.getLogger(__name__)

PREFERENCE_FIELDS = (*NotificationKind.values, "email_digest")
DIGEST_UNSUBSCRIBE_SALT = "board.notifications.digest-unsubscribe"
# "@" at the start or after a non-word character, then a name: letters, digits, spaces, "-" and "_" (the
# display name rules), as long as a name can be; which prefix is a reader's name is resolved in one query.
_MENTION = re.compile(rf"(?<![\w@])@([\w\- ]{{1,{DISPLAY_NAME_MAX_LENGTH}}})")
MUTE_SELF = "You cannot mute yourself."


# ---------------------------------------------------------------------------------------------------------
# Queueing after commit
# ---------------------------------------------------------------------------------------------------------


# After a failed hand-off this process skips the broker for this long, as screening does: with Redis down
# each attempt costs about 2 s that a reader's request would wait for.
BROKER_BACKOFF_SECONDS = 5.0
_broker = {"down_until": 0.0}


def _enqueue(task, **kwargs) -> None:
    """Hand a notification task to the broker; a broker that is down loses the notification, never the
    write that caused it (notifications are a courtesy, the content itself is stored)."""
    if time.monotonic() < _broker["down_until"]:
        logger.warning("notification not queued: broker down moments ago", extra={"task": task.name})
        return
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except (BrokerError, ConnectionError, OSError) as exc:
        _broker["down_until"] = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("notification not queued: %s", exc, extra={"task": task.name})


def _on_commit(task_name: str, **kwargs) -> None:
    def send() -> None:
        from board import tasks

        _enqueue(getattr(tasks, task_name), **kwargs)

    transaction.on_commit(send, robust=True)


def comment_published_on_commit(comment: Comment) -> None:
    """The comment just became visible to everyone: notify its parent's author and the readers it mentions,
    once the transaction commits."""
    _on_commit("comment_published_notify_task", comment_id=comment.pk)


def reward_on_commit(reward: Reward) -> None:
    _on_commit("reward_notify_task", reward_id=reward.pk)


def notification_enqueue(
    *,
    recipient_id: int,
    kind: str,
    source: str,
    group_key: str = "",
    actor_id: int | None = None,
    comment_id: int | None = None,
    repost_id: int | None = None,
    article_id: int | None = None,
    data: dict | None = None,
) -> None:
    """For the apps built on the board (moderation's decisions and appeals): record a notification after
    the caller's transaction commits, through ``board.notification_record``. ``source`` names the event
    (e.g. "decision:41"), so repeating it notifies once."""
    if kind not in NotificationKind.values:
        raise ApplicationError("Unknown notification kind.", fields={"kind": ["Unknown."]})
    _on_commit(
        "notification_record_task",
        recipient_id=recipient_id,
        kind=kind,
        source=source,
        group_key=group_key or source,
        actor_id=actor_id,
        comment_id=comment_id,
        repost_id=repost_id,
        article_id=article_id,
        data=data or {},
    )


# ---------------------------------------------------------------------------------------------------------
# Recording (the tasks' bodies)
# ---------------------------------------------------------------------------------------------------------


def notification_settings_get(user_id: int) -> NotificationSettings:
    """The reader's settings; the defaults (every kind on, no digest) until they change one."""
    found = NotificationSettings.objects.filter(user_id=user_id).first()
    return found if found is not None else NotificationSettings(user_id=user_id)


def _muted(recipient_id: int, actor_id: int | None) -> bool:
    return actor_id is not None and Mute.objects.filter(user_id=recipient_id, muted_id=actor_id).exists()


@transaction.atomic
def notification_record(
    *,
    recipient_id: int,
    kind: str,
    source: str,
    group_key: str,
    actor_id: int | None = None,
    comment_id: int | None = None,
    repost_id: int | None = None,
    article_id: int | None = None,
    data: dict | None = None,
) -> Notification | None:
    """Notify one reader of one event, grouped with their unread notification of the same ``group_key``.

    None when nothing was written: their own act, an actor they muted, a kind they switched off, an
    inactive recipient, or an event already recorded (idempotent). Grouping replaces the unread row with a
    new one counting one more (the newest first, and unread even if the reader read "up to" the old one).
    """
    if actor_id is not None and actor_id == recipient_id:
        return None
    recipient = User.objects.filter(pk=recipient_id, is_active=True).only("pk").first()
    if recipient is None or not notification_settings_get(recipient_id).wants(kind):
        return None
    if _muted(recipient_id, actor_id):
        return None
    try:
        with transaction.atomic():
            NotificationEvent.objects.create(recipient_id=recipient_id, kind=kind, source=source)
    except IntegrityError:
        return None  # already notified of this event
    # Locking the unread row of the group serializes two events of one group (replies at once).
    previous = (
        Notification.objects.select_for_update()
        .filter(recipient_id=recipient_id, kind=kind, group_key=group_key, read_at__isnull=True)
        .first()
    )
    count = 1
    if previous is not None:
        count = previous.count + 1
        previous.delete()
    notification = Notification(
        recipient_id=recipient_id,
        kind=kind,
        group_key=group_key,
        count=count,
        actor_id=actor_id,
        comment_id=comment_id,
        repost_id=repost_id,
        article_id=article_id,
        data=data or {},
    )
    notification.full_clean(
        exclude=["recipient", "actor", "comment", "repost", "article"], validate_constraints=False
    )
    notification.save()
    return notification


def mentions_find(text: str) -> list[User]:
    """The active readers ``text`` mentions as ``@display name`` (ignoring case), in order, each once.

    A name may hold spaces, so every word-ending prefix after an "@" is a candidate; the longest that is a
    reader's name wins. One query for all candidates."""
    spans = [match.group(1) for match in _MENTION.finditer(text)]
    candidates: list[list[str]] = []
    for span in spans:
        words = [m.end() for m in re.finditer(r"[\w\-]+", span)]
        candidates.append([span[:end] for end in reversed(words)])
    wanted = {name.lower() for names in candidates for name in names}
    if not wanted:
        return []
    query = Q()
    for name in wanted:
        query |= Q(display_name__iexact=name)
    users = {user.display_name.lower(): user for user in User.objects.filter(query, is_active=True)}
    found: list[User] = []
    for names in candidates:
        for name in names:
            user = users.get(name.lower())
            if user is not None:
                if user not in found:
                    found.append(user)
                break
    return found


def comment_published_notify(*, comment_id: int) -> dict[str, int]:
    """A comment is visible: notify its parent's author (``reply``) and the readers it mentions
    (``mention``, the first ``MENTIONS_NOTIFIED_MAX``), and keep the names it mentions for its links.

    Nothing when it is no longer visible (removed again, deleted) or its article is hidden. Safe to run
    twice (``notification_record`` is idempotent)."""
    comment = (
        Comment.objects.filter(COMMENT_COUNTED, pk=comment_id)
        .filter(article__moderation_state=ModerationState.VISIBLE)
        .select_related("parent")
        .first()
    )
    if comment is None:
        return {"reply": 0, "mention": 0}
    source = f"comment:{comment.pk}"
    replied = 0
    parent = comment.parent
    if parent is not None and not parent.is_deleted:
        replied = (
            notification_record(
                recipient_id=parent.author_id,
                kind=NotificationKind.REPLY,
                source=source,
                group_key=f"comment:{parent.pk}",
                actor_id=comment.author_id,
                comment_id=parent.pk,
                article_id=comment.article_id,
            )
            is not None
        )
    mentioned = mentions_find(comment.body)
    names = [user.display_name for user in mentioned]
    if names != comment.mentions:
        Comment.objects.filter(pk=comment.pk).update(mentions=names)
        article_changed(comment.article_id)
    notified = 0
    for user in [user for user in mentioned if user.pk != comment.author_id][:MENTIONS_NOTIFIED_MAX]:
        notified += (
            notification_record(
                recipient_id=user.pk,
                kind=NotificationKind.MENTION,
                source=source,
                group_key=source,
                actor_id=comment.author_id,
                comment_id=comment.pk,
                article_id=comment.article_id,
            )
            is not None
        )
    return {"reply": int(replied), "mention": notified}


def reward_notify(*, reward_id: int) -> bool:
    """A reward was given: tell its recipient, grouped per rewarded comment or article while unread."""
    reward = Reward.objects.filter(pk=reward_id).first()
    if reward is None:
        return False
    target = f"comment:{reward.comment_id}" if reward.comment_id else f"article:{reward.article_id}"
    return (
        notification_record(
            recipient_id=reward.recipient_id,
            kind=NotificationKind.REWARD,
            source=f"reward:{reward.pk}",
            group_key=target,
            actor_id=reward.giver_id,
            comment_id=reward.comment_id,
            article_id=reward.article_id,
            data={"points": reward.points},
        )
        is not None
    )


# ---------------------------------------------------------------------------------------------------------
# The reader's acts: read, preferences, mutes
# ---------------------------------------------------------------------------------------------------------


def _id_clean(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= ID_MAX:
        raise ApplicationError("Invalid id.", fields={field: ["A positive whole number."]})
    return value


@transaction.atomic
def notifications_mark_read(*, user: User, up_to: int | None = None) -> int:
    """Mark the reader's unread notifications read, all of them or those with ``id <= up_to``; returns how
    many. Safe to repeat."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if up_to is not None:
        rows = rows.filter(pk__lte=_id_clean(up_to, "up_to"))
    return rows.update(read_at=timezone.now())


@transaction.atomic
def notification_settings_update(*, user: User, **values) -> NotificationSettings:
    """Switch kinds and the digest on or off (``reply=False``, ``email_digest=True``...); unknown names
    are refused."""
    unknown = sorted(set(values) - set(PREFERENCE_FIELDS))
    if unknown:
        raise ApplicationError("Unknown preference.", fields={name: ["Unknown."] for name in unknown})
    for name, value in values.items():
        if not isinstance(value, bool):
            raise ApplicationError("Invalid preference.", fields={name: ["true or false."]})
    prefs, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    changed = [name for name, value in values.items() if getattr(prefs, name) != value]
    for name in changed:
        setattr(prefs, name, values[name])
    if changed:
        prefs.save(update_fields=changed)
    return prefs


def _mute_target(*, user: User, display_name) -> User:
    if not isinstance(display_name, str) or not display_name.strip():
        raise ApplicationError("Invalid display name.", fields={"display_name": ["Required."]})
    target = User.objects.filter(display_name__iexact=display_name.strip(), is_active=True).first()
    if target is None:
        raise NotFound("Reader not found.")
    if target.pk == user.pk:
        raise ApplicationError(MUTE_SELF, fields={"display_name": [MUTE_SELF]})
    return target


@transaction.atomic
def mute_create(*, user: User, display_name: str) -> tuple[Mute, bool]:
    """Mute a reader by display name; ``(mute, created)``. Private: the muted reader is not told."""
    target = _mute_target(user=user, display_name=display_name)
    return Mute.objects.get_or_create(user=user, muted=target)


@transaction.atomic
def mute_delete(*, user: User, display_name: str) -> bool:
    """Unmute; True if there was a mute. Safe to repeat."""
    target = _mute_target(user=user, display_name=display_name)
    deleted, _ = Mute.objects.filter(user=user, muted=target).delete()
    return deleted > 0


# ---------------------------------------------------------------------------------------------------------
# The daily digest
# ---------------------------------------------------------------------------------------------------------


def digest_unsubscribe_token(user: User) -> str:
    """A signed token that switches this reader's digest off without logging in (no expiry: an old mail's
    link still works; it can only ever turn the digest off)."""
    return signing.dumps({"u": user.pk}, salt=DIGEST_UNSUBSCRIBE_SALT, compress=True)


@transaction.atomic
def digest_unsubscribe(*, token: str) -> User:
    """Switch off the digest of the reader ``token`` names; ``NotFound`` for a bad or forged token."""
    try:
        data = signing.loads(token, salt=DIGEST_UNSUBSCRIBE_SALT)
        user = User.objects.get(pk=int(data["u"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist) as exc:
        raise NotFound("This unsubscribe link is not valid.") from exc
    notification_settings_update(user=user, email_digest=False)
    return user


def digest_due_user_ids(*, now: datetime, limit: int) -> list[int]:
    """Readers with the digest on whose last digest was on an earlier day (or never), with unread
    notifications newer than it."""
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    due = NotificationSettings.objects.filter(email_digest=True, user__is_active=True).filter(
        Q(digest_sent_at__isnull=True) | Q(digest_sent_at__lt=start_of_day)
    )
    return list(due.order_by("user_id").values_list("user_id", flat=True)[:limit])


def notification_digest_send(*, user_id: int, now: datetime | None = None) -> int:
    """Send one reader their digest of unread notifications since the last one; returns how many it held.

    At most one a day: the day is claimed (``digest_sent_at``) and committed before the mail goes out, so a
    crash or a second beat never sends twice (a failed send skips that day). Nothing is sent without new
    unread notifications.
    """
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    now = now or timezone.now()
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        prefs = (
            NotificationSettings.objects.select_for_update()
            .filter(user_id=user_id, email_digest=True)
            .first()
        )
        if prefs is None or (prefs.digest_sent_at is not None and prefs.digest_sent_at >= start_of_day):
            return 0
        unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
        if prefs.digest_sent_at is not None:
            unread = unread.filter(created_at__gt=prefs.digest_sent_at)
        items = list(
            unread.select_related("actor", "comment", "article").order_by("-id")[
                : settings.BOARD_DIGEST_MAX_ITEMS
            ]
        )
        if not items:
            return 0
        prefs.digest_sent_at = now
        prefs.save(update_fields=["digest_sent_at"])
        user = User.objects.get(pk=user_id)
    from board.selectors import notification_view

    site = settings.BOARD_SITE_URL or "http://127.0.0.1:8000"
    unsubscribe = f"{site}/notifications/unsubscribe/{digest_unsubscribe_token(user)}/"
    context = {
        "user": user,
        "items": [notification_view(item) for item in items],
        "site_url": site,
        "unsubscribe_url": unsubscribe,
    }
    message = EmailMultiAlternatives(
        subject=f"{len(items)} new notification{'s' if len(items) != 1 else ''} on the News board",
        body=render_to_string("board/notifications_digest.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    return len(items)
