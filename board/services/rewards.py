"""Rewards and the points ledger: a reward moves points from the giver's balance to the author's, as two
ledger entries in one transaction; the balance is the sum of a reader's entries."""

import hashlib
import re

from django.db import IntegrityError, transaction
from django.db.models import F

from board.exceptions import ApplicationError, Conflict
from board.models import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    REWARD_MAX_POINTS,
    REWARD_MIN_POINTS,
    Article,
    Comment,
    LedgerEntry,
    LedgerEntryKind,
    Reward,
    User,
)
from board.services.common import counters_add
from board.services.notifications import reward_on_commit

_IDEMPOTENCY_KEY = re.compile(rf"^[\x21-\x7e]{{1,{IDEMPOTENCY_KEY_MAX_LENGTH}}}$")


@transaction.atomic
def ledger_grant(*, user: User, amount: int, kind: str = LedgerEntryKind.GRANT) -> LedgerEntry | None:
    """Credit ``amount`` points to ``user``: the ledger entry and the balance move together."""
    if amount == 0:
        return None
    counters_add(user, points_balance=amount)
    return LedgerEntry.objects.create(user=user, kind=kind, amount=amount, balance_after=user.points_balance)


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

    Returns ``(reward, replayed)``; ``reward.balance_after`` is the giver's balance right after it, and
    the target's ``reward_count`` and ``reward_points`` are set to their new values. With an
    ``idempotency_key``, a repeated request (same giver and key) returns the first reward and moves
    nothing (``replayed`` True); the same key with another target or amount is a ``Conflict``
    (``idempotency_key_reused``). Concurrent repeats are settled by the unique constraint on (giver,
    idempotency_key).

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
    existing = _reward_by_key(giver=giver, idempotency_key=idempotency_key) if idempotency_key else None
    if existing is not None:
        return _reward_replay(existing, fingerprint)
    reward = Reward(
        giver=giver,
        recipient_id=target.author_id,
        article=article,
        comment=comment,
        points=points,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
    )
    try:
        with transaction.atomic():
            _reward_transfer(reward, target=target)
    except IntegrityError:
        existing = _reward_by_key(giver=giver, idempotency_key=idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return _reward_replay(existing, fingerprint)
    reward_on_commit(reward)
    return reward, False


def _reward_transfer(reward: Reward, *, target: Article | Comment) -> None:
    """Save ``reward`` and move the points: balances, ledger entries and the target's counters."""
    giver, points = reward.giver, reward.points
    locked = {
        user.pk: user
        for user in User.objects.select_for_update()
        .filter(pk__in=[giver.pk, reward.recipient_id])
        .order_by("pk")
    }
    sender, recipient = locked[giver.pk], locked[reward.recipient_id]
    if sender.points_balance < points:
        raise Conflict(f"Not enough points: you have {sender.points_balance}.", code="insufficient_points")
    reward.giver, reward.recipient = sender, recipient
    reward.save()
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
    counters_add(target, reward_count=1, reward_points=points)
