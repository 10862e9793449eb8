"""Pinning: a moderator pins one top-level comment per article (first on its first page); editors pin
articles to the top of the feed. Each act is safe to repeat, says whether it changed anything, and writes
an audit entry in the transaction of the change (the board's ``*_pinned_set`` primitives)."""

from __future__ import annotations

from django.db import transaction

from board import services as board_services
from board.models import Article, Comment, User
from moderation.models import AuditAction, ContentKind
from moderation.services.audit import audit_log_record
from moderation.services.users import require_moderator


def _pin_record(*, actor: User, kind: str, target_id: int, pinned: bool, extra: dict | None = None) -> None:
    audit_log_record(
        actor=actor,
        action=AuditAction.CONTENT_PINNED if pinned else AuditAction.CONTENT_UNPINNED,
        target_kind=kind,
        target_id=target_id,
        extra=extra,
    )


@transaction.atomic
def comment_pin(*, moderator: User, comment: Comment) -> bool:
    """Pin a top-level, visible comment; the article's previously pinned one is unpinned (recorded in the
    entry's ``extra``). 403 for non-moderators, 400 for a reply, 409 for a comment that is not visible or
    lost a race with another pin."""
    require_moderator(moderator)
    changed, unpinned_id = board_services.comment_pinned_set(comment=comment, pinned=True)
    if changed:
        extra = {"article": comment.article_id, "unpinned": unpinned_id}
        _pin_record(actor=moderator, kind=ContentKind.COMMENT, target_id=comment.pk, pinned=True, extra=extra)
    return changed


@transaction.atomic
def comment_unpin(*, moderator: User, comment: Comment) -> bool:
    """Unpin a comment; True if it was pinned."""
    require_moderator(moderator)
    changed, _ = board_services.comment_pinned_set(comment=comment, pinned=False)
    if changed:
        extra = {"article": comment.article_id}
        _pin_record(
            actor=moderator, kind=ContentKind.COMMENT, target_id=comment.pk, pinned=False, extra=extra
        )
    return changed


@transaction.atomic
def article_pin_set(*, actor: User, article: Article, pinned: bool) -> bool:
    """An editor (staff) pins an article to the top of the feed, or unpins it; True if it changed."""
    board_services.article_editor_check(actor)
    changed = board_services.article_pinned_set(article=article, pinned=pinned)
    if changed:
        _pin_record(actor=actor, kind=ContentKind.ARTICLE, target_id=article.pk, pinned=pinned)
    return changed
