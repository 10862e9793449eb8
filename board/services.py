"""Every write of the board: plain functions with keyword-only arguments, each one transaction.

Views, admin actions, commands and tasks call these; none of them writes the models directly.
"""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from board.exceptions import ApplicationError
from board.models import (
    Article,
    Comment,
    Disclaimer,
    LedgerEntry,
    LedgerEntryKind,
    ModerationState,
    User,
)
from board.text import render_markdown

# ---------------------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------------------


def _new_display_name() -> str:
    return f"{settings.BOARD_DISPLAY_NAME_PREFIX}{secrets.token_hex(4)}"


def _new_referral_code() -> str:
    return secrets.token_urlsafe(9)[:12]


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    display_name: str | None = None,
    is_bot: bool = False,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create an account with a unique display name (generated when none is given) and the starting grant."""
    email = User.objects.normalize_email(email).strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(
            "An account with this email already exists.", fields={"email": ["Already used."]}
        )
    if display_name and User.objects.filter(display_name__iexact=display_name).exists():
        raise ApplicationError("This display name is taken.", fields={"display_name": ["Already taken."]})
    user = User(
        username=email.lower(),
        email=email,
        display_name=display_name or _new_display_name(),
        referral_code=_new_referral_code(),
        is_bot=is_bot,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    for _attempt in range(5):
        # A generated name can collide (one in four billion); the savepoint lets us try another.
        try:
            with transaction.atomic():
                user.full_clean(exclude=["password"])
                user.save()
            break
        except IntegrityError:
            if display_name:
                raise
            user.display_name, user.referral_code = _new_display_name(), _new_referral_code()
    ledger_grant(user=user, amount=settings.BOARD_STARTING_POINTS)
    return user


@transaction.atomic
def ledger_grant(*, user: User, amount: int, kind: str = LedgerEntryKind.GRANT) -> LedgerEntry | None:
    """Credit ``amount`` points to ``user``: the ledger entry and the balance move together."""
    if amount == 0:
        return None
    User.objects.filter(pk=user.pk).update(points_balance=F("points_balance") + amount)
    user.refresh_from_db(fields=["points_balance"])
    return LedgerEntry.objects.create(user=user, kind=kind, amount=amount, balance_after=user.points_balance)


# ---------------------------------------------------------------------------------------------------------
# Disclaimers and articles
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def disclaimer_save(
    *, key: str, title: str, text: str, make_default: bool = False, actor: User | None = None
) -> Disclaimer:
    """Write a new version of the disclaimer ``key`` (version 1 if new). Old versions stay as they were."""
    latest = Disclaimer.objects.select_for_update().filter(key=key).order_by("-version").first()
    if latest and latest.title == title and latest.text == text and (latest.is_default or not make_default):
        return latest
    was_default = bool(latest and latest.is_default)
    if make_default or was_default:
        Disclaimer.objects.filter(is_default=True).update(is_default=False)
    disclaimer = Disclaimer(
        key=key,
        version=(latest.version + 1) if latest else 1,
        title=title,
        text=text,
        is_default=make_default or was_default,
        created_by=actor,
    )
    disclaimer.full_clean()
    disclaimer.save()
    return disclaimer


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=False)[:100] or "article"
    slug, suffix = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def article_publish(
    *,
    author: User,
    title: str,
    body: str,
    source_name: str = "",
    original_url: str = "",
    language: str = "en",
    disclaimer: Disclaimer | None = None,
    published_at=None,
    is_pinned: bool = False,
    slug: str | None = None,
) -> Article:
    """Publish an article by staff or a bot; its abstract starts ``pending``."""
    if not (author.is_staff or author.is_bot):
        raise ApplicationError("Only staff and bot accounts publish articles.", code="permission_denied")
    if disclaimer is None:
        disclaimer = Disclaimer.objects.filter(is_default=True).first()
    if disclaimer is None:
        raise ApplicationError(
            "No disclaimer given and no site default.", fields={"disclaimer": ["Required."]}
        )
    article = Article(
        author=author,
        title=title,
        slug=slug or _unique_slug(title),
        body=body,
        body_html=render_markdown(body),
        source_name=source_name,
        original_url=original_url,
        language=language,
        disclaimer=disclaimer,
        published_at=published_at or timezone.now(),
        is_pinned=is_pinned,
    )
    article.full_clean()
    article.save()
    return article


# ---------------------------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def comment_create(*, author: User, article: Article, body: str, parent: Comment | None = None) -> Comment:
    """Add a comment or a reply; the article's and the parent's counters move in the same transaction."""
    if parent is not None and parent.article_id != article.pk:
        raise ApplicationError(
            "The parent belongs to another article.", fields={"parent": ["Not in this article."]}
        )
    comment = Comment(
        article=article,
        author=author,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        depth=(parent.depth + 1) if parent else 0,
        body=body,
        moderation_state=ModerationState.VISIBLE,
    )
    comment.full_clean()
    comment.save()
    Article.objects.filter(pk=article.pk).update(comment_count=F("comment_count") + 1)
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
    return comment
