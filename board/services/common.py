"""What the board's services share: the state new text starts in, the result of a one-column change, and
counters moved in place."""

from typing import Any, NamedTuple

from django.db.models import F, Model, QuerySet

from board.caching import article_changed
from board.models import Article, Comment, ModerationState, Repost

# The state of a comment or a repost's quote when it is written: shown to its author only until the
# content-submitted hooks (moderation's screening) decide. The counters follow whatever it is.
NEW_CONTENT_STATE = ModerationState.PENDING


class Change(NamedTuple):
    """What a one-column primitive did: whether the value changed, and the value it had before."""

    changed: bool
    previous: Any = None


def counters_read(instance: Model, *fields: str) -> None:
    """Set the stored values of ``fields`` on ``instance``, as this transaction sees them (one query)."""
    values = type(instance).objects.filter(pk=instance.pk).values(*fields).first() or {}
    for field, value in values.items():
        setattr(instance, field, value)


def counters_add(instance: Model, **deltas: int) -> None:
    """Move stored counters of ``instance``'s row by ``deltas`` with ``F()`` (the row lock this takes lasts
    until commit, so concurrent moves serialize and none is lost), then set the new values on ``instance``
    for the caller to answer with. Two queries: the update and the read."""
    rows = type(instance).objects.filter(pk=instance.pk)
    rows.update(**{field: F(field) + delta for field, delta in deltas.items()})
    counters_read(instance, *deltas)
    article_changed(shown_on_article(instance))


def shown_on_article(content: Model) -> int | None:
    """The article whose pages show ``content`` (an article, a comment, a repost), else None."""
    if isinstance(content, Article):
        return content.pk
    if isinstance(content, (Comment, Repost)):
        return content.article_id
    return None


def rows_delete_counted(rows: QuerySet, *, counted: Model, field: str) -> bool:
    """Delete ``rows`` (a reader's like or repost) and move ``counted``'s ``field`` down by one if there was
    one; either way ``counted`` holds the stored count afterwards. True if a row was deleted."""
    deleted, _ = rows.delete()
    if deleted:
        counters_add(counted, **{field: -1})
    else:
        counters_read(counted, field)
    return deleted > 0


def content_language_set(*, content: Model, language: str | None) -> Change:
    """One-column primitive: the detected language (ISO 639-1, or None) of a comment or a repost's quote.

    The board detects it when the text is written (``board.language``); moderation's screening records its
    classifier's answer here too, which is the same function's on the same text, so normally nothing changes.
    """
    previous = content.language
    if previous == language:
        return Change(False, previous)
    type(content).objects.filter(pk=content.pk).update(language=language)
    content.language = language
    article_changed(shown_on_article(content))
    return Change(True, previous)
