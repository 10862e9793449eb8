"""Moderation's view of board content: fetch, read and change the state of a comment, repost or article.

The only module of this app that calls into ``board``, always from inside functions (the board imports
moderation at module load, not the other way round). State changes go through the board's services,
which keep the articles' and threads' counters right.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

KIND_MODELS = {"comment": "board.Comment", "repost": "board.Repost", "article": "board.Article"}


def content_model(kind: str):
    try:
        return apps.get_model(KIND_MODELS[kind])
    except KeyError:
        raise ValueError(f"unknown content kind {kind!r}") from None


def content_get(*, kind: str, object_id: int, lock: bool = False):
    """The content row or None; ``lock`` takes a row lock (``SELECT ... FOR UPDATE``) for the transaction."""
    queryset = content_model(kind).objects.all()
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.filter(pk=object_id).first()


def content_kind_of(content) -> str:
    return content._meta.model_name


def content_text(kind: str, content) -> str:
    """The text screened for ``content``: a comment's body, a repost's quote, an article's title and body."""
    if kind == "comment":
        return content.body
    if kind == "repost":
        return content.quote
    return f"{content.title}\n\n{content.body}"


def content_author(kind: str, content):
    return content.user if kind == "repost" else content.author


def content_author_id(kind: str, content) -> int:
    return content.user_id if kind == "repost" else content.author_id


def content_is_gone(kind: str, content) -> bool:
    return bool(kind == "comment" and content.is_deleted)


def content_set_state(
    *, kind: str, content, state: str, advice_notice: bool | None = None, removal_reason: str = ""
) -> bool:
    """Move ``content`` to ``state`` through the board's services; True if anything changed.

    Articles are written by staff and bots: screening records their flags and queues them for review, but
    their visibility is the editors' decision, so this changes nothing for them.
    """
    from board import services as board_services

    if kind == "comment":
        return bool(
            board_services.comment_set_moderation_state(
                comment=content, state=state, advice_notice=advice_notice, removal_reason=removal_reason
            )
        )
    if kind == "repost":
        return bool(board_services.repost_set_moderation_state(repost=content, state=state))
    return False


def user_is_moderator(user: Any) -> bool:
    """The board's rule for who moderates (staff, superusers, the moderators' group)."""
    from board.access import user_is_moderator as board_user_is_moderator

    return board_user_is_moderator(user)


def comment_is_open_to(comment, user) -> bool:
    """The board's rule: may ``user`` act on (reply to, like, report) ``comment``?"""
    from board.access import Viewer
    from board.access import comment_is_open_to as board_comment_is_open_to

    return board_comment_is_open_to(comment, Viewer(user))


def author_lock(*, kind: str, object_id: int) -> None:
    """Lock the author's user row before the content's: the board's lock order is users, then comments,
    then articles, and moderation changes the author (trust) in the same transaction as the content."""
    from django.contrib.auth import get_user_model

    author_field = "user_id" if kind == "repost" else "author_id"
    author_id = content_model(kind).objects.filter(pk=object_id).values_list(author_field, flat=True).first()
    if author_id is not None:
        get_user_model().objects.select_for_update().filter(pk=author_id).values_list("pk", flat=True).first()
