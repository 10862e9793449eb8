"""Comments: writing, editing and deleting them (the author's), and the primitives moderation moves them
with (state, pin). ``Article.comment_count`` and ``Comment.reply_count`` count what every reader sees
(``Comment.counts_as_visible``); every change of it goes through ``_visible_comment_moved``."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from board.caching import article_changed
from board.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied
from board.extensions import content_submitted
from board.language import detect_language
from board.models import (
    COMMENT_MAX_LENGTH,
    REMOVAL_REASON_MAX_LENGTH,
    Article,
    Comment,
    CommentRevision,
    ModerationState,
    TextKind,
    User,
)
from board.services.accounts import ensure_not_silenced
from board.services.common import NEW_CONTENT_STATE, Change
from board.services.notifications import comment_published_on_commit
from board.services.translations import translations_drop

# Replies nest to any depth a conversation reaches; this only keeps ``depth`` inside its column
# (PositiveSmallIntegerField) with a clear 400 instead of a database error.
COMMENT_MAX_DEPTH = 10_000


def _visible_comment_moved(comment: Comment, delta: int) -> None:
    """A comment entered (+1) or left (-1) what readers see: move the parent's and the article's counters.

    Parent before article (see the lock order in ``board.services``).
    """
    if comment.parent_id is not None:
        Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") + delta)
    Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") + delta)
    article_changed(comment.article_id)


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


def _parent_check(parent: Comment, article: Article) -> None:
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
    ensure_not_silenced(author)
    text = _comment_body_clean(body)
    if parent is not None:
        _parent_check(parent, article)
    comment = Comment(
        article=article,
        author=author,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        depth=(parent.depth + 1) if parent else 0,
        body=text,
        language=detect_language(text).code or "",
        moderation_state=NEW_CONTENT_STATE,
    )
    _comment_save_new(comment)
    if comment.counts_as_visible:
        _visible_comment_moved(comment, +1)
        comment_published_on_commit(comment)
    content_submitted(kind="comment", obj=comment)
    return comment


def _comment_lock(comment: Comment) -> Comment:
    locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
    if locked is None:
        raise NotFound("Comment not found.")
    return locked


def _sync(target: Comment, source: Comment, fields: list[str]) -> None:
    for name in fields:
        setattr(target, name, getattr(source, name))


def _revision_keep(locked: Comment) -> None:
    """Keep the current text as a ``CommentRevision`` (for moderators) before it is replaced."""
    CommentRevision.objects.create(
        comment=locked,
        revision=locked.revision,
        body=locked.body,
        created_at=locked.edited_at or locked.created_at,
    )


@transaction.atomic
def comment_edit(*, actor: User, comment: Comment, body: str) -> Comment:
    """The author changes the text. The previous text is kept as a ``CommentRevision`` for moderators."""
    ensure_not_silenced(actor)
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
    _revision_keep(locked)
    locked.body = text
    locked.revision += 1
    locked.edited_at = timezone.now()
    locked.language = detect_language(text).code or ""
    fields = ["body", "revision", "edited_at", "language"]
    locked.save(update_fields=fields)
    _sync(comment, locked, fields)
    translations_drop(kind=TextKind.COMMENT, object_id=locked.pk)
    article_changed(locked.article_id)
    # The new text is unscreened: others see it once moderation allows it, as with a new comment (an edit
    # must not turn an approved comment into a scam that stays up while the workers are down).
    if locked.moderation_state == ModerationState.VISIBLE:
        comment_set_moderation_state(comment=locked, state=NEW_CONTENT_STATE)
        _sync(comment, locked, ["moderation_state"])
    content_submitted(kind="comment", obj=locked)
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
    was_visible = locked.counts_as_visible
    _revision_keep(locked)
    locked.body = ""
    locked.revision += 1
    locked.is_deleted = True
    locked.is_pinned = False
    locked.deleted_at = timezone.now()
    fields = ["body", "revision", "is_deleted", "is_pinned", "deleted_at"]
    locked.save(update_fields=fields)
    _sync(comment, locked, fields)
    translations_drop(kind=TextKind.COMMENT, object_id=locked.pk)
    article_changed(locked.article_id)
    if was_visible:
        _visible_comment_moved(locked, -1)
    return True


def moderation_state_clean(state: str) -> str:
    if state not in ModerationState.values:
        raise ApplicationError(
            "Unknown moderation state.", fields={"state": [f"Not one of {ModerationState.values}."]}
        )
    return state


@transaction.atomic
def comment_set_moderation_state(
    *, comment: Comment, state: str, advice_notice: bool | None = None, removal_reason: str = ""
) -> bool:
    """Move a comment to ``state`` (``ModerationState``); for moderation.

    Idempotent: returns whether anything changed. Locks the comment, saves only the changed fields, and
    moves the parent's ``reply_count`` and the article's ``comment_count`` when the comment enters or
    leaves what readers see; a comment that leaves ``visible`` loses its pin. ``advice_notice`` None leaves
    it as it is; ``removal_reason`` is kept for ``removed`` and cleared otherwise. ``comment`` is updated
    in place.
    """
    moderation_state_clean(state)
    locked = _comment_lock(comment)
    was_visible = locked.counts_as_visible
    changed: list[str] = []
    reason = removal_reason[:REMOVAL_REASON_MAX_LENGTH] if state == ModerationState.REMOVED else ""
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
    article_changed(locked.article_id)
    if was_visible != locked.counts_as_visible:
        _visible_comment_moved(locked, +1 if locked.counts_as_visible else -1)
        if locked.counts_as_visible:  # published: replies and mentions notify now, never before
            comment_published_on_commit(locked)
    return True


@transaction.atomic
def comment_pinned_set(*, comment: Comment, pinned: bool) -> Change:
    """Pin a top-level, visible comment (the article's previously pinned one loses its pin), or unpin it.
    For moderation, which checks the actor and audits.

    Returns ``Change(changed, id of the comment that lost its pin to this one, or None)``. Two pins at
    once: one wins, the other is a ``Conflict`` (the database allows one pinned comment per article).
    """
    if not pinned:
        changed = Comment.objects.filter(pk=comment.pk, is_pinned=True).update(is_pinned=False)
        comment.is_pinned = False
        article_changed(comment.article_id)
        return Change(changed > 0)
    locked = _comment_lock(comment)
    if locked.parent_id is not None:
        raise ApplicationError("Only top-level comments can be pinned.", fields={"comment": ["Is a reply."]})
    if locked.is_deleted or locked.moderation_state != ModerationState.VISIBLE:
        raise Conflict("Only a visible comment can be pinned.", code="not_visible")
    if locked.is_pinned:
        return Change(False)
    pinned_now = Comment.objects.filter(article_id=locked.article_id, is_pinned=True)
    previous = pinned_now.values_list("pk", flat=True).first()
    pinned_now.update(is_pinned=False)
    try:
        with transaction.atomic():
            Comment.objects.filter(pk=locked.pk).update(is_pinned=True)
    except IntegrityError as exc:
        raise Conflict("Another comment was pinned at the same time.", code="pin_conflict") from exc
    comment.is_pinned = True
    article_changed(locked.article_id)
    return Change(True, previous)
