from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from board.models import Article, Comment, LedgerEntry, LedgerEntryKind, User
from board.services import (
    article_like,
    comment_delete,
    comment_like,
    repost_create,
    reward_create,
    share_create,
)
from tests.factories import make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def run(*args) -> str:
    out = StringIO()
    call_command("counters_recompute", *args, stdout=out)
    return out.getvalue()


def drift(output: str) -> dict[str, int]:
    lines = [
        line for line in output.splitlines() if line.endswith("rows off") and not line.startswith("total")
    ]
    return {line.split(":")[0]: int(line.split(": ")[1].split()[0]) for line in lines}


@pytest.fixture
def busy_article(article, reader, other_reader):
    parent = make_comment(article=article, author=reader)
    reply = make_comment(article=article, author=other_reader, parent=parent)
    make_comment(article=article, author=reader, parent=reply)
    gone = make_comment(article=article, author=other_reader, parent=parent)
    comment_delete(actor=other_reader, comment=gone)
    article_like(user=reader, article=article)
    comment_like(user=other_reader, comment=parent)
    repost_create(user=reader, article=article, quote="q")
    share_create(article=article, user=reader, channel="link")
    reward_create(giver=reader, article=article, points=7)
    reward_create(giver=other_reader, comment=parent, points=3)
    return article


def test_no_drift_after_the_services_wrote_everything(busy_article):
    report = drift(run())

    assert len(report) == 12  # 11 counters and the ledger pairs
    assert set(report.values()) == {0}
    assert "total: 0 rows off" in run("--check")


def test_drift_is_reported_per_counter_and_fixed(busy_article, reader):
    parent = Comment.objects.get(parent__isnull=True)
    Article.objects.filter(pk=busy_article.pk).update(comment_count=99, like_count=0, reward_points=1)
    Comment.objects.filter(pk=parent.pk).update(reply_count=5)
    User.objects.filter(pk=reader.pk).update(points_balance=1000)

    report = drift(run())
    assert report["article.comment_count"] == 1
    assert report["article.like_count"] == 1
    assert report["article.reward_points"] == 1
    assert report["comment.reply_count"] == 1
    assert report["user.points_balance"] == 1
    assert report["article.share_count"] == 0

    assert "fixed: 5 rows" in run("--fix")
    assert set(drift(run()).values()) == {0}
    busy_article.refresh_from_db()
    assert (busy_article.comment_count, busy_article.like_count, busy_article.reward_points) == (3, 1, 7)
    assert Comment.objects.get(pk=parent.pk).reply_count == 1
    assert User.objects.get(pk=reader.pk).points_balance == 96  # 100 - 7 given + 3 received


def test_check_fails_on_drift_and_on_a_reward_missing_half_its_ledger_pair(busy_article, reader):
    User.objects.filter(pk=reader.pk).update(points_balance=1000)
    with pytest.raises(CommandError, match="1 rows off"):
        run("--check")
    run("--fix")
    assert "total: 0 rows off" in run("--check")

    entry = LedgerEntry.objects.filter(kind=LedgerEntryKind.REWARD_RECEIVED).first()
    # The recipient's balance follows, so only the pair is wrong, not the balance.
    User.objects.filter(pk=entry.user_id).update(points_balance=entry.user.points_balance - entry.amount)
    entry.delete()

    report = drift(run())
    assert report["ledger.reward_pairs"] == 1
    assert report["user.points_balance"] == 0
    with pytest.raises(CommandError):
        run("--check")
