"""A reader's data export (GDPR articles 15 and 20): a registry of sections, each a read of one kind of row.

The document is ``{"format": ..., "generated_at": ..., "sections": {name: data}}``. The board's own
sections are ``BOARD_SECTIONS``; apps built on the board add theirs through ``BOARD_EXPORT_SECTIONS``
(``board.extensions.export_sections``), so the app that owns the data owns its section (moderation adds
its reports and decisions; a notifications app adds its notifications). A section is a function
``section(*, user) -> JSON-able`` that reads only; each costs a fixed number of queries (one per kind of
row, rows streamed with ``iterator()``), whatever the size of the account.

Everything is the reader's own: their account, what they wrote (in every state, with earlier revisions
of edited comments), their reactions, rewards and ledger. Other readers appear by display name only where
they are the other side of a reward.
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from board.extensions import export_sections
from board.models import (
    EXPORT_INLINE_MAX_ROWS,
    AccountExport,
    ArticleLike,
    Comment,
    CommentLike,
    CommentRevision,
    LedgerEntry,
    Mute,
    Notification,
    NotificationSettings,
    Repost,
    Reward,
    Share,
    User,
)

EXPORT_FORMAT = "newsboard-export/1"
# Rows read from the database per round trip while a large export streams.
EXPORT_CHUNK_ROWS = 2000


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def account_section(*, user: User) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "is_bot": user.is_bot,
        "trust_level": user.trust_level,
        "points_balance": user.points_balance,
        "referral_code": user.referral_code,
        "silenced_until": _when(user.silenced_until),
    }


def comments_section(*, user: User) -> list[dict]:
    """Every comment they wrote, oldest first, in every state, with the earlier texts of edited ones."""
    earlier: dict[int, list[dict]] = {}
    revisions = CommentRevision.objects.filter(comment__author=user).order_by("comment_id", "revision")
    for revision in revisions.iterator(chunk_size=EXPORT_CHUNK_ROWS):
        earlier.setdefault(revision.comment_id, []).append(
            {"revision": revision.revision, "body": revision.body, "written_at": _when(revision.created_at)}
        )
    rows = (
        Comment.objects.filter(author=user)
        .select_related("article")
        .only(
            "id",
            "article__id",
            "article__title",
            "article__slug",
            "parent_id",
            "body",
            "revision",
            "language",
            "moderation_state",
            "removal_reason",
            "is_deleted",
            "created_at",
            "edited_at",
            "deleted_at",
            "like_count",
            "reply_count",
            "reward_count",
            "reward_points",
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "id": comment.pk,
            "article": {"id": comment.article.pk, "title": comment.article.title},
            "url": comment.article.get_absolute_url(),
            "parent": comment.parent_id,
            "body": comment.body,
            "revision": comment.revision,
            "earlier_revisions": earlier.get(comment.pk, []),
            "language": comment.language or None,
            "moderation_state": comment.moderation_state,
            "removal_reason": comment.removal_reason,
            "is_deleted": comment.is_deleted,
            "created_at": _when(comment.created_at),
            "edited_at": _when(comment.edited_at),
            "deleted_at": _when(comment.deleted_at),
            "like_count": comment.like_count,
            "reply_count": comment.reply_count,
            "reward_count": comment.reward_count,
            "reward_points": comment.reward_points,
        }
        for comment in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    ]


def reposts_section(*, user: User) -> list[dict]:
    rows = Repost.objects.filter(user=user).select_related("article").order_by("created_at", "id")
    return [
        {
            "article": {"id": repost.article.pk, "title": repost.article.title},
            "quote": repost.quote,
            "moderation_state": repost.moderation_state,
            "created_at": _when(repost.created_at),
        }
        for repost in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    ]


def likes_section(*, user: User) -> dict:
    articles = ArticleLike.objects.filter(user=user).order_by("created_at", "id")
    comments = CommentLike.objects.filter(user=user).order_by("created_at", "id")
    return {
        "articles": [
            {"article": like.article_id, "created_at": _when(like.created_at)}
            for like in articles.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        ],
        "comments": [
            {"comment": like.comment_id, "created_at": _when(like.created_at)}
            for like in comments.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        ],
    }


def shares_section(*, user: User) -> list[dict]:
    rows = Share.objects.filter(user=user).order_by("created_at", "id")
    return [
        {"article": share.article_id, "channel": share.channel, "created_at": _when(share.created_at)}
        for share in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    ]


def rewards_section(*, user: User) -> dict:
    """Rewards they gave and received; the other side by display name (it is on the public page)."""
    rows = (
        Reward.objects.filter(Q(giver=user) | Q(recipient=user))
        .select_related("giver", "recipient")
        .only("id", "points", "article_id", "comment_id", "created_at", "giver", "recipient")
        .order_by("created_at", "id")
    )
    given, received = [], []
    for reward in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS):
        mine = reward.giver_id == user.pk
        other = reward.recipient if mine else reward.giver
        (given if mine else received).append(
            {
                "id": reward.pk,
                "points": reward.points,
                "article": reward.article_id,
                "comment": reward.comment_id,
                ("to" if mine else "from"): other.display_name,
                "created_at": _when(reward.created_at),
            }
        )
    return {"given": given, "received": received}


def ledger_section(*, user: User) -> list[dict]:
    rows = LedgerEntry.objects.filter(user=user).order_by("created_at", "id")
    return [
        {
            "id": entry.pk,
            "kind": entry.kind,
            "amount": entry.amount,
            "balance_after": entry.balance_after,
            "reward": entry.reward_id,
            "created_at": _when(entry.created_at),
        }
        for entry in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    ]


def exports_section(*, user: User) -> list[dict]:
    """Earlier exports they asked for (when, and whether downloaded); not their contents."""
    rows = AccountExport.objects.filter(user=user).order_by("created_at", "id")
    return [
        {
            "status": export.status,
            "created_at": _when(export.created_at),
            "downloaded_at": _when(export.downloaded_at),
        }
        for export in rows
    ]


def notifications_section(*, user: User) -> dict:
    """Their notifications (what, about which content, read or not), their preferences and whom they muted."""
    rows = Notification.objects.filter(recipient=user).order_by("id")
    prefs = NotificationSettings.objects.filter(user=user).first()
    mutes = Mute.objects.filter(user=user).select_related("muted").order_by("created_at", "id")
    return {
        "notifications": [
            {
                "kind": row.kind,
                "count": row.count,
                "read": row.read_at is not None,
                "article": row.article_id,
                "comment": row.comment_id,
                "repost": row.repost_id,
                "data": row.data,
                "created_at": _when(row.created_at),
            }
            for row in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        ],
        "settings": None
        if prefs is None
        else {kind: getattr(prefs, kind) for kind in ("reply", "mention", "reward", "moderation", "appeal")}
        | {"email_digest": prefs.email_digest},
        "muted": [
            {"display_name": mute.muted.display_name, "since": _when(mute.created_at)} for mute in mutes
        ],
    }


BOARD_SECTIONS: dict[str, Callable[..., object]] = {
    "account": account_section,
    "comments": comments_section,
    "reposts": reposts_section,
    "likes": likes_section,
    "shares": shares_section,
    "rewards": rewards_section,
    "ledger": ledger_section,
    "exports": exports_section,
    "notifications": notifications_section,
}


def sections() -> dict[str, Callable[..., object]]:
    """The board's sections, then those of the apps built on it (a name may not be taken twice)."""
    extra = export_sections()
    taken = BOARD_SECTIONS.keys() & extra.keys()
    if taken:
        raise ValueError(f"Export sections named twice: {sorted(taken)}")
    return {**BOARD_SECTIONS, **extra}


def account_export_document(*, user: User) -> dict:
    """The whole export of ``user`` as one JSON-able document."""
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "sections": {name: section(user=user) for name, section in sections().items()},
    }


def account_export_is_large(*, user: User) -> bool:
    """Does an export of ``user`` hold more than ``EXPORT_INLINE_MAX_ROWS`` rows of the board's own? One
    bounded count per kind of row (each stops after the limit), so a huge account costs no more to size."""
    remaining = EXPORT_INLINE_MAX_ROWS
    for queryset in (
        LedgerEntry.objects.filter(user=user),
        Comment.objects.filter(author=user),
        CommentLike.objects.filter(user=user),
        ArticleLike.objects.filter(user=user),
        Reward.objects.filter(Q(giver=user) | Q(recipient=user)),
        Repost.objects.filter(user=user),
        Share.objects.filter(user=user),
    ):
        remaining -= queryset.order_by()[: remaining + 1].count()
        if remaining < 0:
            return True
    return False
