"""Likes: one per reader per article or comment; the unique constraint settles concurrent duplicates.

Each call leaves the target's ``like_count`` set to the stored count, for the caller to answer with.
"""

from django.db import IntegrityError, transaction
from django.db.models import Model

from board.models import Article, ArticleLike, Comment, CommentLike, User
from board.services.common import counters_add, counters_read, rows_delete_counted


def _like(model: type[Model], *, user: User, target: Article | Comment, field: str) -> bool:
    try:
        with transaction.atomic():
            model.objects.create(user=user, **{field: target})
    except IntegrityError:
        if not model.objects.filter(user=user, **{field: target}).exists():
            raise
        counters_read(target, "like_count")  # already liked (perhaps by a concurrent request): counted once
        return False
    counters_add(target, like_count=1)
    return True


def _unlike(model: type[Model], *, user: User, target: Article | Comment, field: str) -> bool:
    rows = model.objects.filter(user=user, **{field: target})
    return rows_delete_counted(rows, counted=target, field="like_count")


@transaction.atomic
def article_like(*, user: User, article: Article) -> bool:
    """Like an article. True if this call added the like, False if it was already there."""
    return _like(ArticleLike, user=user, target=article, field="article")


@transaction.atomic
def article_unlike(*, user: User, article: Article) -> bool:
    """Withdraw a like. True if there was one."""
    return _unlike(ArticleLike, user=user, target=article, field="article")


@transaction.atomic
def comment_like(*, user: User, comment: Comment) -> bool:
    """Like a comment. True if this call added the like, False if it was already there."""
    return _like(CommentLike, user=user, target=comment, field="comment")


@transaction.atomic
def comment_unlike(*, user: User, comment: Comment) -> bool:
    """Withdraw a like. True if there was one."""
    return _unlike(CommentLike, user=user, target=comment, field="comment")
