"""The stored counters, recomputed from their source rows: drift reports and repairs.

``manage.py counters_recompute`` prints how many rows of each counter disagree with the rows it counts, and
with ``--fix`` sets them right. Each counter is one correlated subquery, so a check is one query per counter
whatever the number of rows.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, IntegerField, Model, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from board.caching import site_changed
from board.models import (
    COMMENT_COUNTED,
    Article,
    ArticleLike,
    Comment,
    CommentLike,
    LedgerEntry,
    LedgerEntryKind,
    Repost,
    Reward,
    Share,
    User,
)


def _count(model: type[Model], link: str, condition: Q | None = None) -> Coalesce:
    rows = (
        model.objects.filter(condition or Q(), **{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _sum(model: type[Model], link: str, field: str) -> Coalesce:
    rows = (
        model.objects.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


@dataclass(frozen=True)
class Counter:
    model: type[Model]
    field: str
    expected: object  # builds the expression: a callable, so each use gets a fresh one

    @property
    def label(self) -> str:
        return f"{self.model._meta.model_name}.{self.field}"


COUNTERS = [
    Counter(Article, "comment_count", lambda: _count(Comment, "article", COMMENT_COUNTED)),
    Counter(Article, "like_count", lambda: _count(ArticleLike, "article")),
    Counter(Article, "repost_count", lambda: _count(Repost, "article")),
    Counter(Article, "share_count", lambda: _count(Share, "article")),
    Counter(Article, "reward_count", lambda: _count(Reward, "article")),
    Counter(Article, "reward_points", lambda: _sum(Reward, "article", "points")),
    Counter(Comment, "reply_count", lambda: _count(Comment, "parent", COMMENT_COUNTED)),
    Counter(Comment, "like_count", lambda: _count(CommentLike, "comment")),
    Counter(Comment, "reward_count", lambda: _count(Reward, "comment")),
    Counter(Comment, "reward_points", lambda: _sum(Reward, "comment", "points")),
    Counter(User, "points_balance", lambda: _sum(LedgerEntry, "user", "amount")),
]


def _drifted(counter: Counter):
    return (
        counter.model.objects.annotate(expected_value=counter.expected())
        .exclude(**{counter.field: F("expected_value")})
        .order_by()
    )


def counters_drift() -> dict[str, int]:
    """``{"article.like_count": rows off, ...}`` for every counter."""
    return {counter.label: _drifted(counter).count() for counter in COUNTERS}


def ledger_drift() -> dict[str, int]:
    """Rewards whose ledger entries are not exactly the pair a reward writes: one ``reward_sent`` of
    ``-points`` and one ``reward_received`` of ``+points``. Balances are checked by ``counters_drift``
    (``user.points_balance`` is the sum of the entries); this catches a reward half written or written
    twice. Not fixable by recomputing: a wrong pair is reported, never rewritten."""
    sent = Q(entries__kind=LedgerEntryKind.REWARD_SENT, entries__amount=-F("points"))
    received = Q(entries__kind=LedgerEntryKind.REWARD_RECEIVED, entries__amount=F("points"))
    wrong = (
        Reward.objects.annotate(
            entry_count=Count("entries"),
            sent_count=Count("entries", filter=sent),
            received_count=Count("entries", filter=received),
        )
        .exclude(entry_count=2, sent_count=1, received_count=1)
        .order_by()
    )
    return {"ledger.reward_pairs": wrong.count()}


@transaction.atomic
def counters_fix() -> dict[str, int]:
    """Set every drifted counter to its recomputed value; returns the rows fixed per counter.

    Each row is rewritten by one UPDATE with the recomputed value, which takes the row's lock, so a change
    racing with the fix is either counted in the value or applied after it, not lost.
    """
    fixed: dict[str, int] = {}
    for counter in COUNTERS:
        ids = list(_drifted(counter).values_list("pk", flat=True))
        fixed[counter.label] = (
            counter.model.objects.filter(pk__in=ids).update(**{counter.field: counter.expected()})
            if ids
            else 0
        )
    if any(fixed.values()):
        site_changed()
    return fixed
