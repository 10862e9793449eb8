"""Moderation's view of board content: fetch, read and change the state of a comment, repost or article.

Moderation is built on the board and uses its models and services directly; this module only gives the
three kinds one interface. State changes go through the board's services, which keep the articles' and
threads' counters right.
"""

from __future__ import annotations

from django.db.models import Model

from board import services as board_services
from board.exceptions import ApplicationError
from board.models import Article, Comment, Repost, User
from moderation.models import ContentKind

KIND_MODELS: dict[str, type[Model]] = {
    ContentKind.COMMENT: Comment,
    ContentKind.REPOST: Repost,
    ContentKind.ARTICLE: Article,
}


def content_model(kind: str) -> type[Model]:
    try:
        return KIND_MODELS[kind]
    except KeyError:
        raise ApplicationError(f"Unknown content kind {kind!r}.", fields={"kind": ["Unknown."]}) from None


def content_get(*, kind: str, object_id: int, lock: bool = False):
    """The content row or None; ``lock`` takes a row lock (``SELECT ... FOR UPDATE``) for the transaction."""
    queryset = content_model(kind).objects.all()
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.filter(pk=object_id).first()


def content_text(kind: str, content) -> str:
    """The text screened for ``content``: a comment's body, a repost's quote, an article's title and body."""
    if kind == ContentKind.COMMENT:
        return content.body
    if kind == ContentKind.REPOST:
        return content.quote
    return f"{content.title}\n\n{content.body}"


def content_text_shown(kind: str, content) -> str:
    """The text as moderators' screens show it: ``content_text``, or a note for a deleted comment."""
    if kind == ContentKind.COMMENT and content.is_deleted:
        return "[deleted by its author]"
    return content_text(kind, content)


def content_author(kind: str, content) -> User:
    return content.user if kind == ContentKind.REPOST else content.author


def content_article(kind: str, content) -> Article:
    return content if kind == ContentKind.ARTICLE else content.article


def content_is_gone(kind: str, content) -> bool:
    return bool(kind == ContentKind.COMMENT and content.is_deleted)


def content_set_state(
    *, kind: str, content, state: str, advice_notice: bool | None = None, removal_reason: str = ""
) -> bool:
    """Move ``content`` to ``state`` through the board's services; True if anything changed.

    Articles are written by staff and bots: screening records their flags and queues them for review, but
    their visibility is the editors' decision, so this changes nothing for them.
    """
    if kind == ContentKind.COMMENT:
        return board_services.comment_set_moderation_state(
            comment=content, state=state, advice_notice=advice_notice, removal_reason=removal_reason
        )
    if kind == ContentKind.REPOST:
        return board_services.repost_set_moderation_state(repost=content, state=state)
    return False


def _author_field(kind: str) -> str:
    return "user_id" if kind == ContentKind.REPOST else "author_id"


def author_lock(*, kind: str, object_id: int) -> None:
    """Lock the author's user row before the content's: the board's lock order is users, then comments,
    then articles, and moderation changes the author (trust) in the same transaction as the content."""
    rows = content_model(kind).objects.filter(pk=object_id)
    author_id = rows.values_list(_author_field(kind), flat=True).first()
    if author_id is not None:
        User.objects.select_for_update().filter(pk=author_id).values_list("pk", flat=True).first()


def author_recent_posts(*, kind: str, author_id: int, since) -> int:
    """How many pieces of this kind the author wrote since ``since`` (a behaviour signal)."""
    model = content_model(kind)
    return model.objects.filter(**{_author_field(kind): author_id, "created_at__gte": since}).count()
