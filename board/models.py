"""The board's data: readers, disclaimers, articles, threaded comments, reactions, rewards and the ledger.

Rows hold their own counters (comments, replies, likes, reposts, rewards, shares) so that a page of a
viral thread reads them without counting. Only the services in ``board/services/`` change them, in
the same transaction as the change, with ``F()`` expressions; ``manage.py counters_recompute`` checks them
against the source rows. Invariants that the database can hold (one like per reader, positive rewards,
non-negative balances) are constraints here.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

# Limits of what readers write, each stated once: the models, services, serializers and forms read these.
DISPLAY_NAME_MIN_LENGTH, DISPLAY_NAME_MAX_LENGTH = 3, 40
COMMENT_MAX_LENGTH = 5000
QUOTE_MAX_LENGTH = 1000
REMOVAL_REASON_MAX_LENGTH = 500
# ISO 639-1 codes are two letters; room for a regional tag ("zh-hant") if ever stored.
LANGUAGE_CODE_MAX_LENGTH = 8
REWARD_MIN_POINTS, REWARD_MAX_POINTS = 1, 10_000
IDEMPOTENCY_KEY_MAX_LENGTH = 128
# Parsing bounds of text inputs (API and forms), well above the limits: an oversized post is refused while
# parsing, a merely long one gets the services' message ("At most 5000 characters"). The API's quote field
# has always declared the lower bound in its schema.
TEXT_INPUT_MAX_LENGTH = 20_000
QUOTE_INPUT_MAX_LENGTH = 5000
# Ids in inputs: positive and within a bigint.
ID_MAX = 2**63 - 1
# Data exports (GDPR art. 15 and 20, board/services/privacy.py): an account with at most this many rows of
# its own (comments, reposts, likes, shares, rewards, ledger entries) is answered at once, inline; a larger
# one is built by a worker and offered once as a download. Measured on this machine: 1,000 rows serialize
# in about 60 ms, well inside a request; 100,000 take several seconds and megabytes, a worker's job.
EXPORT_INLINE_MAX_ROWS = 1000
# The random part of a one-time download link, in bytes (token_urlsafe): 256 bits.
EXPORT_TOKEN_BYTES = 32
# What an erased account's comments show instead of a name (API: author null; pages: this).
ERASED_AUTHOR_LABEL = "[deleted]"
# Notifications: at most this many distinct readers mentioned in one comment are notified (the rest are
# still linked); a target's excerpt in a notification is this long.
MENTIONS_NOTIFIED_MAX = 5
NOTIFICATION_EXCERPT_LENGTH = 140


class TrustLevel(models.IntegerChoices):
    NEW = 0, "new"
    BASIC = 1, "basic"
    TRUSTED = 2, "trusted"


class ModerationState(models.TextChoices):
    PENDING = "pending", "pending"  # accepted, not yet screened: shown to its author only
    VISIBLE = "visible", "visible"
    HELD = "held", "held"  # waiting for a moderator: shown to its author (as under review) and moderators
    REMOVED = "removed", "removed"


class User(AbstractUser):
    """A reader, a moderator, staff, or a bot that publishes news.

    ``username`` stays Django's login name (set to the email at sign-up); readers are shown
    ``display_name`` only.
    """

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=DISPLAY_NAME_MAX_LENGTH, unique=True)
    is_bot = models.BooleanField(default=False, help_text="Automated author, e.g. the news bot.")
    trust_level = models.PositiveSmallIntegerField(choices=TrustLevel.choices, default=TrustLevel.NEW)
    points_balance = models.BigIntegerField(default=0)
    referral_code = models.CharField(max_length=16, unique=True)
    silenced_until = models.DateTimeField(null=True, blank=True)
    # Set when the reader erased their account (board.services.account_erase): the row stays, without any
    # personal data, so that the ledger, rewards and reports that point at it still add up.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The language the reader reads in (ISO 639-1, one of ``TRANSLATION_LANGUAGES``); empty: the browser's.
    language = models.CharField(max_length=LANGUAGE_CODE_MAX_LENGTH, blank=True, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(points_balance__gte=0), name="user_points_balance_gte_0"),
            # "Ann" and "ann" are the same reader to everyone else.
            models.UniqueConstraint(Lower("display_name"), name="user_display_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username


class Disclaimer(models.Model):
    """One version of a legal text. Editing makes a new version; articles keep the version they had."""

    key = models.SlugField(max_length=64)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    is_default = models.BooleanField(default=False, help_text="The site default (latest version only).")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="disclaimer_key_version_unique"),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="disclaimer_single_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class AbstractStatus(models.TextChoices):
    PENDING = "pending", "pending"
    READY = "ready", "ready"
    FAILED = "failed", "failed"


class Article(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False, help_text="Sanitized HTML rendered from the body.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles")
    source_name = models.CharField(max_length=120, blank=True)
    original_url = models.URLField(max_length=500, blank=True)
    # ISO 639-1, the editor's or detected from the title and body when it is published or edited; empty when
    # detection is unsure.
    language = models.CharField(max_length=16, blank=True, default="en")
    published_at = models.DateTimeField(db_index=True)
    is_pinned = models.BooleanField(default=False)
    disclaimer = models.ForeignKey(Disclaimer, on_delete=models.PROTECT, related_name="articles")
    abstract_status = models.CharField(
        max_length=10, choices=AbstractStatus.choices, default=AbstractStatus.PENDING
    )
    abstract = models.TextField(blank=True)
    moderation_state = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.VISIBLE
    )
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    comment_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    repost_count = models.PositiveIntegerField(default=0)
    reward_count = models.PositiveIntegerField(default=0)
    reward_points = models.PositiveBigIntegerField(default=0)
    share_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-is_pinned", "-published_at", "-id"]
        indexes = [models.Index(fields=["-is_pinned", "-published_at", "-id"], name="article_feed_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The readers' page of an article; shares and the API's `url` point here.
        return f"/articles/{self.slug}/"


class Comment(models.Model):
    """A comment on an article: top level (``parent`` null) or a reply, at any depth.

    ``root`` is the top-level comment of the thread (null for a top-level one) so that a whole branch is
    one index range. Deleting is soft: the row keeps its place in the tree and loses its text. ``author``
    is null once its author erased their account: the comment is then a tombstone (deleted, no text).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="descendants"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    revision = models.PositiveIntegerField(default=1)
    # ISO 639-1 of the text, detected when it is written or edited (``board.language``); empty when unsure.
    language = models.CharField(max_length=LANGUAGE_CODE_MAX_LENGTH, blank=True, default="")
    moderation_state = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PENDING, db_index=True
    )
    # Set when the financial-advice label is medium: the comment is shown with the policy's notice.
    advice_notice = models.BooleanField(default=False)
    removal_reason = models.CharField(max_length=REMOVAL_REASON_MAX_LENGTH, blank=True)
    # The display names its ``@mentions`` resolved to when it was published (linked to their profiles).
    mentions = models.JSONField(default=list, blank=True)
    is_pinned = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    reply_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    reward_count = models.PositiveIntegerField(default=0)
    reward_points = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # One index range per page of top-level comments, whichever the ordering (newest/oldest, top).
            # Partial on parent IS NULL: with parent as an index column, PostgreSQL would not use the index
            # for the sort and scanned the whole table at a million comments (bench/, docs/performance.md).
            models.Index(
                fields=["article", "created_at", "id"],
                condition=Q(parent__isnull=True),
                name="comment_top_level_time_idx",
            ),
            models.Index(
                fields=["article", "like_count", "id"],
                condition=Q(parent__isnull=True),
                name="comment_top_level_top_idx",
            ),
            models.Index(fields=["parent", "created_at", "id"], name="comment_replies_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(is_pinned=True), name="comment_one_pinned_per_article"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="comment_depth_matches_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on article {self.article_id}"

    @property
    def counts_as_visible(self) -> bool:
        """Shown to every reader, so counted in the article's ``comment_count`` and the parent's
        ``reply_count``: visible and not deleted. ``COMMENT_COUNTED`` is the same rule as a query."""
        return self.moderation_state == ModerationState.VISIBLE and not self.is_deleted


# The comments readers see and the counters count (``Comment.counts_as_visible`` as a query).
COMMENT_COUNTED = Q(moderation_state=ModerationState.VISIBLE, is_deleted=False)


class CommentRevision(models.Model):
    """A previous text of an edited comment, kept for moderators."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(help_text="When this text was written.")
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "revision"], name="comment_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.comment_id} revision {self.revision}"


class ArticleLike(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="article_like_once")]
        indexes = [models.Index(fields=["user", "article"], name="article_like_user_idx")]

    def __str__(self) -> str:
        return f"Like by {self.user_id} on article {self.article_id}"


class CommentLike(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="comment_like_once")]
        indexes = [models.Index(fields=["user", "comment"], name="comment_like_user_idx")]

    def __str__(self) -> str:
        return f"Like by {self.user_id} on comment {self.comment_id}"


class Repost(models.Model):
    """A reader's repost of an article, with an optional quote that is moderated like a comment."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reposts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reposts")
    quote = models.TextField(max_length=QUOTE_MAX_LENGTH, blank=True)
    revision = models.PositiveIntegerField(default=1)
    # ISO 639-1 of the quote, as for ``Comment.language``.
    language = models.CharField(max_length=LANGUAGE_CODE_MAX_LENGTH, blank=True, default="")
    moderation_state = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="repost_once")]
        indexes = [models.Index(fields=["user", "-created_at"], name="repost_user_idx")]

    def __str__(self) -> str:
        return f"Repost by {self.user_id} of article {self.article_id}"


class ShareChannel(models.TextChoices):
    LINK = "link", "link"
    X = "x", "X"
    TELEGRAM = "telegram", "Telegram"
    WECHAT = "wechat", "WeChat"
    OTHER = "other", "other"


class Share(models.Model):
    """One share event; a reader may share as often as they like."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=ShareChannel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Share of article {self.article_id} on {self.channel}"


class Reward(models.Model):
    """Points tipped by one reader to the author of an article or a comment (one of the two)."""

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rewards_given"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rewards_received"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="rewards"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="rewards"
    )
    points = models.PositiveIntegerField()
    # NULL, not "", when absent: the unique constraint below applies only to keys that were sent.
    idempotency_key = models.CharField(max_length=IDEMPOTENCY_KEY_MAX_LENGTH, null=True, blank=True)  # noqa: DJ001
    # A digest of what was asked (target and points), so a key replayed with another body is refused.
    request_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=REWARD_MIN_POINTS, points__lte=REWARD_MAX_POINTS),
                name="reward_points_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=False, comment__isnull=True)
                    | Q(article__isnull=True, comment__isnull=False)
                ),
                name="reward_one_target",
            ),
            models.CheckConstraint(condition=~Q(giver=models.F("recipient")), name="reward_not_to_self"),
            models.UniqueConstraint(
                fields=["giver", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="reward_idempotency_key_unique",
            ),
        ]
        indexes = [
            # "Did this reader reward it?" for a page of articles or comments (the `viewer` flags).
            models.Index(fields=["giver", "article"], name="reward_giver_article_idx"),
            models.Index(fields=["giver", "comment"], name="reward_giver_comment_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.points} points from {self.giver_id} to {self.recipient_id}"


class LedgerEntryKind(models.TextChoices):
    GRANT = "grant", "starting grant"
    REWARD_SENT = "reward_sent", "reward sent"
    REWARD_RECEIVED = "reward_received", "reward received"
    ADJUSTMENT = "adjustment", "adjustment"


class LedgerEntry(models.Model):
    """One movement of points. A reward is two entries written in one transaction; the balance is their sum."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(max_length=20, choices=LedgerEntryKind.choices)
    amount = models.BigIntegerField()
    balance_after = models.BigIntegerField()
    reward = models.ForeignKey(
        Reward, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="ledger_user_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="ledger_balance_after_gte_0"),
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_amount_nonzero"),
        ]

    def __str__(self) -> str:
        return f"{self.amount:+d} for user {self.user_id} ({self.kind})"


class AccountExportStatus(models.TextChoices):
    PENDING = "pending", "being built"
    READY = "ready", "ready to download"
    DOWNLOADED = "downloaded", "downloaded"
    EXPIRED = "expired", "expired"


class AccountExport(models.Model):
    """A reader's copy of their data, built by a worker for a large account and downloadable once.

    ``payload`` holds the JSON until it is downloaded or expires, then it is emptied (the row stays as the
    record that an export was made). Only a SHA-256 digest of the one-time token is stored: the link in the
    reader's mail is the only copy of the token.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=12, choices=AccountExportStatus.choices, default=AccountExportStatus.PENDING
    )
    # Set by the worker when the export is ready (it mails the token, which is kept nowhere else).
    token_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    payload = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="account_export_user_idx")]

    def __str__(self) -> str:
        return f"Export {self.pk} of user {self.user_id} ({self.status})"


class TextKind(models.TextChoices):
    """What readers read, as the content-submitted hooks and translations name it."""

    COMMENT = "comment", "comment"
    REPOST = "repost", "repost quote"
    ARTICLE = "article", "article"


class TranslationStatus(models.TextChoices):
    PENDING = "pending", "pending"
    READY = "ready", "ready"
    FAILED = "failed", "failed"


class ContentTranslation(models.Model):
    """One revision of a comment, repost quote or article in one target language, from the translation
    service (``board.translation``). Written by ``board.services.translations``: requested by the first read
    that needs it, filled in by a task, shared by every reader, deleted when the text changes.

    ``text`` is the comment, the quote or the article's body (Markdown); ``title`` and ``abstract`` are the
    article's. ``due_at`` is when the sweep queues it (again): null once ready or given up on.
    ``claimed_until`` keeps a second task off a translation one is working on.
    """

    content_kind = models.CharField(max_length=10, choices=TextKind.choices)
    object_id = models.BigIntegerField()
    revision = models.PositiveIntegerField()
    target_language = models.CharField(max_length=LANGUAGE_CODE_MAX_LENGTH)
    source_language = models.CharField(max_length=LANGUAGE_CODE_MAX_LENGTH)
    status = models.CharField(
        max_length=10, choices=TranslationStatus.choices, default=TranslationStatus.PENDING
    )
    text = models.TextField(blank=True)
    title = models.TextField(blank=True)
    abstract = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    translated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_kind", "object_id", "revision", "target_language"],
                name="translation_one_per_revision_and_language",
            ),
        ]
        indexes = [
            # A page's translations: one range per (kind, target) over the page's ids.
            models.Index(
                fields=["content_kind", "target_language", "object_id"], name="translation_lookup_idx"
            ),
            models.Index(fields=["due_at"], condition=Q(due_at__isnull=False), name="translation_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.content_kind} {self.object_id} r{self.revision} in {self.target_language}"


# ---------------------------------------------------------------------------------------------------------
# Notifications, their preferences, and muting
# ---------------------------------------------------------------------------------------------------------


class NotificationKind(models.TextChoices):
    REPLY = "reply", "reply to your comment"
    MENTION = "mention", "mention"
    REWARD = "reward", "reward"
    MODERATION = "moderation", "moderation decision"
    APPEAL = "appeal", "appeal decided"


class Notification(models.Model):
    """Something a reader should hear about: grouped while unread (ten replies to one comment are one row
    with ``count`` 10).

    At most one unread row per ``(recipient, kind, group_key)`` (a constraint); a new event of an unread
    group replaces that row with a newer one (a higher id: the list is newest first by id, and "read up to
    id" leaves the grouped row unread). ``actor`` is the latest actor (null for moderation's notices).
    ``data`` holds moderation's outcome and reason. Written only by ``board.services.notifications``.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    group_key = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=1)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    repost = models.ForeignKey(Repost, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The list, newest first, per reader.
            models.Index(fields=["recipient", "-id"], name="notification_recipient_idx"),
            # The unread count (polled): only unread rows are in it.
            models.Index(
                fields=["recipient", "id"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "group_key"],
                condition=Q(read_at__isnull=True),
                name="notification_one_unread_group",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="notification_count_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} x{self.count} for {self.recipient_id}"


class NotificationEvent(models.Model):
    """One event that notified one reader (``source`` such as "comment:12" or "reward:7"): makes notifying
    idempotent, so a task run twice, or a comment published again after an edit, counts once."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    source = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "source"], name="notification_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source} for {self.recipient_id}"


class NotificationSettings(models.Model):
    """A reader's choices: each kind on or off, and the daily e-mail digest of unread notifications."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
    )
    reply = models.BooleanField(default=True)
    mention = models.BooleanField(default=True)
    reward = models.BooleanField(default=True)
    moderation = models.BooleanField(default=True)
    appeal = models.BooleanField(default=True)
    email_digest = models.BooleanField(default=False)
    # The last digest sent: at most one a day, and only notifications newer than it are in the next one.
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "notification settings"
        indexes = [
            models.Index(fields=["digest_sent_at"], condition=Q(email_digest=True), name="digest_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Notification settings of {self.user_id}"

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind, True))


class Mute(models.Model):
    """``user`` muted ``muted``: their comments come collapsed for ``user`` and cannot notify them.
    Private: ``muted`` is never told."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes")
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "muted"], name="mute_once"),
            models.CheckConstraint(condition=~Q(user=models.F("muted")), name="mute_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} muted {self.muted_id}"
