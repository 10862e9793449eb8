"""Moderators' decisions on content: approve, remove, confirm or reject a label.

Each decision is safe to repeat and says whether it changed anything; a decision that changes something
writes a ``ReviewDecision`` (which is also a labelled training example: the text as decided and what the
decision says about each label) and an audit entry, in one transaction.

- approve: the content is shown; its open flags are rejected (confirmed ones stay, and a confirmed
  financial-advice flag keeps the notice); the queue item is resolved; the author earns trust (0 -> 1 after
  ``approvals_for_trust`` approvals) and gets back trust an automatic spam hide took.
- remove: the content is removed with a reason its author sees; with ``label`` that label's flag is
  confirmed; a spam removal drops the author to trust 0 and starts the spam penalty (held first comments
  again, the penalty write rate).
- confirm_label / reject_label: a judgement on one label only (the flag and the training example); the
  content's visibility and the queue item are left to approve/remove.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from board.exceptions import ApplicationError, NotFound
from board.models import ModerationState, TrustLevel, User
from moderation import content as board_content
from moderation.models import (
    REASON_MAX_LENGTH,
    AuditAction,
    Classification,
    ContentAction,
    ContentKind,
    Decision,
    Flag,
    FlagStatus,
    Label,
    ReviewDecision,
    UserModerationState,
)
from moderation.runtime import live_config
from moderation.services.audit import audit_log_record
from moderation.services.notices import PUBLISHED, REMOVED, author_notify
from moderation.services.queue import review_item_resolve
from moderation.services.users import require_moderator, user_trust_set

REMOVAL_REASONS = {
    Label.SPAM: "Removed by a moderator: promotion, spam or a scam.",
    Label.FINANCIAL_ADVICE: "Removed by a moderator: it tells readers what to do with their money.",
    "": "Removed by a moderator.",
}


@dataclass
class _Review:
    """One decision under way: who decides, on what (locked, at its current revision), and its flags."""

    moderator: User
    decision: str
    kind: str
    content: object
    flags: list[Flag]
    reason: str
    label: str | None

    @property
    def by_label(self) -> dict[str, Flag]:
        return {flag.label: flag for flag in self.flags}


def _target(comment, repost, article) -> tuple[str, object]:
    given = [
        (kind, obj)
        for kind, obj in (
            (ContentKind.COMMENT, comment),
            (ContentKind.REPOST, repost),
            (ContentKind.ARTICLE, article),
        )
        if obj
    ]
    if len(given) != 1:
        raise ApplicationError(
            "Give exactly one of comment, repost, article.", fields={"content": ["Exactly one."]}
        )
    return given[0]


def _decision_check(decision: str, label: str | None) -> None:
    if decision not in Decision.values:
        raise ApplicationError(
            "Unknown decision.", fields={"decision": [f"One of {', '.join(Decision.values)}."]}
        )
    if label is not None and label not in Label.values:
        raise ApplicationError("Unknown label.", fields={"label": [f"One of {', '.join(Label.values)}."]})
    if decision in (Decision.CONFIRM_LABEL, Decision.REJECT_LABEL) and not label:
        raise ApplicationError("This decision needs a label.", fields={"label": ["Required."]})


def _review_open(*, moderator, decision, kind, given, reason, label) -> _Review:
    """Lock what the decision changes, in the board's lock order: the author (whose trust may change),
    then the content, then the flags of its current revision. ``NotFound`` if the content is gone."""
    board_content.author_lock(kind=kind, object_id=given.pk)
    content = board_content.content_get(kind=kind, object_id=given.pk, lock=True)
    if content is None or board_content.content_is_gone(kind, content):
        raise NotFound("Content not found.")
    flags = list(
        Flag.objects.select_for_update().filter(
            content_kind=kind, object_id=content.pk, revision=content.revision
        )
    )
    return _Review(moderator, decision, kind, content, flags, reason, label)


def _set_flags(*, flags, status: str, moderator) -> bool:
    changed = False
    now = timezone.now()
    for flag in flags:
        if flag.status != status:
            flag.status, flag.resolved_at, flag.resolved_by = status, now, moderator
            flag.save(update_fields=["status", "resolved_at", "resolved_by"])
            changed = True
    return changed


def _record(review: _Review, *, label: str | None, reason: str, labels: dict) -> ReviewDecision:
    """The decision as a training example, and its audit entry."""
    content = review.content
    decision = ReviewDecision(
        moderator=review.moderator,
        content_kind=review.kind,
        object_id=content.pk,
        revision=content.revision,
        decision=review.decision,
        label=label or "",
        reason=reason,
        text=board_content.content_text(review.kind, content),
        labels=labels,
    )
    decision.full_clean()
    decision.save()
    audit_log_record(
        actor=review.moderator,
        action=AuditAction.for_decision(review.decision),
        target_kind=review.kind,
        target_id=content.pk,
        reason=reason,
        extra={"revision": content.revision, "label": label or None, "labels": labels},
    )
    return decision


def _approve_author(*, moderator, kind, content) -> None:
    """Approval earns trust: the trust an automatic spam hide took comes back, and a trust-0 account rises
    to 1 after ``approvals_for_trust`` approved comments."""
    author = board_content.content_author(kind, content)
    if author is None:  # an erased account's tombstone: nobody to earn trust
        return
    state, _ = UserModerationState.objects.select_for_update().get_or_create(user_id=author.pk)
    state.approved_count += 1
    auto_hidden = Classification.objects.filter(
        content_kind=kind, object_id=content.pk, revision=content.revision, action=ContentAction.HIDE
    ).exists()
    fields = ["approved_count", "updated_at"]
    if auto_hidden and state.auto_lowered_from is not None:
        user_trust_set(
            user=author,
            trust_level=state.auto_lowered_from,
            actor=moderator,
            reason=f"approved {kind} {content.pk} that was hidden as spam automatically",
        )
        state.auto_lowered_from = None
        state.last_spam_at = None
        fields += ["auto_lowered_from", "last_spam_at"]
    elif auto_hidden:
        state.last_spam_at = None
        fields.append("last_spam_at")
    state.save(update_fields=fields)
    if author.trust_level == TrustLevel.NEW and state.approved_count >= live_config().approvals_for_trust:
        user_trust_set(
            user=author,
            trust_level=TrustLevel.BASIC,
            actor=moderator,
            reason=f"{state.approved_count} comments approved by moderators",
        )


def _spam_penalty(*, moderator, kind, content) -> None:
    author = board_content.content_author(kind, content)
    if author is None or author.is_staff or author.is_bot:
        return
    state, _ = UserModerationState.objects.select_for_update().get_or_create(user_id=author.pk)
    state.spam_removed_count += 1
    state.last_spam_at = timezone.now()
    state.approved_count = 0
    state.auto_lowered_from = None
    state.save(
        update_fields=[
            "spam_removed_count",
            "last_spam_at",
            "approved_count",
            "auto_lowered_from",
            "updated_at",
        ]
    )
    user_trust_set(
        user=author,
        trust_level=TrustLevel.NEW,
        actor=moderator,
        reason=f"{kind} {content.pk} removed as spam",
    )


def _approve(review: _Review) -> bool:
    """Show the content; reject its open flags (a confirmed financial-advice flag keeps the notice);
    resolve its queue item; the author earns trust."""
    kind, content, moderator = review.kind, review.content, review.moderator
    changed = _set_flags(
        flags=[flag for flag in review.flags if flag.status == FlagStatus.OPEN],
        status=FlagStatus.REJECTED,
        moderator=moderator,
    )
    advice = review.by_label.get(Label.FINANCIAL_ADVICE)
    keep_notice = advice is not None and advice.status == FlagStatus.CONFIRMED
    was_visible = content.moderation_state == ModerationState.VISIBLE
    changed |= board_content.content_set_state(
        kind=kind, content=content, state=ModerationState.VISIBLE, advice_notice=keep_notice
    )
    changed |= review_item_resolve(kind=kind, content=content, moderator=moderator, resolution="approved")
    if not changed:
        return False
    by_label = review.by_label
    labels = {
        name: name in by_label and by_label[name].status == FlagStatus.CONFIRMED for name in Label.values
    }
    decision = _record(review, label=None, reason=review.reason, labels=labels)
    if kind != ContentKind.ARTICLE:
        _approve_author(moderator=moderator, kind=kind, content=content)
        if not was_visible:  # published after review (an approved noticed comment was already shown)
            author_notify(
                kind=kind,
                content=content,
                outcome=PUBLISHED,
                reason=review.reason,
                source=f"decision:{decision.pk}",
            )
    return True


def _remove(review: _Review) -> bool:
    """Remove the content with a reason its author sees; confirm ``label``'s flag; resolve the queue
    item; a spam removal starts the author's spam penalty."""
    kind, content, moderator, label = review.kind, review.content, review.moderator, review.label
    flag = review.by_label.get(label) if label else None
    changed = _set_flags(flags=[flag], status=FlagStatus.CONFIRMED, moderator=moderator) if flag else False
    shown_reason = review.reason or REMOVAL_REASONS[label or ""]
    changed |= board_content.content_set_state(
        kind=kind,
        content=content,
        state=ModerationState.REMOVED,
        advice_notice=False,
        removal_reason=shown_reason,
    )
    changed |= review_item_resolve(kind=kind, content=content, moderator=moderator, resolution="removed")
    if not changed:
        return False
    decision = _record(review, label=label, reason=shown_reason, labels={label: True} if label else {})
    author_notify(
        kind=kind, content=content, outcome=REMOVED, reason=shown_reason, source=f"decision:{decision.pk}"
    )
    if label == Label.SPAM and kind != ContentKind.ARTICLE:
        _spam_penalty(moderator=moderator, kind=kind, content=content)
    return True


def _label_judge(review: _Review) -> bool:
    """Confirm or reject one label: its flag and the training example; visibility and the queue item are
    left to approve and remove."""
    content, label = review.content, review.label
    status = FlagStatus.CONFIRMED if review.decision == Decision.CONFIRM_LABEL else FlagStatus.REJECTED
    flag = review.by_label.get(label)
    if flag is not None:
        changed = _set_flags(flags=[flag], status=status, moderator=review.moderator)
    else:  # not screened yet (or an older revision): the example is still worth keeping, once
        changed = not ReviewDecision.objects.filter(
            content_kind=review.kind,
            object_id=content.pk,
            revision=content.revision,
            decision=review.decision,
            label=label,
        ).exists()
    if not changed:
        return False
    _record(review, label=label, reason=review.reason, labels={label: status == FlagStatus.CONFIRMED})
    return True


_ACTS: dict[str, Callable[[_Review], bool]] = {
    Decision.APPROVE: _approve,
    Decision.REMOVE: _remove,
    Decision.CONFIRM_LABEL: _label_judge,
    Decision.REJECT_LABEL: _label_judge,
}


@transaction.atomic
def review_decide(
    *,
    moderator,
    decision: str,
    comment=None,
    repost=None,
    article=None,
    reason: str = "",
    label: str | None = None,
) -> bool:
    """Apply a moderator's ``decision`` to one piece of content (its current revision); True if anything
    changed. Raises 403 for non-moderators, 404 for missing content, 400 for a bad decision or label."""
    require_moderator(moderator)
    kind, given = _target(comment, repost, article)
    _decision_check(decision, label)
    review = _review_open(
        moderator=moderator,
        decision=decision,
        kind=kind,
        given=given,
        reason=(reason or "").strip()[:REASON_MAX_LENGTH],
        label=label,
    )
    return _ACTS[decision](review)
