"""Every write of the board: plain functions with keyword-only arguments, each one transaction.

Views, admin actions, commands and tasks call these; none of them writes the models directly.

Counters. Stored counters move in the same transaction as the change, with ``F()`` updates (the row lock
they take lasts until commit, so concurrent changes serialize and none is lost). ``Article.comment_count``
and ``Comment.reply_count`` count what a reader sees: comments that are ``visible`` and not deleted; every
change of either (create, delete, moderation) goes through ``_visible_comment_moved``.

Lock order. To avoid deadlocks, a transaction takes row locks in this order: users (by primary key), then
comments (the comment before its parent), then the article, last.

Moderation. New comments and reposts start in ``NEW_CONTENT_STATE``; each place where a reader submits text
calls ``_content_submitted`` inside the transaction, which is where moderation wires its screening.
"""

import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from board.access import user_is_moderator
from board.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied
from board.models import (
    AbstractStatus,
    Article,
    ArticleLike,
    Comment,
    CommentLike,
    CommentRevision,
    Disclaimer,
    LedgerEntry,
    LedgerEntryKind,
    ModerationState,
    Repost,
    Reward,
    Share,
    ShareChannel,
    User,
)
from board.text import markdown_to_text, render_markdown

logger = logging.getLogger(__name__)

# The state of a comment or a repost's quote when it is written. Moderation makes this PENDING (shown to its
# author only until screened); the counters follow whatever it is.
NEW_CONTENT_STATE = ModerationState.PENDING

COMMENT_MAX_LENGTH = 5000
QUOTE_MAX_LENGTH = 1000
# Replies nest to any depth a conversation reaches; this only keeps ``depth`` inside its column
# (PositiveSmallIntegerField) with a clear 400 instead of a database error.
COMMENT_MAX_DEPTH = 10_000
REWARD_MIN_POINTS, REWARD_MAX_POINTS = 1, 10_000
IDEMPOTENCY_KEY_MAX_LENGTH = 128
_DISPLAY_NAME = re.compile(r"^[\w\- ]{3,40}$")
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")


def _content_submitted(kind: str, obj) -> None:
    """Reader text was written or changed: ``kind`` is "comment", "repost" or "article".

    Runs inside the writing transaction. Moderation wires screening here (queue the classifier on commit).
    """
    from moderation.services import screening_request_create

    screening_request_create(kind=kind, object_id=obj.pk, revision=obj.revision)


def _ensure_not_silenced(user: User) -> None:
    if user.silenced_until is not None and user.silenced_until > timezone.now():
        raise PermissionDenied("You cannot post until your silence ends.", code="silenced")


# ---------------------------------------------------------------------------------------------------------
# Users and tokens
# ---------------------------------------------------------------------------------------------------------


def _new_display_name() -> str:
    return f"{settings.BOARD_DISPLAY_NAME_PREFIX}{secrets.token_hex(4)}"


def _new_referral_code() -> str:
    return secrets.token_urlsafe(9)[:12]


def display_name_clean(display_name: str, *, exclude_user: User | None = None) -> str:
    """A display name as stored: trimmed, 3 to 40 letters, digits, ``-``, ``_`` or spaces, unique ignoring case."""
    name = (display_name or "").strip()
    if not _DISPLAY_NAME.match(name):
        raise ApplicationError(
            "Invalid display name.",
            fields={"display_name": ["Use 3 to 40 letters, digits, spaces, '-' or '_'."]},
        )
    taken = User.objects.filter(display_name__iexact=name)
    if exclude_user is not None:
        taken = taken.exclude(pk=exclude_user.pk)
    if taken.exists():
        raise ApplicationError("This display name is taken.", fields={"display_name": ["Already taken."]})
    return name


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
    if display_name:
        display_name = display_name_clean(display_name)
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
        except (IntegrityError, DjangoValidationError) as exc:
            # A concurrent sign-up may have taken the email or the chosen name: report it as a field error.
            if User.objects.filter(email__iexact=email).exists():
                raise ApplicationError(
                    "An account with this email already exists.", fields={"email": ["Already used."]}
                ) from exc
            if display_name:
                raise ApplicationError(
                    "This display name is taken.", fields={"display_name": ["Already taken."]}
                ) from exc
            if isinstance(exc, DjangoValidationError) and "display_name" not in exc.message_dict:
                raise
            user.display_name, user.referral_code = _new_display_name(), _new_referral_code()
    else:
        raise ApplicationError("Could not create the account; try again.", code="retry")
    ledger_grant(user=user, amount=settings.BOARD_STARTING_POINTS)
    return user


def account_register(*, email: str, password: str, display_name: str | None = None) -> User | None:
    """Sign up from the apps. Returns the new user, or None when the email already has an account.

    The caller answers both cases the same way so that registration does not tell who has an account:
    input errors (email format, weak password, display name taken, which is public anyway) come first and
    do not depend on the email being known; a known email then spends the same password-hashing time and
    changes nothing.
    """
    email = User.objects.normalize_email((email or "").strip())
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise ApplicationError("Invalid email.", fields={"email": ["Enter a valid email address."]}) from exc
    if display_name is not None and display_name.strip():
        display_name = display_name_clean(display_name)
    else:
        display_name = None
    try:
        password_validation.validate_password(
            password, user=User(email=email, username=email.lower(), display_name=display_name or "")
        )
    except DjangoValidationError as exc:
        raise ApplicationError("Choose a stronger password.", fields={"password": exc.messages}) from exc
    if User.objects.filter(email__iexact=email).exists():
        make_password(password)  # the same time as a real sign-up
        logger.info("registration attempted for an existing account")
        return None
    try:
        return user_create(email=email, password=password, display_name=display_name)
    except ApplicationError as exc:
        if "email" in exc.fields:  # lost a race with a concurrent sign-up for the same email
            return None
        raise


@transaction.atomic
def user_update(*, user: User, display_name: str | None = None) -> User:
    """Change what a reader may change about themselves: the display name."""
    if display_name is None:
        return user
    name = display_name_clean(display_name, exclude_user=user)
    if name == user.display_name:
        return user
    user.display_name = name
    try:
        with transaction.atomic():
            user.save(update_fields=["display_name"])
    except IntegrityError as exc:
        raise ApplicationError(
            "This display name is taken.", fields={"display_name": ["Already taken."]}
        ) from exc
    return user


def auth_token_issue(*, username: str, password: str, request=None) -> Token:
    """Log in with a username or email and a password; one token per user, reused across devices.

    Wrong username and wrong password answer the same, in the same time (see ``EmailOrUsernameBackend``).
    """
    user = authenticate(request, username=username or "", password=password or "")
    if user is None:
        raise ApplicationError("Unable to log in with the provided credentials.", code="invalid_credentials")
    token, _created = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def auth_token_revoke(*, user: User) -> bool:
    """Log out everywhere the token is used: delete it. True if there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted > 0


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


def _abstract_enqueue(article_id: int) -> None:
    """Queue the abstract; a broker that is down only delays it (``abstracts_sweep`` queues it again)."""
    from kombu.exceptions import OperationalError as BrokerError

    from board.tasks import article_abstract_generate

    try:
        article_abstract_generate.delay(article_id)
    except (BrokerError, ConnectionError, OSError):
        logger.warning("abstract not queued; the sweep will retry", extra={"article_id": article_id})


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
    """Publish an article by staff or a bot; its abstract starts ``pending`` and is queued after commit."""
    if not (author.is_staff or author.is_bot):
        raise PermissionDenied("Only staff and bot accounts publish articles.")
    if disclaimer is None:
        disclaimer = Disclaimer.objects.filter(is_default=True).first()
    if disclaimer is None:
        raise ApplicationError(
            "No disclaimer given and no site default.", fields={"disclaimer": ["Required."]}
        )
    article = Article(
        author=author,
        title=(title or "").strip(),
        slug=slug or _unique_slug(title or ""),
        body=body,
        body_html=render_markdown(body or ""),
        source_name=source_name,
        original_url=original_url,
        language=language,
        disclaimer=disclaimer,
        published_at=published_at or timezone.now(),
        is_pinned=is_pinned,
    )
    article.full_clean()
    article.save()
    _content_submitted("article", article)
    transaction.on_commit(lambda: _abstract_enqueue(article.pk))
    return article


@transaction.atomic
def article_abstract_generate(*, article_id: int) -> Article | None:
    """Write the abstract of an article and mark it ``ready``; nothing to do if it is already ready.

    Idempotent: safe to run twice (a redelivered task). None if the article no longer exists.
    """
    from board.abstracts import summarize

    article = Article.objects.select_for_update().filter(pk=article_id).first()
    if article is None or article.abstract_status == AbstractStatus.READY:
        return article
    article.abstract = summarize(
        markdown_to_text(article.body),
        max_chars=settings.BOARD_ABSTRACT_MAX_CHARS,
        max_chars_cjk=settings.BOARD_ABSTRACT_MAX_CHARS_CJK,
    )
    article.abstract_status = AbstractStatus.READY
    article.save(update_fields=["abstract", "abstract_status", "updated_at"])
    return article


@transaction.atomic
def article_abstract_mark_failed(*, article_id: int) -> bool:
    """Give up on an abstract after the task's last retry. True if it was still pending."""
    changed = Article.objects.filter(pk=article_id, abstract_status=AbstractStatus.PENDING).update(
        abstract_status=AbstractStatus.FAILED, updated_at=timezone.now()
    )
    return changed > 0


ARTICLE_EDITABLE_FIELDS = (
    "title",
    "body",
    "source_name",
    "original_url",
    "language",
    "disclaimer",
    "published_at",
    "is_pinned",
)


@transaction.atomic
def article_update(*, actor: User, article: Article, **changes) -> Article:
    """Staff change an article (the admin): any of ``ARTICLE_EDITABLE_FIELDS``; the rest stays.

    A new title or body is a new revision: the HTML is rendered again, the text is screened again and the
    abstract is written again (queued after commit). Returns the article (updated in place too).
    """
    if not actor.is_staff:
        raise PermissionDenied("Only staff edit articles.")
    unknown = set(changes) - set(ARTICLE_EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"Not editable: {', '.join(sorted(unknown))}.")
    locked = Article.objects.select_for_update().filter(pk=article.pk).first()
    if locked is None:
        raise NotFound("Article not found.")
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, changes[name])
    text_changed = "title" in changed or "body" in changed
    if text_changed:
        locked.title = (locked.title or "").strip()
        locked.body_html = render_markdown(locked.body or "")
        locked.revision += 1
        changed += ["body_html", "revision"]
    if "body" in changed:
        locked.abstract_status = AbstractStatus.PENDING
        changed.append("abstract_status")
    locked.full_clean(exclude=["author", "disclaimer"], validate_unique=False)
    locked.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
    for name in changed:
        setattr(article, name, getattr(locked, name))
    if text_changed:
        _content_submitted("article", locked)
    if "body" in changed:
        transaction.on_commit(lambda: _abstract_enqueue(locked.pk))
    return locked


# ---------------------------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------------------------


def _counts_as_visible(comment: Comment) -> bool:
    """Does the comment count in its article's ``comment_count`` and its parent's ``reply_count``?"""
    return comment.moderation_state == ModerationState.VISIBLE and not comment.is_deleted


def _visible_comment_moved(comment: Comment, delta: int) -> None:
    """A comment entered (+1) or left (-1) what readers see: move the parent's and the article's counters.

    Parent before article (see the lock order in the module docstring).
    """
    if comment.parent_id is not None:
        Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") + delta)
    Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") + delta)


def _comment_body_clean(body) -> str:
    if not isinstance(body, str):
        raise ApplicationError("Invalid comment.", fields={"body": ["Must be text."]})
    text = body.strip()
    if not text:
        raise ApplicationError("Empty comment.", fields={"body": ["Write something."]})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ApplicationError(
            "Comment too long.", fields={"body": [f"At most {COMMENT_MAX_LENGTH} characters."]}
        )
    return text


def _comment_save_new(comment: Comment) -> None:
    # The foreign keys are rows we already hold and the constraints are the database's: skip full_clean's
    # per-field queries for them, so posting costs the same whatever the depth.
    comment.full_clean(
        exclude=["article", "author", "parent", "root"], validate_unique=False, validate_constraints=False
    )
    comment.save()


@transaction.atomic
def comment_create(*, author: User, article: Article, body: str, parent: Comment | None = None) -> Comment:
    """Add a comment or a reply (to any depth); counters move in the same transaction.

    The caller has checked that ``author`` may see ``article`` and ``parent`` (``board.access``).
    """
    _ensure_not_silenced(author)
    text = _comment_body_clean(body)
    if parent is not None:
        if parent.article_id != article.pk:
            raise ApplicationError(
                "The parent belongs to another article.", fields={"parent": ["Not in this article."]}
            )
        if parent.is_deleted:
            raise ApplicationError(
                "The parent comment was deleted.", fields={"parent": ["Cannot reply to a deleted comment."]}
            )
        if parent.depth + 1 > COMMENT_MAX_DEPTH:
            raise ApplicationError("The thread is too deep.", fields={"parent": ["Too deep."]})
    comment = Comment(
        article=article,
        author=author,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        depth=(parent.depth + 1) if parent else 0,
        body=text,
        moderation_state=NEW_CONTENT_STATE,
    )
    _comment_save_new(comment)
    if _counts_as_visible(comment):
        _visible_comment_moved(comment, +1)
    _content_submitted("comment", comment)
    return comment


def _comment_lock(comment: Comment) -> Comment:
    locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
    if locked is None:
        raise NotFound("Comment not found.")
    return locked


def _sync(target: Comment, source: Comment, fields: list[str]) -> None:
    for name in fields:
        setattr(target, name, getattr(source, name))


@transaction.atomic
def comment_edit(*, actor: User, comment: Comment, body: str) -> Comment:
    """The author changes the text. The previous text is kept as a ``CommentRevision`` for moderators."""
    _ensure_not_silenced(actor)
    text = _comment_body_clean(body)
    locked = _comment_lock(comment)
    if locked.author_id != actor.pk:
        raise PermissionDenied("You can only change your own comments.")
    if locked.is_deleted:
        raise NotFound("Comment not found.")
    if locked.moderation_state == ModerationState.REMOVED:
        raise Conflict("A removed comment cannot be edited.", code="comment_removed")
    if text == locked.body:
        return locked
    CommentRevision.objects.create(
        comment=locked,
        revision=locked.revision,
        body=locked.body,
        created_at=locked.edited_at or locked.created_at,
    )
    locked.body = text
    locked.revision += 1
    locked.edited_at = timezone.now()
    fields = ["body", "revision", "edited_at"]
    locked.save(update_fields=fields)
    _sync(comment, locked, fields)
    # The new text is unscreened: others see it once moderation allows it, as with a new comment (an edit
    # must not turn an approved comment into a scam that stays up while the workers are down).
    if locked.moderation_state == ModerationState.VISIBLE:
        comment_set_moderation_state(comment=locked, state=NEW_CONTENT_STATE)
        _sync(comment, locked, ["moderation_state"])
    _content_submitted("comment", locked)
    return locked


@transaction.atomic
def comment_delete(*, actor: User, comment: Comment) -> bool:
    """The author deletes their comment: soft, so replies keep their place; the text goes to a revision
    (kept for moderators) and the comment shows as a tombstone while it has visible replies.

    Idempotent: False if it was already deleted.
    """
    locked = _comment_lock(comment)
    if locked.author_id != actor.pk:
        raise PermissionDenied("You can only delete your own comments.")
    if locked.is_deleted:
        return False
    was_visible = _counts_as_visible(locked)
    CommentRevision.objects.create(
        comment=locked,
        revision=locked.revision,
        body=locked.body,
        created_at=locked.edited_at or locked.created_at,
    )
    locked.body = ""
    locked.revision += 1
    locked.is_deleted = True
    locked.is_pinned = False
    locked.deleted_at = timezone.now()
    fields = ["body", "revision", "is_deleted", "is_pinned", "deleted_at"]
    locked.save(update_fields=fields)
    _sync(comment, locked, fields)
    if was_visible:
        _visible_comment_moved(locked, -1)
    return True


@transaction.atomic
def comment_set_moderation_state(
    *, comment: Comment, state: str, advice_notice: bool | None = None, removal_reason: str = ""
) -> bool:
    """Move a comment to ``state`` (``pending``, ``visible``, ``held``, ``removed``); for moderation.

    Idempotent: returns whether anything changed. Locks the comment, saves only the changed fields, and
    moves the parent's ``reply_count`` and the article's ``comment_count`` when the comment enters or
    leaves what readers see. ``advice_notice`` None leaves it as it is; ``removal_reason`` is kept for
    ``removed`` and cleared otherwise. ``comment`` is updated in place.
    """
    if state not in ModerationState.values:
        raise ApplicationError(
            "Unknown moderation state.", fields={"state": [f"Not one of {ModerationState.values}."]}
        )
    locked = _comment_lock(comment)
    was_visible = _counts_as_visible(locked)
    changed: list[str] = []
    reason = removal_reason[:500] if state == ModerationState.REMOVED else ""
    for name, value in (
        ("moderation_state", state),
        ("advice_notice", locked.advice_notice if advice_notice is None else advice_notice),
        ("removal_reason", reason),
    ):
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if not changed:
        return False
    if locked.is_pinned and state != ModerationState.VISIBLE:
        locked.is_pinned = False
        changed.append("is_pinned")
    locked.save(update_fields=changed)
    _sync(comment, locked, changed)
    now_visible = _counts_as_visible(locked)
    if was_visible != now_visible:
        _visible_comment_moved(locked, +1 if now_visible else -1)
    return True


@transaction.atomic
def comment_pin(*, actor: User, comment: Comment) -> bool:
    """A moderator pins a top-level comment; the article's previously pinned one is unpinned.

    Returns whether anything changed. Two moderators pinning at once: one wins, the other gets a 409.
    """
    if not user_is_moderator(actor):
        raise PermissionDenied("Only moderators can pin comments.")
    locked = _comment_lock(comment)
    if locked.parent_id is not None:
        raise ApplicationError("Only top-level comments can be pinned.", fields={"comment": ["Is a reply."]})
    if locked.is_deleted or locked.moderation_state != ModerationState.VISIBLE:
        raise Conflict("Only a visible comment can be pinned.", code="not_visible")
    if locked.is_pinned:
        return False
    Comment.objects.filter(article_id=locked.article_id, is_pinned=True).update(is_pinned=False)
    try:
        with transaction.atomic():
            Comment.objects.filter(pk=locked.pk).update(is_pinned=True)
    except IntegrityError as exc:
        raise Conflict("Another comment was pinned at the same time.", code="pin_conflict") from exc
    comment.is_pinned = True
    return True


@transaction.atomic
def comment_unpin(*, actor: User, comment: Comment) -> bool:
    """A moderator unpins a comment. Returns whether it was pinned."""
    if not user_is_moderator(actor):
        raise PermissionDenied("Only moderators can pin comments.")
    changed = Comment.objects.filter(pk=comment.pk, is_pinned=True).update(is_pinned=False)
    comment.is_pinned = False
    return changed > 0


# ---------------------------------------------------------------------------------------------------------
# Likes: one per reader per article or comment; the unique constraint settles concurrent duplicates.
# ---------------------------------------------------------------------------------------------------------


def _like_insert(model, *, user: User, **target) -> bool:
    try:
        with transaction.atomic():
            model.objects.create(user=user, **target)
    except IntegrityError:
        if model.objects.filter(user=user, **target).exists():
            return False  # already liked (perhaps by a concurrent request): counted once
        raise
    return True


@transaction.atomic
def article_like(*, user: User, article: Article) -> bool:
    """Like an article. True if this call added the like, False if it was already there."""
    created = _like_insert(ArticleLike, user=user, article=article)
    if created:
        Article.objects.filter(pk=article.pk).update(like_count=F("like_count") + 1)
    return created


@transaction.atomic
def article_unlike(*, user: User, article: Article) -> bool:
    """Withdraw a like. True if there was one."""
    deleted, _ = ArticleLike.objects.filter(user=user, article=article).delete()
    if deleted:
        Article.objects.filter(pk=article.pk).update(like_count=F("like_count") - 1)
    return deleted > 0


@transaction.atomic
def comment_like(*, user: User, comment: Comment) -> bool:
    """Like a comment. True if this call added the like, False if it was already there."""
    created = _like_insert(CommentLike, user=user, comment=comment)
    if created:
        Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
    return created


@transaction.atomic
def comment_unlike(*, user: User, comment: Comment) -> bool:
    """Withdraw a like. True if there was one."""
    deleted, _ = CommentLike.objects.filter(user=user, comment=comment).delete()
    if deleted:
        Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") - 1)
    return deleted > 0


# ---------------------------------------------------------------------------------------------------------
# Reposts and shares
# ---------------------------------------------------------------------------------------------------------


def _quote_clean(quote) -> str:
    if quote is None:
        return ""
    if not isinstance(quote, str):
        raise ApplicationError("Invalid quote.", fields={"quote": ["Must be text."]})
    text = quote.strip()
    if len(text) > QUOTE_MAX_LENGTH:
        raise ApplicationError(
            "Quote too long.", fields={"quote": [f"At most {QUOTE_MAX_LENGTH} characters."]}
        )
    return text


@transaction.atomic
def repost_create(*, user: User, article: Article, quote: str = "") -> tuple[Repost, bool]:
    """Repost an article, or change the quote of one's repost. Returns ``(repost, created)``.

    One per reader (a unique constraint): concurrent requests insert once and count once; the others update.
    A new or changed quote starts in ``NEW_CONTENT_STATE`` and is submitted for moderation.
    """
    _ensure_not_silenced(user)
    text = _quote_clean(quote)
    try:
        with transaction.atomic():
            repost = Repost.objects.create(
                article=article, user=user, quote=text, moderation_state=NEW_CONTENT_STATE
            )
    except IntegrityError:
        repost = Repost.objects.select_for_update().filter(article=article, user=user).first()
        if repost is None:
            raise
        if repost.quote != text:
            repost.quote = text
            repost.revision += 1
            repost.moderation_state = NEW_CONTENT_STATE
            repost.save(update_fields=["quote", "revision", "moderation_state"])
            if text:
                _content_submitted("repost", repost)
        return repost, False
    Article.objects.filter(pk=article.pk).update(repost_count=F("repost_count") + 1)
    if text:
        _content_submitted("repost", repost)
    return repost, True


@transaction.atomic
def repost_delete(*, user: User, article: Article) -> bool:
    """Undo one's repost. True if there was one."""
    deleted, _ = Repost.objects.filter(user=user, article=article).delete()
    if deleted:
        Article.objects.filter(pk=article.pk).update(repost_count=F("repost_count") - 1)
    return deleted > 0


@transaction.atomic
def repost_set_moderation_state(*, repost: Repost, state: str) -> bool:
    """Move a repost's quote to ``state``; for moderation. Idempotent: returns whether it changed.

    ``repost_count`` counts reposts, not quotes, so no counter moves; a hidden quote is simply not shown.
    """
    if state not in ModerationState.values:
        raise ApplicationError(
            "Unknown moderation state.", fields={"state": [f"Not one of {ModerationState.values}."]}
        )
    changed = (
        Repost.objects.filter(pk=repost.pk).exclude(moderation_state=state).update(moderation_state=state)
    )
    repost.moderation_state = state
    return changed > 0


@transaction.atomic
def share_create(*, article: Article, user: User | None, channel: str) -> Share:
    """Record one share of an article (readers may share as often as they like)."""
    if channel not in ShareChannel.values:
        raise ApplicationError(
            "Unknown channel.", fields={"channel": [f"One of {', '.join(ShareChannel.values)}."]}
        )
    share = Share.objects.create(article=article, user=user, channel=channel)
    Article.objects.filter(pk=article.pk).update(share_count=F("share_count") + 1)
    return share


def share_url(*, article: Article, user: User | None, base_url: str) -> str:
    """The canonical URL of an article, with the sharer's referral code when they are signed in."""
    url = base_url.rstrip("/") + article.get_absolute_url()
    if user is not None and user.is_authenticated and user.referral_code:
        url += f"?ref={user.referral_code}"
    return url


# ---------------------------------------------------------------------------------------------------------
# Rewards and the ledger
# ---------------------------------------------------------------------------------------------------------


def _reward_fingerprint(*, article: Article | None, comment: Comment | None, points: int) -> str:
    target = f"article:{article.pk}" if article is not None else f"comment:{comment.pk}"
    return hashlib.sha256(f"{target}:{points}".encode()).hexdigest()


def _reward_replay(reward: Reward, fingerprint: str) -> tuple[Reward, bool]:
    if reward.request_fingerprint != fingerprint:
        raise Conflict(
            "This Idempotency-Key was used for a different request.", code="idempotency_key_reused"
        )
    reward.balance_after = (
        LedgerEntry.objects.filter(reward=reward, kind=LedgerEntryKind.REWARD_SENT)
        .values_list("balance_after", flat=True)
        .first()
    )
    return reward, True


def _reward_by_key(*, giver: User, idempotency_key: str) -> Reward | None:
    return (
        Reward.objects.select_related("recipient")
        .filter(giver=giver, idempotency_key=idempotency_key)
        .first()
    )


def reward_points_clean(points) -> int:
    if isinstance(points, bool) or not isinstance(points, int):
        raise ApplicationError("Invalid points.", fields={"points": ["A whole number."]})
    if not REWARD_MIN_POINTS <= points <= REWARD_MAX_POINTS:
        raise ApplicationError(
            "Invalid points.", fields={"points": [f"From {REWARD_MIN_POINTS} to {REWARD_MAX_POINTS}."]}
        )
    return points


def idempotency_key_clean(key: str | None) -> str | None:
    if key is None:
        return None
    if not _IDEMPOTENCY_KEY.match(key):
        raise ApplicationError(
            "Invalid Idempotency-Key.",
            fields={"idempotency_key": [f"1 to {IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters."]},
        )
    return key


@transaction.atomic
def reward_create(
    *,
    giver: User,
    article: Article | None = None,
    comment: Comment | None = None,
    points: int,
    idempotency_key: str | None = None,
) -> tuple[Reward, bool]:
    """Tip the author of an article or a comment ``points`` from the giver's balance.

    Returns ``(reward, replayed)``; ``reward.balance_after`` is the giver's balance right after it. With an ``idempotency_key``, a repeated request (same giver and key)
    returns the first reward and moves nothing (``replayed`` True); the same key with another target or
    amount is a ``Conflict`` (``idempotency_key_reused``). Concurrent repeats are settled by the unique
    constraint on (giver, idempotency_key).

    Both users' rows are locked in primary-key order (no deadlock between A→B and B→A), the balance is
    checked under the lock (``Conflict`` ``insufficient_points``), and the two ledger entries, both balances
    and the target's counters are written in this one transaction.
    """
    if (article is None) == (comment is None):
        raise ApplicationError("Reward an article or a comment.", fields={"target": ["Exactly one."]})
    points = reward_points_clean(points)
    idempotency_key = idempotency_key_clean(idempotency_key)
    target = article if article is not None else comment
    if target.author_id == giver.pk:
        raise ApplicationError(
            "You cannot reward yourself.", fields={"points": ["Not to yourself."]}, code="self_reward"
        )
    fingerprint = _reward_fingerprint(article=article, comment=comment, points=points)
    if idempotency_key is not None:
        existing = _reward_by_key(giver=giver, idempotency_key=idempotency_key)
        if existing is not None:
            return _reward_replay(existing, fingerprint)
    try:
        with transaction.atomic():
            reward = _reward_transfer(
                giver=giver,
                recipient_id=target.author_id,
                article=article,
                comment=comment,
                points=points,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
            )
    except IntegrityError:
        if idempotency_key is None:
            raise
        existing = _reward_by_key(giver=giver, idempotency_key=idempotency_key)
        if existing is None:
            raise
        return _reward_replay(existing, fingerprint)
    return reward, False


def _reward_transfer(
    *,
    giver: User,
    recipient_id: int,
    article: Article | None,
    comment: Comment | None,
    points: int,
    idempotency_key: str | None,
    fingerprint: str,
) -> Reward:
    locked = {
        user.pk: user
        for user in User.objects.select_for_update().filter(pk__in=[giver.pk, recipient_id]).order_by("pk")
    }
    sender, recipient = locked[giver.pk], locked[recipient_id]
    if sender.points_balance < points:
        raise Conflict(f"Not enough points: you have {sender.points_balance}.", code="insufficient_points")
    reward = Reward.objects.create(
        giver=sender,
        recipient=recipient,
        article=article,
        comment=comment,
        points=points,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
    )
    User.objects.filter(pk=sender.pk).update(points_balance=F("points_balance") - points)
    User.objects.filter(pk=recipient.pk).update(points_balance=F("points_balance") + points)
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                user=sender,
                kind=LedgerEntryKind.REWARD_SENT,
                amount=-points,
                balance_after=sender.points_balance - points,
                reward=reward,
            ),
            LedgerEntry(
                user=recipient,
                kind=LedgerEntryKind.REWARD_RECEIVED,
                amount=points,
                balance_after=recipient.points_balance + points,
                reward=reward,
            ),
        ]
    )
    giver.points_balance = reward.balance_after = sender.points_balance - points
    counters = {"reward_count": F("reward_count") + 1, "reward_points": F("reward_points") + points}
    if comment is not None:
        Comment.objects.filter(pk=comment.pk).update(**counters)
    else:
        Article.objects.filter(pk=article.pk).update(**counters)
    return reward
