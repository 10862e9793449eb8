"""Write the demo board of ``demo/content.py`` through the board's and moderation's services.

Nothing here forces a state: the comments are posted as any reader's are, and the screening pipeline (the
worker) publishes, holds or hides them with its classifications and audit rows. What readers and moderators
do only to published comments (pin one, report one) waits for that: ``demo_settle``.

Each step is safe to repeat and writes nothing the second time:
- ``demo_moderator_ensure``: the demo moderator and the password kept in a file;
- ``demo_load``: accounts, articles, comments, reactions (skipped once the main article exists);
- ``demo_settle``: the pin and the readers' reports (skipped once the reports exist).
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from board.models import Article, Comment, ModerationState, User
from board.services import (
    article_publish,
    comment_create,
    comment_like,
    disclaimer_save,
    repost_create,
    reward_create,
    share_create,
    user_create,
)
from demo import content
from moderation.admin.roles import moderator_group_sync
from moderation.models import Report
from moderation.services import comment_pin, report_create, user_trust_set

DEMO_ACTOR = "demo"


@dataclass(frozen=True)
class Credentials:
    user: User
    password: str
    path: Path


def _password_read(path: Path) -> str | None:
    try:
        return json.loads(path.read_text())["password"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _password_write(path: Path, password: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    # Readable by its owner only: it is a password, even if a throwaway one.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as stream:
        json.dump({"email": content.MODERATOR_EMAIL, "password": password}, stream)
    temporary.replace(path)


@transaction.atomic
def demo_moderator_ensure(*, state_dir: Path) -> Credentials:
    """The demo moderator (staff, in the Moderator group) with the password kept under ``state_dir``.

    The password is generated on the first run and read from the file afterwards; the account is made (or
    its password set again) to match the file, so a deleted database or a deleted file both recover.
    """
    path = Path(state_dir) / content.MODERATOR_CREDENTIALS_FILE
    password = _password_read(path)
    if password is None:
        password = secrets.token_urlsafe(12)
        _password_write(path, password)
    user = User.objects.filter(email=content.MODERATOR_EMAIL).first()
    if user is None:
        user = user_create(
            email=content.MODERATOR_EMAIL,
            password=password,
            display_name=content.MODERATOR_DISPLAY_NAME,
            is_staff=True,
        )
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    group = moderator_group_sync()
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
    return Credentials(user=user, password=password, path=path)


def _reader_ensure(reader: content.Reader, *, now) -> User:
    user = User.objects.filter(email=reader.email).first()
    if user is not None:
        return user
    user = user_create(email=reader.email, password=None, display_name=reader.display_name)
    # Demo history: these accounts joined long ago (the spammer's an hour ago); account age is one of the
    # signals screening weighs, so it must be true before their comments are screened.
    User.objects.filter(pk=user.pk).update(date_joined=now - timedelta(days=reader.joined_days_ago))
    if reader.trust_level:
        user_trust_set(
            user=user,
            trust_level=reader.trust_level,
            actor_label=DEMO_ACTOR,
            reason="demo reader: an established account",
        )
    user.refresh_from_db()
    return user


def demo_disclaimer_save():
    """The site's default disclaimer, as the demo's articles carry it (a new version only if it changed)."""
    return disclaimer_save(
        key=content.DISCLAIMER_KEY,
        title=content.DISCLAIMER_TITLE,
        text=content.DISCLAIMER_TEXT,
        make_default=True,
    )


def demo_article_publish(*, article_data: content.Article, bot: User, disclaimer, now) -> Article:
    """One demo article, published by the news bot ``article_data.hours_ago`` before ``now``."""
    return article_publish(
        author=bot,
        title=article_data.title,
        slug=article_data.slug,
        body=article_data.body,
        source_name=article_data.source_name,
        original_url=article_data.original_url,
        language=article_data.language,
        disclaimer=disclaimer,
        published_at=now - timedelta(hours=article_data.hours_ago),
    )


def _article_load(article_data: content.Article, *, bot, disclaimer, readers: dict[str, User], now) -> None:
    article = demo_article_publish(article_data=article_data, bot=bot, disclaimer=disclaimer, now=now)
    comments: dict[str, Comment] = {}
    for item in article_data.comments:
        author = readers[item.author]
        comment = comment_create(
            author=author, article=article, body=item.text, parent=comments.get(item.parent or "")
        )
        # Spread over the hours since publication; created_at is set on insert, so back-date it here, in
        # the same transaction, before screening counts the author's recent posts.
        Comment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(minutes=item.minutes_ago))
        comments[item.key] = comment
        likers = [user for key, user in readers.items() if key != item.author][: item.likes]
        for user in likers:
            comment_like(user=user, comment=comment)
    for key, points in article_data.rewards:
        reward_create(giver=readers[key], article=article, points=points)
    for key, quote in article_data.reposts:
        repost_create(user=readers[key], article=article, quote=quote)
    for key, channel in article_data.shares:
        share_create(article=article, user=readers[key], channel=channel)


@transaction.atomic
def demo_load(*, now=None) -> bool:
    """Write the demo accounts, articles, comments and reactions; False if they are already there."""
    if Article.objects.filter(slug=content.MAIN_ARTICLE_SLUG).exists():
        return False
    now = now or timezone.now()
    bot = User.objects.filter(email=content.BOT_EMAIL).first() or user_create(
        email=content.BOT_EMAIL, password=None, display_name=content.BOT_DISPLAY_NAME, is_bot=True
    )
    disclaimer = demo_disclaimer_save()
    readers = {reader.key: _reader_ensure(reader, now=now) for reader in [*content.READERS, content.SPAMMER]}
    for article_data in content.ARTICLES:
        _article_load(article_data, bot=bot, disclaimer=disclaimer, readers=readers, now=now)
    return True


def _reader(key: str) -> content.Reader:
    return next(reader for reader in [*content.READERS, content.SPAMMER] if reader.key == key)


def _comment_of(key: str) -> Comment | None:
    """The comment the loader wrote for ``key`` (by its article, author and text), or None."""
    for article_data in content.ARTICLES:
        for item in article_data.comments:
            if item.key == key:
                return (
                    Comment.objects.filter(
                        article__slug=article_data.slug,
                        author__email=_reader(item.author).email,
                        body=item.text,
                    )
                    .order_by("pk")
                    .first()
                )
    raise KeyError(key)


def demo_unscreened_count() -> int:
    """Demo comments the workers have not screened yet."""
    slugs = [article.slug for article in content.ARTICLES]
    emails = [reader.email for reader in [*content.READERS, content.SPAMMER]]
    return Comment.objects.filter(
        article__slug__in=slugs, author__email__in=emails, moderation_state=ModerationState.PENDING
    ).count()


@transaction.atomic
def demo_settle(*, moderator: User) -> str:
    """Pin the main article's comment and file the readers' reports, once screening published both.

    Returns "done" (this call did it), "already" (an earlier call did) or "waiting" (not screened yet, or
    the main article is missing: nothing written).
    """
    first_report = content.REPORTS[0]
    reported = _comment_of(first_report[0])
    if reported is None:
        return "waiting"
    if Report.objects.filter(comment=reported).exists():
        return "already"
    main = next(article for article in content.ARTICLES if article.slug == content.MAIN_ARTICLE_SLUG)
    pinned = _comment_of(main.pinned) if main.pinned else None
    targets = [comment for comment in (reported, pinned) if comment is not None]
    if any(comment.moderation_state != ModerationState.VISIBLE for comment in targets):
        return "waiting"
    if pinned is not None:
        comment_pin(moderator=moderator, comment=pinned)
    for key, reader_key, reason, text in content.REPORTS:
        reader = User.objects.get(email=_reader(reader_key).email)
        report_create(reader=reader, comment=_comment_of(key), reason=reason, text=text)
    return "done"
