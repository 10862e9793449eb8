"""Moderation's data: the screening outbox, classifications and flags, reports, the review queue, moderators'
decisions, the audit log, and the moderator-editable configuration (watched words, thresholds).

Board content is referred to by kind and id (``content_kind`` + ``object_id`` + ``revision``) where a row
outlives the content or concerns any kind; ``ReviewItem`` and ``Report`` hold real foreign keys because the
moderators' screens render them in pages. Moderation is built on the board: it imports the board, never the
other way round (docs/architecture.md).

Only the services in ``moderation/services/`` write these rows (and write the audit row in the same
transaction).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from board.models import LANGUAGE_CODE_MAX_LENGTH

# Limits of what moderators and readers write here.
REASON_MAX_LENGTH = 500
REPORT_TEXT_MAX_LENGTH = 500
APPEAL_TEXT_MIN_LENGTH, APPEAL_TEXT_MAX_LENGTH = 1, 1000
ACTOR_LABEL_MAX_LENGTH = 120


class ContentKind(models.TextChoices):
    COMMENT = "comment", "comment"
    REPOST = "repost", "repost quote"
    ARTICLE = "article", "article"


class Label(models.TextChoices):
    SPAM = "spam", "spam"
    FINANCIAL_ADVICE = "financial_advice", "financial advice"


class Level(models.TextChoices):
    LOW = "low", "low"
    MEDIUM = "medium", "medium"
    HIGH = "high", "high"


# ---------------------------------------------------------------------------------------------------------
# The outbox
# ---------------------------------------------------------------------------------------------------------


class ScreeningStatus(models.TextChoices):
    PENDING = "pending", "pending"
    DONE = "done", "done"
    FAILED = "failed", "failed"


class ScreeningRequest(models.Model):
    """ "This revision needs screening": written in the same transaction as the content (the outbox).

    The row is the truth and the broker only the fast path: the sweep re-queues rows left pending, so content
    accepted while Redis or every worker was down is screened when they return. ``attempts`` counts task
    starts (committed before the work), so a task that keeps crashing its process is stopped after
    ``MODERATION_MAX_ATTEMPTS`` and marked failed for a moderator.
    """

    content_kind = models.CharField(max_length=10, choices=ContentKind.choices)
    object_id = models.PositiveBigIntegerField()
    revision = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=ScreeningStatus.choices, default=ScreeningStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Last hand-off to the broker; null when the hand-off failed (Redis down), so the sweep takes it at once.
    queued_at = models.DateTimeField(null=True, blank=True)
    attempted_at = models.DateTimeField(null=True, blank=True, help_text="Start of the last attempt.")
    screened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_kind", "object_id", "revision"], name="screening_request_once_per_revision"
            ),
        ]
        indexes = [
            # The sweep's scan: pending rows, oldest first; a partial index stays as small as the backlog.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status=ScreeningStatus.PENDING),
                name="screening_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Screening of {self.content_kind} {self.object_id} r{self.revision} ({self.status})"


# ---------------------------------------------------------------------------------------------------------
# Classifications and flags
# ---------------------------------------------------------------------------------------------------------


class ContentAction(models.TextChoices):
    """What the policy table did with the content (or, on a ``Flag``, what that label alone asks for)."""

    NONE = "none", "no action"
    PUBLISH = "publish", "published"
    NOTICE = "notice", "published with a 'not financial advice' notice"
    HOLD = "hold", "held for review"
    HIDE = "hide", "hidden at once (spam)"
    REMOVE = "remove", "removed"


class Classification(models.Model):
    """The classifier's verdict on one revision of one piece of content: at most one per revision."""

    content_kind = models.CharField(max_length=10, choices=ContentKind.choices)
    object_id = models.PositiveBigIntegerField()
    revision = models.PositiveIntegerField()
    model_version = models.CharField(max_length=80)
    # ISO 639-1 of the screened text (language ID); empty when unsure.
    language = models.CharField(max_length=LANGUAGE_CODE_MAX_LENGTH, blank=True, default="")
    # {"spam": {"score": 0.93, "level": "high"}, "financial_advice": {...}}
    scores = models.JSONField(default=dict)
    action = models.CharField(max_length=10, choices=ContentAction.choices, default=ContentAction.NONE)
    # The behaviour numbers that went in (duplicates, rate, account age, trust), for moderators and audits.
    behaviour = models.JSONField(default=dict, blank=True)
    # 64-bit SimHash of the normalized text, stored signed (PostgreSQL has no unsigned bigint); null for
    # texts too short to count as near-duplicates.
    fingerprint = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_kind", "object_id", "revision"], name="classification_once_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"Classification of {self.content_kind} {self.object_id} r{self.revision}"


class FlagStatus(models.TextChoices):
    OPEN = "open", "open"  # medium or high: waiting for a moderator's judgement on the label
    CONFIRMED = "confirmed", "confirmed"
    REJECTED = "rejected", "rejected"
    CLEAR = "clear", "clear"  # scored low: nothing to review


class Flag(models.Model):
    """One label's result for one classified revision: score, level, evidence, model version, action."""

    classification = models.ForeignKey(Classification, on_delete=models.CASCADE, related_name="flags")
    content_kind = models.CharField(max_length=10, choices=ContentKind.choices)
    object_id = models.PositiveBigIntegerField()
    revision = models.PositiveIntegerField()
    label = models.CharField(max_length=20, choices=Label.choices)
    score = models.FloatField()
    level = models.CharField(max_length=10, choices=Level.choices)
    evidence = models.JSONField(default=list)
    model_version = models.CharField(max_length=80)
    action = models.CharField(max_length=10, choices=ContentAction.choices, default=ContentAction.NONE)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["content_kind", "object_id", "-revision", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_kind", "object_id", "revision", "label"], name="flag_once_per_label"
            ),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="flag_score_0_1"),
        ]
        indexes = [models.Index(fields=["content_kind", "object_id", "-revision"], name="flag_content_idx")]

    def __str__(self) -> str:
        return f"{self.label} {self.level} ({self.score:.2f}) on {self.content_kind} {self.object_id}"


# ---------------------------------------------------------------------------------------------------------
# Reports and the review queue
# ---------------------------------------------------------------------------------------------------------


class ReportReason(models.TextChoices):
    SPAM = "spam", "spam or scam"
    FINANCIAL_ADVICE = "financial_advice", "financial advice"
    ABUSE = "abuse", "abusive or hateful"
    OTHER = "other", "other"


class Report(models.Model):
    """A reader's report of a comment: one per reader and comment."""

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey("board.Comment", on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    text = models.CharField(max_length=REPORT_TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["reader", "comment"], name="report_once_per_reader")]
        indexes = [models.Index(fields=["comment", "created_at"], name="report_comment_idx")]

    def __str__(self) -> str:
        return f"Report by {self.reader_id} on comment {self.comment_id} ({self.reason})"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "open"
    RESOLVED = "resolved", "resolved"


class ReviewItem(models.Model):
    """One piece of content in the moderators' queue (held, hidden, noticed, reported or failed screening).

    One row per piece of content, reopened when something new arrives; ``risk`` orders the queue (highest
    first) and ``summary`` carries the latest scores so a page of the queue needs no per-row query.
    """

    content_kind = models.CharField(max_length=10, choices=ContentKind.choices)
    comment = models.OneToOneField(
        "board.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="review_item"
    )
    repost = models.OneToOneField(
        "board.Repost", null=True, blank=True, on_delete=models.CASCADE, related_name="review_item"
    )
    article = models.OneToOneField(
        "board.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="review_item"
    )
    revision = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    risk = models.FloatField(default=0.0)
    # Why it is here, e.g. ["spam:high", "new_account", "reports:3", "screening_failed"].
    reasons = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    report_count = models.PositiveIntegerField(
        default=0, help_text="Distinct readers since the last decision."
    )
    # Reports count from here: a moderator's decision starts the count again.
    reports_since = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-risk", "opened_at", "id"]
        indexes = [
            models.Index(
                F("risk").desc(),
                "opened_at",
                "id",
                condition=Q(status=ReviewStatus.OPEN),
                name="review_queue_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        content_kind=ContentKind.COMMENT,
                        comment__isnull=False,
                        repost__isnull=True,
                        article__isnull=True,
                    )
                    | Q(
                        content_kind=ContentKind.REPOST,
                        comment__isnull=True,
                        repost__isnull=False,
                        article__isnull=True,
                    )
                    | Q(
                        content_kind=ContentKind.ARTICLE,
                        comment__isnull=True,
                        repost__isnull=True,
                        article__isnull=False,
                    )
                ),
                name="review_item_one_target",
            ),
            models.CheckConstraint(condition=Q(risk__gte=0, risk__lte=1), name="review_item_risk_0_1"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.content_kind} {self.object_id} ({self.status}, risk {self.risk:.2f})"

    @property
    def object_id(self) -> int | None:
        return self.comment_id or self.repost_id or self.article_id

    @property
    def target(self):
        return self.comment or self.repost or self.article


class Decision(models.TextChoices):
    APPROVE = "approve", "approve"
    REMOVE = "remove", "remove"
    CONFIRM_LABEL = "confirm_label", "confirm label"
    REJECT_LABEL = "reject_label", "reject label"


class ReviewDecision(models.Model):
    """A moderator's decision on one revision of content; also a labelled training example.

    ``text`` is the revision's text as the moderator saw it and ``labels`` what the decision says about it
    (``{"spam": false, "financial_advice": true}``, only the labels it speaks to), so the example survives
    later edits and deletion.
    """

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="review_decisions"
    )
    content_kind = models.CharField(max_length=10, choices=ContentKind.choices)
    object_id = models.PositiveBigIntegerField()
    revision = models.PositiveIntegerField()
    decision = models.CharField(max_length=20, choices=Decision.choices)
    label = models.CharField(max_length=20, choices=Label.choices, blank=True)
    reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    text = models.TextField(blank=True)
    labels = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_kind", "object_id", "-created_at"], name="decision_content_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=[Decision.APPROVE, Decision.REMOVE]) | ~Q(label=""),
                name="decision_label_needs_label",
            ),
        ]

    def __str__(self) -> str:
        suffix = f" {self.label}" if self.label else ""
        return f"{self.decision}{suffix} on {self.content_kind} {self.object_id} r{self.revision}"


# ---------------------------------------------------------------------------------------------------------
# The audit log
# ---------------------------------------------------------------------------------------------------------


class AuditAction(models.TextChoices):
    """Every kind of entry the audit log holds (``family.event``; the admin filters by family)."""

    REVIEW_APPROVE = "review.approve", "moderator approved"
    REVIEW_REMOVE = "review.remove", "moderator removed"
    REVIEW_CONFIRM_LABEL = "review.confirm_label", "moderator confirmed a label"
    REVIEW_REJECT_LABEL = "review.reject_label", "moderator rejected a label"
    SCREENING_PUBLISH = "screening.publish", "screening published"
    SCREENING_NOTICE = "screening.notice", "screening published with the notice"
    SCREENING_HOLD = "screening.hold", "screening held"
    SCREENING_HIDE = "screening.hide", "screening hid (spam)"
    SCREENING_REMOVE = "screening.remove", "screening removed"
    SCREENING_QUEUE = "screening.queue", "screening queued for review"
    SCREENING_FAILED = "screening.failed", "screening failed"
    REPORT_CREATED = "report.created", "reader reported"
    REPORT_HIDDEN = "report.hidden", "reports held"
    USER_TRUST_CHANGED = "user.trust_changed", "trust changed"
    USER_SILENCED = "user.silenced", "silenced"
    USER_UNSILENCED = "user.unsilenced", "silence lifted"
    USER_SUSPENDED = "user.suspended", "suspended"
    USER_UNSUSPENDED = "user.unsuspended", "suspension lifted"
    CONTENT_PINNED = "content.pinned", "pinned"
    CONTENT_UNPINNED = "content.unpinned", "unpinned"
    WATCHED_WORD_CREATED = "watched_word.created", "watched word added"
    WATCHED_WORD_CHANGED = "watched_word.changed", "watched word changed"
    THRESHOLDS_CHANGED = "thresholds.changed", "thresholds changed"
    MODEL_ACTIVATED = "model.activated", "model activated"
    APPEAL_CREATED = "appeal.created", "author appealed"
    APPEAL_UPHELD = "appeal.upheld", "appeal upheld the decision"
    APPEAL_OVERTURNED = "appeal.overturned", "appeal overturned the decision"

    @classmethod
    def for_decision(cls, decision: str) -> "AuditAction":
        return cls(f"review.{decision}")

    @classmethod
    def for_screening(cls, action: str) -> "AuditAction":
        """``action`` is a ``ContentAction`` (what screening did to a comment or quote), or "queue"."""
        return cls(f"screening.{action}")


# The fields an erasure may rewrite in the audit log (who acted, and words that name them): never what was
# done, to which target, or when.
AUDIT_ERASABLE_FIELDS = frozenset({"actor", "actor_label", "reason", "extra"})
# How an erased reader is named where they acted.
ERASED_ACTOR_LABEL = "erased account"


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def erasure_update(self, **kwargs) -> int:
        """The one change the log allows: removing an erased reader from its entries (GDPR article 17),
        through ``moderation.services.account_erased_anonymise`` only. The facts stay."""
        if not kwargs.keys() <= AUDIT_ERASABLE_FIELDS:
            raise TypeError(f"An erasure may only rewrite {sorted(AUDIT_ERASABLE_FIELDS)}.")
        return super().update(**kwargs)

    def delete(self):
        raise TypeError("The audit log is append-only.")


class AuditLogEntry(models.Model):
    """Who did what to which content, when and why: one row per decision, automatic or human.

    Append-only: rows are created by ``moderation.services.audit_log_record`` inside the transaction of the
    change they describe and never updated or deleted (the guards below refuse it through the ORM).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who acted, readable without a join and kept if the user is deleted: "moderator:alice",
    # "worker:model 2026.11.29-1+abc", "reports", "sweep".
    actor_label = models.CharField(max_length=ACTOR_LABEL_MAX_LENGTH)
    # An ``AuditAction`` value (``audit_log_record`` refuses any other). Not declared as the field's choices:
    # the log shows and exports the codes themselves ("review.approve"), which is what moderators search.
    action = models.CharField(max_length=40, db_index=True)
    target_kind = models.CharField(max_length=20)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit log entries"
        indexes = [models.Index(fields=["target_kind", "target_id", "-created_at"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.target_kind} {self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only.")


# ---------------------------------------------------------------------------------------------------------
# Appeals
# ---------------------------------------------------------------------------------------------------------


# The audit actions that hold or remove a reader's content: the decisions an author may appeal.
APPEALABLE_ACTIONS = (
    AuditAction.REVIEW_REMOVE,
    AuditAction.SCREENING_HOLD,
    AuditAction.SCREENING_HIDE,
    AuditAction.SCREENING_REMOVE,
    AuditAction.REPORT_HIDDEN,
    AuditAction.SCREENING_FAILED,
)


class AppealStatus(models.TextChoices):
    OPEN = "open", "open"
    UPHELD = "upheld", "upheld"
    OVERTURNED = "overturned", "overturned"


class Appeal(models.Model):
    """An author's appeal of one decision that held or removed their comment or repost quote.

    ``decision`` is the decision's audit entry (automatic or a moderator's, the same row the statement of
    reasons is drawn from): one appeal per decision. ``label`` and ``automated`` copy what the decision
    said, for the queue and the dashboard.
    """

    content_kind = models.CharField(max_length=10, choices=ContentKind.choices)
    comment = models.ForeignKey(
        "board.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    repost = models.ForeignKey(
        "board.Repost", null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals")
    decision = models.OneToOneField(AuditLogEntry, on_delete=models.PROTECT, related_name="appeal")
    label = models.CharField(max_length=20, choices=Label.choices, blank=True)
    automated = models.BooleanField()
    text = models.CharField(max_length=APPEAL_TEXT_MAX_LENGTH)
    status = models.CharField(max_length=12, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The Appeals queue: open ones, oldest first.
            models.Index(
                fields=["created_at", "id"], condition=Q(status=AppealStatus.OPEN), name="appeal_queue_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(content_kind=ContentKind.COMMENT, comment__isnull=False, repost__isnull=True)
                    | Q(content_kind=ContentKind.REPOST, comment__isnull=True, repost__isnull=False)
                ),
                name="appeal_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"Appeal {self.pk} of {self.content_kind} {self.object_id} ({self.status})"

    @property
    def object_id(self) -> int | None:
        return self.comment_id or self.repost_id

    @property
    def target(self):
        return self.comment or self.repost


# ---------------------------------------------------------------------------------------------------------
# Moderator-editable configuration
# ---------------------------------------------------------------------------------------------------------


class WatchedAction(models.TextChoices):
    FLAG = "flag", "flag for review"
    HOLD = "hold", "hold for review"
    REMOVE = "remove", "remove"


class WatchedWord(models.Model):
    """A word, phrase or regular expression moderators watch for, with the action it triggers."""

    pattern = models.CharField(max_length=200)
    is_regex = models.BooleanField(default=False)
    label = models.CharField(max_length=20, choices=Label.choices, blank=True)
    action = models.CharField(max_length=10, choices=WatchedAction.choices, default=WatchedAction.FLAG)
    is_active = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pattern"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "is_regex"], name="watched_word_unique"),
        ]

    def __str__(self) -> str:
        kind = "regex" if self.is_regex else "word"
        return f"{kind} {self.pattern!r} -> {self.action}"

    def clean(self) -> None:
        from moderation.classifier.rules import validate_pattern

        if not self.pattern or not self.pattern.strip():
            raise ValidationError({"pattern": "Enter a word, phrase or pattern."})
        if self.is_regex:
            problem = validate_pattern(self.pattern)
            if problem is not None:
                raise ValidationError({"pattern": f"This regular expression cannot be used: {problem}."})


class ModerationThresholds(models.Model):
    """The single row of moderator-editable thresholds and counts (the policy's defaults until edited)."""

    spam_medium = models.FloatField()
    spam_high = models.FloatField()
    advice_medium = models.FloatField()
    advice_high = models.FloatField()
    reports_to_hide = models.PositiveSmallIntegerField(
        help_text="Distinct readers whose reports hide a comment."
    )
    new_account_hold_count = models.PositiveSmallIntegerField(
        help_text="How many first comments of a trust-0 account are held for review."
    )
    approvals_for_trust = models.PositiveSmallIntegerField(
        help_text="Approved comments that raise a trust-0 account to trust 1."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "moderation thresholds"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="thresholds_single_row"),
            models.CheckConstraint(
                condition=Q(spam_medium__gte=0, spam_medium__lt=F("spam_high"), spam_high__lte=1),
                name="thresholds_spam_range",
            ),
            models.CheckConstraint(
                condition=Q(advice_medium__gte=0, advice_medium__lt=F("advice_high"), advice_high__lte=1),
                name="thresholds_advice_range",
            ),
            models.CheckConstraint(condition=Q(reports_to_hide__gte=1), name="thresholds_reports_gte_1"),
            models.CheckConstraint(
                condition=Q(approvals_for_trust__gte=1), name="thresholds_approvals_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return "Moderation thresholds"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field in ("spam_medium", "spam_high", "advice_medium", "advice_high"):
            value = getattr(self, field)
            if value is not None and not 0.0 <= value <= 1.0:
                errors[field] = "Enter a score between 0 and 1."
        for medium, high in (("spam_medium", "spam_high"), ("advice_medium", "advice_high")):
            low_value, high_value = getattr(self, medium), getattr(self, high)
            comparable = medium not in errors and high not in errors and None not in (low_value, high_value)
            if comparable and low_value >= high_value:
                errors[medium] = "The medium threshold must be below the high threshold."
        if self.reports_to_hide is not None and self.reports_to_hide < 1:
            errors["reports_to_hide"] = "At least one report."
        if self.approvals_for_trust is not None and self.approvals_for_trust < 1:
            errors["approvals_for_trust"] = "At least one approval."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def defaults(cls) -> dict:
        return dict(settings.MODERATION_DEFAULT_THRESHOLDS)


class UserModerationState(models.Model):
    """Per-account moderation counters the board's ``User`` does not carry (trust history, spam penalties)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="moderation_state"
    )
    approved_count = models.PositiveIntegerField(default=0)
    spam_removed_count = models.PositiveIntegerField(default=0)
    # Set by a spam hide or removal: the account's new comments are held again (first N after this) and it
    # writes at the penalty rate for MODERATION_SPAM_PENALTY_HOURS.
    last_spam_at = models.DateTimeField(null=True, blank=True)
    # The trust level an automatic spam hide lowered from, restored if a moderator approves that content.
    auto_lowered_from = models.PositiveSmallIntegerField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Moderation state of user {self.user_id}"
