"""Builders for test state, through the services (never raw ORM), so tests start from states the app makes."""

import itertools

from rest_framework.test import APIClient

from board.models import Article, Comment, Disclaimer, ModerationState, User
from board.services import (
    article_publish,
    comment_create,
    comment_set_moderation_state,
    disclaimer_save,
    user_create,
)

PASSWORD = "a-long-test-passphrase"
_sequence = itertools.count(1)


def make_user(*, display_name: str | None = None, **kwargs) -> User:
    number = next(_sequence)
    kwargs.setdefault("email", f"reader{number}@example.org")
    kwargs.setdefault("password", PASSWORD)
    return user_create(display_name=display_name, **kwargs)


def make_bot() -> User:
    return make_user(display_name=f"NewsBot{next(_sequence)}", is_bot=True)


def make_disclaimer(key: str = "third-party-content") -> Disclaimer:
    return disclaimer_save(
        key=key,
        title="Third-party content",
        text="Reproduced for information only. Not investment advice.",
        make_default=True,
    )


def make_article(*, author: User | None = None, title: str | None = None, **kwargs) -> Article:
    if not Disclaimer.objects.filter(is_default=True).exists():
        make_disclaimer()
    return article_publish(
        author=author or make_bot(),
        title=title or f"Markets open higher, story {next(_sequence)}",
        body=kwargs.pop("body", "**NEW YORK** — Stocks rose on Monday. Investors cheered the results."),
        source_name=kwargs.pop("source_name", "Board Wire"),
        original_url=kwargs.pop("original_url", "https://news.example.com/story"),
        **kwargs,
    )


def make_comment(
    *, article: Article, author: User, parent: Comment | None = None, body: str = "", approve: bool = True
) -> Comment:
    """A comment as readers see it: created, then (``approve``) made ``visible`` as moderation would."""
    comment = comment_create(
        author=author, article=article, parent=parent, body=body or f"Comment number {next(_sequence)}."
    )
    if approve:
        comment_set_moderation_state(comment=comment, state=ModerationState.VISIBLE)
    return comment


def client_for(user: User | None = None) -> APIClient:
    """An API client signed in with ``user``'s token (anonymous when None)."""
    from rest_framework.authtoken.models import Token

    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def make_thread_bulk(
    *, article: Article, authors: list[User], top_level: int, replies_per_comment: int = 0, levels: int = 0
) -> int:
    """A large visible thread, fast: ``top_level`` comments, each with ``replies_per_comment`` replies, down
    ``levels`` levels. Volume tests only: rows are bulk-inserted and the counters are then recomputed by
    the counters service, as ``counters_recompute --fix`` would. Returns the number of comments."""
    from board.counters import counters_fix

    def new(index: int, parent: Comment | None) -> Comment:
        return Comment(
            article=article,
            author=authors[index % len(authors)],
            parent=parent,
            root_id=(parent.root_id or parent.pk) if parent else None,
            depth=(parent.depth + 1) if parent else 0,
            body=f"Bulk comment {index}",
            moderation_state=ModerationState.VISIBLE,
        )

    level = Comment.objects.bulk_create([new(i, None) for i in range(top_level)])
    total = len(level)
    for _depth in range(levels):
        level = Comment.objects.bulk_create(
            [new(i, parent) for parent in level for i in range(replies_per_comment)]
        )
        total += len(level)
    counters_fix()
    return total
