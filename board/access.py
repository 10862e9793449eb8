"""Fetch and authorize in one call: who may see, touch or change a piece of the board.

Each ``*_get_*`` helper raises the same ``NotFound`` for "missing" and "not yours to see", so an id never
reveals whether something exists; ``PermissionDenied`` (403) only when the reader can see the thing but may
not change it. List and create checks live in selectors and services (DRF's object permissions skip them).
"""

from functools import cached_property

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from board.exceptions import NotFound, PermissionDenied
from board.models import Article, Comment, ModerationState, Repost, User


def user_is_moderator(user) -> bool:
    """The one rule of who moderates: an active account that is staff, a superuser, or a member of the
    moderators' group (``BOARD_MODERATOR_GROUP``). ``moderators_q`` is the same rule as a query.

    Moderators see every comment in any state, pin comments, and may call every moderation service;
    which of the admin's moderation screens they open is up to Django's permissions (the group's, see
    ``moderation.admin.roles``). A user signed in by session or API token comes with the answer (the auth
    backend and the token authentication load it with the user); otherwise it costs one query for a reader
    who is neither staff nor superuser, and the answer is kept on the user object for the rest of the
    request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    cached = getattr(user, IS_MODERATOR_ATTRIBUTE, None)
    if cached is None:
        cached = user.groups.filter(name=settings.BOARD_MODERATOR_GROUP).exists()
        setattr(user, IS_MODERATOR_ATTRIBUTE, cached)
    return cached


# Where ``user_is_moderator`` keeps its answer on a user object, and the name a query loading the user
# annotates it under (``in_moderators_group``).
IS_MODERATOR_ATTRIBUTE = "_board_is_moderator"


def in_moderators_group(user_id: OuterRef) -> Exists:
    """Whether the user ``user_id`` points at is in the moderators' group, as a query expression: loading a
    user with ``.annotate(**{IS_MODERATOR_ATTRIBUTE: in_moderators_group(OuterRef("pk"))})`` spares
    ``user_is_moderator`` its query."""
    return Exists(
        User.groups.through.objects.filter(user_id=user_id, group__name=settings.BOARD_MODERATOR_GROUP)
    )


def moderators_q() -> Q:
    """The users ``user_is_moderator`` accepts, for ``User.objects.filter(...).distinct()``."""
    return Q(is_active=True) & (
        Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name=settings.BOARD_MODERATOR_GROUP)
    )


class Viewer:
    """Who is reading: an anonymous reader (``user`` None), a signed-in reader, or a moderator."""

    def __init__(self, user: User | None):
        self.user = user if user is not None and user.is_authenticated else None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @cached_property
    def is_moderator(self) -> bool:
        return user_is_moderator(self.user)

    @cached_property
    def muted_ids(self) -> frozenset[int]:
        """The readers this reader muted (one query, the first time it is asked in a request)."""
        if self.user is None:
            return frozenset()
        from board.selectors import muted_user_ids

        return muted_user_ids(user=self.user)

    def has_muted(self, author_id: int) -> bool:
        """Are this author's comments collapsed for this reader? No query for their own comments."""
        if self.user is None or author_id == self.user.pk:
            return False
        return author_id in self.muted_ids

    def owns(self, obj) -> bool:
        return self.user is not None and obj.author_id == self.user.pk


def _article_is_visible(article: Article, viewer: Viewer) -> bool:
    return article.moderation_state == ModerationState.VISIBLE or viewer.is_moderator


def article_get_visible(*, viewer: Viewer, article_id) -> Article:
    """The article with its author and disclaimer, or ``NotFound`` if missing or hidden from this reader."""
    from board.selectors import article_queryset

    article = article_queryset(viewer=viewer).filter(pk=article_id).first()
    if article is None or not _article_is_visible(article, viewer):
        raise NotFound("Article not found.")
    return article


def article_get_for_comment(*, viewer: Viewer, article_id) -> Article:
    """The article a reader comments on, with only what posting needs, or ``NotFound`` as above.

    Posting is the hot write of a viral thread: this skips the reader's joins, bodies and flags, which
    were a third of a post's CPU (bench/, docs/performance.md).
    """
    article = Article.objects.only("id", "slug", "moderation_state").filter(pk=article_id).first()
    if article is None or not _article_is_visible(article, viewer):
        raise NotFound("Article not found.")
    return article


def comment_is_readable(comment: Comment, viewer: Viewer) -> bool:
    """May this reader see the comment at all (perhaps as a tombstone)? Mirrors ``comment_visibility_q``."""
    if viewer.is_moderator:
        return True
    if comment.reply_count > 0:
        return True  # keeps the thread's shape: shown as a tombstone when its own text is hidden
    if comment.is_deleted:
        return False
    return comment.moderation_state == ModerationState.VISIBLE or viewer.owns(comment)


def comment_is_open_to(comment: Comment, viewer: Viewer) -> bool:
    """May this reader act on the comment (reply, like, reward)? Its text must be there for them."""
    if comment.is_deleted:
        return False
    return comment.moderation_state == ModerationState.VISIBLE or viewer.owns(comment) or viewer.is_moderator


def _comment_fetch(comment_id) -> Comment | None:
    return Comment.objects.select_related("article", "author").filter(pk=comment_id).first()


def _comment_get_if(viewer: Viewer, comment_id, allowed) -> Comment:
    comment = _comment_fetch(comment_id)
    if comment is None or not _article_is_visible(comment.article, viewer) or not allowed(comment, viewer):
        raise NotFound("Comment not found.")
    return comment


def comment_get_readable(*, viewer: Viewer, comment_id) -> Comment:
    """A comment this reader may see (its replies may be paged), or ``NotFound``."""
    return _comment_get_if(viewer, comment_id, comment_is_readable)


def comment_get_open(*, viewer: Viewer, comment_id) -> Comment:
    """A comment this reader may reply to, like or reward, or ``NotFound``."""
    return _comment_get_if(viewer, comment_id, comment_is_open_to)


def comment_get_for_edit(*, user: User, comment_id) -> Comment:
    """The reader's own comment, to edit or delete.

    ``NotFound`` when missing, deleted or not visible to them; ``PermissionDenied`` when they can see it
    but it is someone else's.
    """
    viewer = Viewer(user)
    comment = _comment_fetch(comment_id)
    if comment is None or comment.is_deleted or not _article_is_visible(comment.article, viewer):
        raise NotFound("Comment not found.")
    if not viewer.owns(comment):
        if comment_is_open_to(comment, viewer):
            raise PermissionDenied("You can only change your own comments.")
        raise NotFound("Comment not found.")
    return comment


def comment_get_for_moderation(*, user: User, comment_id) -> Comment:
    """A comment a moderator acts on (pins); ``PermissionDenied`` for readers who can see it."""
    viewer = Viewer(user)
    comment = _comment_fetch(comment_id)
    if comment is None:
        raise NotFound("Comment not found.")
    if not viewer.is_moderator:
        if comment_is_open_to(comment, viewer) and _article_is_visible(comment.article, viewer):
            raise PermissionDenied("Only moderators can do this.")
        raise NotFound("Comment not found.")
    return comment


def repost_get_own(*, user: User, article_id) -> Repost:
    """The reader's own repost of an article (to appeal its quote's decision), or ``NotFound``."""
    repost = Repost.objects.select_related("article").filter(article_id=article_id, user=user).first()
    if repost is None:
        raise NotFound("Repost not found.")
    return repost
