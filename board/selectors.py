"""Every read of the board: querysets and pages with their joins applied, for the API and the readers' pages.

Visibility (one rule, here): everyone sees ``visible`` comments; a signed-in reader also sees their own
``pending``/``held``/``removed`` ones; moderators see everything. A comment that is deleted, or hidden from
this reader, still appears while it has visible replies, as a tombstone without text or author, so the
thread keeps its shape (``comment_presentation`` says what to show).

Comment trees are read level by level: one query for a page of comments, then one query per preview level
for the first replies of every comment of the level above (``ROW_NUMBER() OVER (PARTITION BY parent_id
...)``), so a page costs the same number of queries whatever the number of comments and replies.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from board.access import Viewer
from board.exceptions import ApplicationError, NotFound
from board.models import (
    COMMENT_COUNTED,
    NOTIFICATION_EXCERPT_LENGTH,
    Article,
    ArticleLike,
    Comment,
    CommentLike,
    ContentTranslation,
    Disclaimer,
    LedgerEntry,
    ModerationState,
    Mute,
    Notification,
    Repost,
    Reward,
    User,
)
from board.pagination import KeysetOrdering, Page, keyset_page

ARTICLE_FEED = KeysetOrdering(
    "feed", (("is_pinned", True, "bool"), ("published_at", True, "dt"), ("id", True, "int"))
)
COMMENT_ORDERINGS = {
    "newest": KeysetOrdering("newest", (("created_at", True, "dt"), ("id", True, "int"))),
    "oldest": KeysetOrdering("oldest", (("created_at", False, "dt"), ("id", False, "int"))),
    # Like counts move while a reader pages: a comment may show twice or be skipped, never break a page.
    "top": KeysetOrdering("top", (("like_count", True, "int"), ("id", True, "int"))),
}
REPLY_ORDERING = KeysetOrdering("replies", (("created_at", False, "dt"), ("id", False, "int")))
LEDGER_ORDERING = KeysetOrdering("ledger", (("created_at", True, "dt"), ("id", True, "int")))
# Newest first by id alone: a grouped notification that gains an event is replaced by a newer row.
NOTIFICATION_ORDERING = KeysetOrdering("notifications", (("id", True, "int"),))


def page_size_clean(value, *, default: int, maximum: int) -> int:
    """``?page_size=``: a whole number from 1 to ``maximum``; absent means ``default``."""
    if value in (None, ""):
        return default
    try:
        size = int(value)
    except (TypeError, ValueError):
        size = 0
    if not 1 <= size <= maximum:
        raise ApplicationError("Invalid page size.", fields={"page_size": [f"From 1 to {maximum}."]})
    return size


# ---------------------------------------------------------------------------------------------------------
# Articles and disclaimers
# ---------------------------------------------------------------------------------------------------------


def article_queryset(*, viewer: Viewer) -> QuerySet[Article]:
    """Articles with author and disclaimer joined, and the reader's ``viewer_*`` flags when signed in."""
    queryset = Article.objects.select_related("author", "disclaimer")
    if viewer.user is not None:
        user = viewer.user
        queryset = queryset.annotate(
            viewer_liked=Exists(ArticleLike.objects.filter(article=OuterRef("pk"), user=user)),
            viewer_reposted=Exists(Repost.objects.filter(article=OuterRef("pk"), user=user)),
            viewer_rewarded=Exists(Reward.objects.filter(article=OuterRef("pk"), giver=user)),
        )
    return queryset


def article_page(*, viewer: Viewer, cursor: str | None, page_size: int) -> Page:
    """The feed: visible articles, pinned first, then newest. One query."""
    queryset = (
        article_queryset(viewer=viewer)
        .filter(moderation_state=ModerationState.VISIBLE)
        .defer("body", "body_html")
    )
    return keyset_page(queryset, ordering=ARTICLE_FEED, cursor=cursor, page_size=page_size)


def disclaimer_latest(*, key: str) -> Disclaimer | None:
    return Disclaimer.objects.filter(key=key).order_by("-version").first()


# ---------------------------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------------------------


def comment_visibility_q(viewer: Viewer) -> Q:
    """The comments this reader may see (some as tombstones); mirrors ``access.comment_is_readable``."""
    if viewer.is_moderator:
        return Q()
    shown = COMMENT_COUNTED | Q(reply_count__gt=0)
    if viewer.user is not None:
        shown |= Q(author=viewer.user, is_deleted=False)
    return shown


@dataclass(frozen=True)
class CommentPresentation:
    status: str  # visible | under_review | removed | deleted
    text_shown: bool  # body, author and removal reason are shown


def comment_presentation(comment: Comment, viewer: Viewer) -> CommentPresentation:
    """What this reader is shown of a comment that ``comment_visibility_q`` let through."""
    if comment.is_deleted:
        return CommentPresentation("deleted", False)
    if comment.moderation_state == ModerationState.VISIBLE:
        return CommentPresentation("visible", True)
    status = "removed" if comment.moderation_state == ModerationState.REMOVED else "under_review"
    return CommentPresentation(status, viewer.owns(comment) or viewer.is_moderator)


def _comments(viewer: Viewer) -> QuerySet[Comment]:
    return Comment.objects.filter(comment_visibility_q(viewer)).select_related("author")


def _attach_reply_previews(*, viewer: Viewer, comments: list[Comment], budget: int) -> None:
    """Give every comment ``preview_replies``: its first replies (oldest first), nested the same way.

    One query per level, ``BOARD_REPLY_PREVIEW_DEPTH`` levels at most, ``BOARD_REPLY_PREVIEW_COUNT`` replies
    per comment. ``budget`` caps the replies added in all: a level is filled breadth-first, in the order of
    the comments above, until it runs out (the rest stay reachable through each comment's replies page).
    """
    per_parent = settings.BOARD_REPLY_PREVIEW_COUNT
    level = comments
    for _depth in range(settings.BOARD_REPLY_PREVIEW_DEPTH):
        for comment in level:
            comment.preview_replies = []
        parents = [comment for comment in level if comment.reply_count > 0 or viewer.is_authenticated]
        if not parents or budget <= 0:
            return
        rows = (
            _comments(viewer)
            .filter(parent_id__in=[comment.pk for comment in parents])
            .annotate(
                position=Window(
                    RowNumber(),
                    partition_by=[F("parent_id")],
                    order_by=[F("created_at").asc(), F("id").asc()],
                )
            )
            .filter(position__lte=per_parent)
            .order_by("parent_id", "position")
        )
        by_parent: dict[int, list[Comment]] = defaultdict(list)
        for row in rows:
            by_parent[row.parent_id].append(row)
        next_level: list[Comment] = []
        for comment in parents:
            for reply in by_parent.get(comment.pk, ()):
                if budget <= 0:
                    break
                comment.preview_replies.append(reply)
                next_level.append(reply)
                budget -= 1
        level = next_level
    for comment in level:
        comment.preview_replies = []


def comment_attach_previews(*, viewer: Viewer, comments: list[Comment]) -> list[Comment]:
    """Nest the first replies under ``comments`` (as a page does), within the per-response cap."""
    _attach_reply_previews(
        viewer=viewer, comments=comments, budget=settings.BOARD_MAX_COMMENTS_PER_RESPONSE - len(comments)
    )
    return comments


def comment_thread_page(
    *, viewer: Viewer, article: Article, ordering: str, cursor: str | None, page_size: int
) -> Page:
    """A page of an article's top-level comments (the pinned one first, on the first page only), each with
    its reply previews. Queries: pinned, page, one per preview level."""
    keyset = COMMENT_ORDERINGS.get(ordering)
    if keyset is None:
        raise ApplicationError(
            "Invalid ordering.", fields={"ordering": [f"One of {', '.join(COMMENT_ORDERINGS)}."]}
        )
    top_level = _comments(viewer).filter(article=article, parent__isnull=True)
    pinned = [] if cursor else list(top_level.filter(is_pinned=True)[:1])
    page = keyset_page(top_level.filter(is_pinned=False), ordering=keyset, cursor=cursor, page_size=page_size)
    comments = pinned + page.items
    _attach_reply_previews(
        viewer=viewer, comments=comments, budget=settings.BOARD_MAX_COMMENTS_PER_RESPONSE - len(comments)
    )
    return Page(items=comments, next_cursor=page.next_cursor)


def comment_replies_page(*, viewer: Viewer, comment: Comment, cursor: str | None, page_size: int) -> Page:
    """A page of a comment's direct replies, oldest first, each with its own reply previews."""
    page = keyset_page(
        _comments(viewer).filter(parent=comment), ordering=REPLY_ORDERING, cursor=cursor, page_size=page_size
    )
    _attach_reply_previews(
        viewer=viewer, comments=page.items, budget=settings.BOARD_MAX_COMMENTS_PER_RESPONSE - len(page.items)
    )
    return page


def comment_tree(comments: list[Comment]) -> list[Comment]:
    """The comments and all the replies previewed under them."""
    found: list[Comment] = []
    stack = list(comments)
    while stack:
        comment = stack.pop()
        found.append(comment)
        stack.extend(getattr(comment, "preview_replies", ()))
    return found


def comment_tree_ids(comments: list[Comment]) -> list[int]:
    """The ids of the comments and of all the replies previewed under them."""
    return [comment.pk for comment in comment_tree(comments)]


def comment_decisions(*, viewer: Viewer, comments: list[Comment]) -> dict[int, dict]:
    """The statements of reasons (``BOARD_DECISION_PROVIDER``) of the reader's own held or removed comments
    among ``comments`` and their previews: no query when there are none (the usual page)."""
    if viewer.user is None:
        return {}
    own = [
        comment.pk
        for comment in comment_tree(comments)
        if comment.author_id == viewer.user.pk
        and not comment.is_deleted
        and comment.moderation_state in (ModerationState.HELD, ModerationState.REMOVED)
    ]
    from board.extensions import decision_statements

    return decision_statements(kind="comment", object_ids=own)


def repost_own(*, user: User, article) -> Repost:
    """The reader's own repost of ``article``, in any moderation state; 404 when they have none."""
    repost = Repost.objects.filter(user=user, article=article).first()
    if repost is None:
        raise NotFound("You have not reposted this article.")
    return repost


def repost_decision(*, repost: Repost) -> dict | None:
    """The statement of reasons (``BOARD_DECISION_PROVIDER``) of a held or removed quote, for its author;
    None, with no query, otherwise."""
    if repost.moderation_state not in (ModerationState.HELD, ModerationState.REMOVED):
        return None
    from board.extensions import decision_statements

    return decision_statements(kind="repost", object_ids=[repost.pk]).get(repost.pk)


def comment_viewer_flags(*, viewer: Viewer, comment_ids: list[int]) -> dict[int, dict[str, bool]]:
    """``{comment id: {"liked", "rewarded"}}`` for this reader, in one query; comments absent are neither."""
    if viewer.user is None or not comment_ids:
        return {}
    user = viewer.user
    rows = (
        Comment.objects.filter(pk__in=comment_ids)
        .annotate(
            liked=Exists(CommentLike.objects.filter(comment=OuterRef("pk"), user=user)),
            rewarded=Exists(Reward.objects.filter(comment=OuterRef("pk"), giver=user)),
        )
        .filter(Q(liked=True) | Q(rewarded=True))
        .values_list("pk", "liked", "rewarded")
    )
    return {pk: {"liked": liked, "rewarded": rewarded} for pk, liked, rewarded in rows}


# ---------------------------------------------------------------------------------------------------------
# The ledger
# ---------------------------------------------------------------------------------------------------------


def ledger_page(*, user, cursor: str | None, page_size: int) -> Page:
    """A reader's ledger entries, newest first."""
    return keyset_page(
        LedgerEntry.objects.filter(user=user), ordering=LEDGER_ORDERING, cursor=cursor, page_size=page_size
    )


# ---------------------------------------------------------------------------------------------------------
# The readers' pages: an article by its slug, disclaimer versions, profiles
# ---------------------------------------------------------------------------------------------------------


def article_get_by_slug(*, viewer: Viewer, slug: str) -> Article:
    """The article at ``/articles/<slug>/`` as ``article_queryset`` shapes it; ``NotFound`` when missing or
    hidden from this reader (visible articles for everyone, all of them for moderators). One query."""
    queryset = article_queryset(viewer=viewer).filter(slug=slug)
    if not viewer.is_moderator:
        queryset = queryset.filter(moderation_state=ModerationState.VISIBLE)
    article = queryset.first()
    if article is None:
        raise NotFound("Article not found.")
    return article


def disclaimer_get(*, key: str, version: int | None = None) -> Disclaimer:
    """One version of the disclaimer ``key`` (the latest when ``version`` is None), or ``NotFound``."""
    disclaimer = (
        disclaimer_latest(key=key)
        if version is None
        else Disclaimer.objects.filter(key=key, version=version).first()
    )
    if disclaimer is None:
        raise NotFound("Disclaimer not found.")
    return disclaimer


def user_get_by_display_name(*, display_name: str) -> User:
    """An active reader by display name, ignoring case (names are unique that way), or ``NotFound``."""
    user = User.objects.filter(display_name__iexact=display_name, is_active=True).first()
    if user is None:
        raise NotFound("Reader not found.")
    return user


def user_comment_page(*, viewer: Viewer, author: User, cursor: str | None, page_size: int) -> Page:
    """A reader's comments for their profile, newest first, each with its article: the ones this viewer may
    read with their text (their own in any state but deleted; others' when visible, on visible articles;
    everything but deleted for moderators). No tombstones: a profile has no thread to keep in shape."""
    queryset = Comment.objects.filter(author=author, is_deleted=False).select_related("article", "author")
    if not viewer.is_moderator:
        queryset = queryset.filter(article__moderation_state=ModerationState.VISIBLE)
        if not (viewer.user is not None and viewer.user.pk == author.pk):
            queryset = queryset.filter(moderation_state=ModerationState.VISIBLE)
    return keyset_page(queryset, ordering=COMMENT_ORDERINGS["newest"], cursor=cursor, page_size=page_size)


def user_repost_list(*, viewer: Viewer, user: User, limit: int) -> list[Repost]:
    """A reader's latest reposts with their articles (visible articles unless the viewer moderates)."""
    queryset = Repost.objects.filter(user=user).select_related("article")
    if not viewer.is_moderator:
        queryset = queryset.filter(article__moderation_state=ModerationState.VISIBLE)
    return list(queryset.order_by("-created_at", "-id")[:limit])


def repost_quote_shown(repost: Repost, viewer: Viewer) -> bool:
    """Is the repost's quote shown to this reader? Visible quotes to everyone, others to their writer and
    moderators (as comments are)."""
    if not repost.quote:
        return False
    if repost.moderation_state == ModerationState.VISIBLE:
        return True
    return (viewer.user is not None and viewer.user.pk == repost.user_id) or viewer.is_moderator


# ---------------------------------------------------------------------------------------------------------
# Translations
# ---------------------------------------------------------------------------------------------------------


def content_translations(*, kind: str, contents: list, language: str) -> dict[int, ContentTranslation]:
    """The stored translations into ``language`` of the current revision of each of ``contents`` (of one
    ``kind``), by content id. One query, whatever the number of contents."""
    revisions = {content.pk: content.revision for content in contents}
    rows = ContentTranslation.objects.filter(
        content_kind=kind, target_language=language, object_id__in=list(revisions)
    ).defer("last_error", "claimed_until", "due_at")
    return {row.object_id: row for row in rows if revisions.get(row.object_id) == row.revision}


# Notifications and mutes
# ---------------------------------------------------------------------------------------------------------


def notification_unread_count(*, user) -> int:
    """The reader's unread notifications: one query on the partial index ``notification_unread_idx``."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# Where the session's user carries their unread count, loaded with them (``notification_unread_count_of``).
UNREAD_COUNT_ATTRIBUTE = "_board_unread_notifications"


def notification_unread_count_of(user_id: OuterRef) -> Coalesce:
    """``notification_unread_count`` of the user ``user_id`` points at, as a query expression: loading a user
    with ``.annotate(**{UNREAD_COUNT_ATTRIBUTE: notification_unread_count_of(OuterRef("pk"))})`` spares the
    bell its query."""
    unread = (
        Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(count=Count("id"))
        .values("count")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def notification_list_state(*, user) -> tuple:
    """What the reader's notification list depends on, in one aggregate query: the newest id, how many
    there are, how many unread. Adding, grouping (a new row), reading or removing one changes it: the
    list's ETag."""
    row = Notification.objects.filter(recipient=user).aggregate(
        newest=Max("id"), total=Count("id"), unread=Count("id", filter=Q(read_at__isnull=True))
    )
    return row["newest"], row["total"], row["unread"]


def notification_page(*, user, cursor: str | None, page_size: int) -> Page:
    """The reader's notifications, newest first, with their actor and target joined. One query."""
    queryset = Notification.objects.filter(recipient=user).select_related(
        "actor", "comment", "article", "repost__article"
    )
    return keyset_page(queryset, ordering=NOTIFICATION_ORDERING, cursor=cursor, page_size=page_size)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= NOTIFICATION_EXCERPT_LENGTH:
        return text
    return text[: NOTIFICATION_EXCERPT_LENGTH - 1].rstrip() + "…"


def _notification_target(notification: Notification) -> dict | None:
    recipient_id = notification.recipient_id
    if notification.comment_id is not None:
        comment = notification.comment
        shown = not comment.is_deleted and (
            comment.moderation_state == ModerationState.VISIBLE or comment.author_id == recipient_id
        )
        return {
            "type": "comment",
            "id": comment.pk,
            "url": f"/comments/{comment.pk}/",
            "excerpt": _excerpt(comment.body) if shown else "",
        }
    if notification.repost_id is not None:
        repost = notification.repost
        return {
            "type": "repost",
            "id": repost.pk,
            "url": repost.article.get_absolute_url(),
            "excerpt": _excerpt(repost.quote) if repost.user_id == recipient_id else "",
        }
    if notification.article_id is not None:
        article = notification.article
        return {
            "type": "article",
            "id": article.pk,
            "url": article.get_absolute_url(),
            "excerpt": _excerpt(article.title),
        }
    return None


def notification_view(notification: Notification) -> dict:
    """A notification as the API and the pages show it (from what ``notification_page`` joined)."""
    actor = notification.actor
    data = notification.data or {}
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "count": notification.count,
        "read": notification.read_at is not None,
        "created_at": notification.created_at,
        "actor": {"display_name": actor.display_name} if actor is not None else None,
        "target": _notification_target(notification),
        "outcome": data.get("outcome"),
        "reason": data.get("reason", ""),
    }


def muted_user_ids(*, user) -> frozenset[int]:
    """The readers this reader muted: one query (``board.access.Viewer.muted_ids`` keeps it per request)."""
    return frozenset(Mute.objects.filter(user=user).values_list("muted_id", flat=True))


def mute_list(*, user) -> list[Mute]:
    return list(Mute.objects.filter(user=user).select_related("muted").order_by("-created_at", "-id"))
