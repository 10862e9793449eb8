"""Readers' control of their data: a copy of it (GDPR articles 15 and 20) and erasure (article 17).

Export. A small account (``EXPORT_INLINE_MAX_ROWS`` rows or fewer) is answered at once with the document
(``board.exports``). A larger one gets an ``AccountExport`` row, built by a worker after commit
(``board.account_export_build``), which mails the reader a one-time link; the link's token is stored only
as a digest, the download needs the reader signed in as well (so a mail scanner that follows links cannot
use it up), empties the payload, and expires after ``BOARD_EXPORT_LINK_TTL_SECONDS``.

Erasure. ``account_erase`` checks the password, then in one transaction: the account is deactivated and
stripped of personal data (the row stays as an anonymous shell so the ledger, rewards and reports that
point at it still add up), its token is deleted, sessions stop working (the password is made unusable,
which changes Django's session hash, and the account is inactive), likes and reposts are removed with
their counters, shares lose their reader, comments become tombstones (no text, no author, earlier
revisions deleted) that keep the thread's shape, and the apps built on the board anonymise their rows
through ``BOARD_ACCOUNT_ERASED_HOOKS``. What is kept and why: docs/privacy.md.
"""

import hashlib
import json
import logging
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from rest_framework.authtoken.models import Token

from board.caching import site_changed
from board.exceptions import ApplicationError, NotFound
from board.exports import account_export_document, account_export_is_large
from board.extensions import account_erased
from board.models import (
    COMMENT_COUNTED,
    EXPORT_TOKEN_BYTES,
    AccountExport,
    AccountExportStatus,
    Article,
    ArticleLike,
    Comment,
    CommentLike,
    CommentRevision,
    ContentTranslation,
    Mute,
    Notification,
    NotificationEvent,
    NotificationSettings,
    Repost,
    Share,
    TextKind,
    User,
)

logger = logging.getLogger(__name__)

PASSWORD_REQUIRED = "Enter your password to delete your account."  # noqa: S105 (a message)
PASSWORD_WRONG = "Wrong password."  # noqa: S105 (a message)
LOGIN_LOCKED = "Too many attempts, try again later."
EXPORT_LINK_INVALID = "This download link is not valid: it was used, it expired, or it is someone else's."
EXPORT_TOKEN_MAX_LENGTH = 100
# A worker-built export still pending this long lost its message (Redis down, a worker killed): the purge
# queues it again. Building the largest account measured takes seconds; ten minutes is ample.
EXPORT_REQUEUE_AFTER_SECONDS = 10 * 60
EXPORT_MAIL_SUBJECT = "Your data from the news board"


@dataclass(frozen=True)
class ErasedIdentity:
    """What an erased account was, handed to the ``BOARD_ACCOUNT_ERASED_HOOKS`` so that they can find and
    scrub their copies; never stored."""

    user_id: int
    email: str
    display_name: str
    username: str
    comment_ids: tuple[int, ...]
    repost_ids: tuple[int, ...]


@dataclass(frozen=True)
class ExportAnswer:
    """What ``account_export_request`` did: the document (small account) or the export being built."""

    document: dict | None = None
    export: AccountExport | None = None


# ---------------------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _export_enqueue(export_id: int, site_url: str) -> None:
    """Queue the build; a broker that is down only delays it (the purge queues pending exports again)."""
    from board.tasks import account_export_build_task

    try:
        account_export_build_task.delay(export_id, site_url)
    except (BrokerError, ConnectionError, OSError):
        logger.warning("export not queued; the purge will retry", extra={"export_id": export_id})


@transaction.atomic
def account_export_request(*, user: User, site_url: str) -> ExportAnswer:
    """A copy of the reader's data: the document itself for a small account, else the ``AccountExport``
    a worker builds and mails (``site_url`` is the origin of the link). Asking again while one is being
    built returns that one and queues nothing more."""
    if not account_export_is_large(user=user):
        return ExportAnswer(document=account_export_document(user=user))
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
    export = AccountExport.objects.filter(user=user, status=AccountExportStatus.PENDING).first()
    if export is not None:
        return ExportAnswer(export=export)
    export = AccountExport(
        user=user, expires_at=timezone.now() + timedelta(seconds=settings.BOARD_EXPORT_LINK_TTL_SECONDS)
    )
    export.full_clean(exclude=["user"])
    export.save()
    transaction.on_commit(lambda: _export_enqueue(export.pk, site_url))
    return ExportAnswer(export=export)


def export_download_url(*, site_url: str, token: str) -> str:
    return f"{site_url.rstrip('/')}/me/export/download/?token={token}"


def _export_mail(*, email: str, url: str, expires_at) -> None:
    hours = settings.BOARD_EXPORT_LINK_TTL_SECONDS // 3600
    send_mail(
        EXPORT_MAIL_SUBJECT,
        (
            "The copy of your data you asked for is ready. Download it once, signed in, within "
            f"{hours} hours (until {expires_at:%Y-%m-%d %H:%M} UTC):\n\n{url}\n\n"
            "If you did not ask for it, change your password: someone signed in as you did."
        ),
        None,
        [email],
    )


def account_export_build(*, export_id: int, site_url: str) -> AccountExport | None:
    """Build a pending export, store it, and mail its one-time link after commit.

    Idempotent (a redelivered or re-queued task): an export that is no longer pending is left alone. The
    row is locked while the document is built, so two workers never build it twice. None if it is gone.
    """
    with transaction.atomic():
        export = (
            AccountExport.objects.select_for_update()
            .select_related("user")
            .filter(pk=export_id, status=AccountExportStatus.PENDING)
            .first()
        )
        if export is None:
            return AccountExport.objects.filter(pk=export_id).first()
        document = account_export_document(user=export.user)
        token = secrets.token_urlsafe(EXPORT_TOKEN_BYTES)
        now = timezone.now()
        export.payload = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        export.token_digest = _digest(token)
        export.status = AccountExportStatus.READY
        export.ready_at = now
        export.expires_at = now + timedelta(seconds=settings.BOARD_EXPORT_LINK_TTL_SECONDS)
        export.save(update_fields=["payload", "token_digest", "status", "ready_at", "expires_at"])
        url = export_download_url(site_url=site_url, token=token)
        email, expires_at = export.user.email, export.expires_at
        transaction.on_commit(lambda: _export_mail(email=email, url=url, expires_at=expires_at))
    return export


def export_token_clean(token) -> str:
    if not isinstance(token, str) or not token or len(token) > EXPORT_TOKEN_MAX_LENGTH:
        raise ApplicationError("Invalid download link.", fields={"token": ["Use the link from your mail."]})
    return token


@transaction.atomic
def account_export_download(*, user: User, token: str) -> str:
    """The export's JSON, once: the payload is emptied and the link used up. ``NotFound`` for a token that
    is unknown, used, expired or another reader's (one answer for all)."""
    token = export_token_clean(token)
    export = AccountExport.objects.select_for_update().filter(token_digest=_digest(token), user=user).first()
    if export is None or export.status != AccountExportStatus.READY or export.expires_at <= timezone.now():
        raise NotFound(EXPORT_LINK_INVALID)
    payload = export.payload
    export.payload = ""
    export.status = AccountExportStatus.DOWNLOADED
    export.downloaded_at = timezone.now()
    export.save(update_fields=["payload", "status", "downloaded_at"])
    return payload


def account_exports_purge(*, site_url: str) -> dict[str, int]:
    """Expire exports past their time (their payload deleted) and queue again those pending too long.
    Safe to run twice. Returns ``{"expired": n, "requeued": n}``."""
    now = timezone.now()
    expired = AccountExport.objects.filter(
        status__in=[AccountExportStatus.READY, AccountExportStatus.PENDING], expires_at__lte=now
    ).update(status=AccountExportStatus.EXPIRED, payload="")
    stale = list(
        AccountExport.objects.filter(
            status=AccountExportStatus.PENDING,
            created_at__lte=now - timedelta(seconds=EXPORT_REQUEUE_AFTER_SECONDS),
        ).values_list("pk", flat=True)
    )
    for export_id in stale:
        _export_enqueue(export_id, site_url)
    return {"expired": expired, "requeued": len(stale)}


# ---------------------------------------------------------------------------------------------------------
# Erasure
# ---------------------------------------------------------------------------------------------------------


def account_password_check(*, user: User, password, request=None) -> None:
    """The reader's own password, through the login backend (so its brute-force limits count this too).
    ``ApplicationError`` with a ``password`` field error when missing or wrong; when the account's logins
    are locked, ``request.login_locked`` is set (the caller answers 429)."""
    if not isinstance(password, str) or not password:
        raise ApplicationError(PASSWORD_REQUIRED, fields={"password": ["Required."]})
    authenticated = authenticate(request, username=user.get_username(), password=password)
    if authenticated is None or authenticated.pk != user.pk:
        if request is not None and getattr(request, "login_locked", False):
            raise ApplicationError(LOGIN_LOCKED, fields={"password": [LOGIN_LOCKED]}, code="locked")
        raise ApplicationError(PASSWORD_WRONG, fields={"password": [PASSWORD_WRONG]})


def account_erase(*, user: User, password, request=None) -> bool:
    """Erase the reader's own account after checking their password; see ``user_erase``."""
    account_password_check(user=user, password=password, request=request)
    return user_erase(user=user)


def _comments_tombstone(user: User, now, article_deltas: Counter) -> list[int]:
    """Every comment of ``user`` becomes a tombstone, and the parents' reply counts its visible ones held
    move down (their articles' comment counts are added to ``article_deltas``). Returns the comment ids."""
    rows = list(Comment.objects.filter(author=user).order_by("pk").values_list("pk", flat=True))
    counted = list(
        Comment.objects.filter(COMMENT_COUNTED, author=user).values_list("parent_id", "article_id")
    )
    for parent_id, count in sorted(Counter(p for p, _a in counted if p is not None).items()):
        Comment.objects.filter(pk=parent_id).update(reply_count=F("reply_count") - count)
    for _parent_id, article_id in counted:
        article_deltas[("comment_count", article_id)] -= 1
    CommentRevision.objects.filter(comment_id__in=rows).delete()
    Comment.objects.filter(pk__in=rows, deleted_at__isnull=True).update(deleted_at=now)
    Comment.objects.filter(pk__in=rows).update(
        author=None,
        body="",
        revision=F("revision") + 1,
        language="",
        removal_reason="",
        is_deleted=True,
        is_pinned=False,
    )
    return rows


def _comment_likes_remove(user: User) -> None:
    liked = list(CommentLike.objects.filter(user=user).values_list("comment_id", flat=True))
    Comment.objects.filter(pk__in=liked).update(like_count=F("like_count") - 1)
    CommentLike.objects.filter(user=user).delete()


def _article_rows_remove(user: User, article_deltas: Counter) -> list[int]:
    """Withdraw the reader's article likes and reposts (counting them in ``article_deltas``); returns the
    repost ids."""
    for article_id in ArticleLike.objects.filter(user=user).values_list("article_id", flat=True):
        article_deltas[("like_count", article_id)] -= 1
    ArticleLike.objects.filter(user=user).delete()
    reposts = list(Repost.objects.filter(user=user).values_list("pk", "article_id"))
    for _pk, article_id in reposts:
        article_deltas[("repost_count", article_id)] -= 1
    Repost.objects.filter(user=user).delete()
    return [pk for pk, _article_id in reposts]


def _article_counters_move(article_deltas: Counter) -> None:
    by_article: dict[int, dict[str, int]] = {}
    for (field, article_id), delta in article_deltas.items():
        if delta:
            by_article.setdefault(article_id, {})[field] = delta
    for article_id in sorted(by_article):
        Article.objects.filter(pk=article_id).update(
            **{field: F(field) + delta for field, delta in by_article[article_id].items()}
        )


def _translations_remove(comment_ids: list[int], repost_ids: list[int]) -> None:
    """Translations of their words are their words too."""
    ContentTranslation.objects.filter(
        Q(content_kind=TextKind.COMMENT, object_id__in=comment_ids)
        | Q(content_kind=TextKind.REPOST, object_id__in=repost_ids)
    ).delete()


def _notifications_remove(user: User) -> None:
    """Their notifications, preferences and mutes (both ways) go; in other readers' notifications they were
    the actor of, the actor goes (the count stays)."""
    Notification.objects.filter(recipient=user).delete()
    NotificationEvent.objects.filter(recipient=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    Mute.objects.filter(Q(user=user) | Q(muted=user)).delete()
    Notification.objects.filter(actor=user).update(actor=None)


def _user_anonymise(user: User, now) -> None:
    """The account row, kept for what points at it, with nothing left that names the person."""
    user.email = f"erased-{user.pk}@invalid"
    user.username = f"erased-{user.pk}"
    # Brackets are not allowed in display names, so no reader can take or imitate it.
    user.display_name = f"[deleted {user.pk}]"
    user.first_name = user.last_name = ""
    user.set_unusable_password()  # also changes the session hash: every session of the account ends
    user.referral_code = secrets.token_urlsafe(9)[:12]
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.silenced_until = None
    user.language = ""
    user.erased_at = now
    user.save(
        update_fields=[
            "email",
            "username",
            "display_name",
            "first_name",
            "last_name",
            "password",
            "referral_code",
            "is_active",
            "is_staff",
            "is_superuser",
            "last_login",
            "silenced_until",
            "language",
            "erased_at",
        ]
    )
    user.groups.clear()
    user.user_permissions.clear()


@transaction.atomic
def user_erase(*, user: User) -> bool:
    """Erase an account at once (the caller has checked that its owner asked): see the module docstring.

    Idempotent: False if it was erased already. Locks the user row first, then comments, then articles
    (the board's lock order). ``user`` is updated in place.
    """
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None or locked.erased_at is not None:
        return False
    now = timezone.now()
    identity_before = (locked.email, locked.display_name, locked.username)
    Token.objects.filter(user=locked).delete()
    # Comments first, articles last (the lock order): their counters are moved once, per article.
    article_deltas: Counter = Counter()
    _comment_likes_remove(locked)
    comment_ids = _comments_tombstone(locked, now, article_deltas)
    repost_ids = _article_rows_remove(locked, article_deltas)
    _article_counters_move(article_deltas)
    Share.objects.filter(user=locked).update(user=None)
    AccountExport.objects.filter(user=locked).delete()
    _translations_remove(comment_ids, repost_ids)
    _notifications_remove(locked)
    _user_anonymise(locked, now)
    site_changed()  # tombstones and "erased" names on every page that showed this reader
    account_erased(
        user_id=locked.pk,
        erased=ErasedIdentity(
            user_id=locked.pk,
            email=identity_before[0],
            display_name=identity_before[1],
            username=identity_before[2],
            comment_ids=tuple(comment_ids),
            repost_ids=tuple(repost_ids),
        ),
    )
    for field in ("email", "username", "display_name", "password", "is_active", "is_staff", "erased_at"):
        setattr(user, field, getattr(locked, field))
    logger.info("account erased", extra={"user_id": locked.pk})
    return True
