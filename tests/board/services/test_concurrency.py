"""Real transactions racing on PostgreSQL: threads, each with its own connection, released together."""

import threading
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections

from board.exceptions import ApplicationError
from board.models import Article, Comment, LedgerEntry, Repost, Reward, User
from board.services import article_like, comment_like, repost_create, reward_create
from tests.factories import make_article, make_comment, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(count: int, work) -> list:
    """Run ``work(index)`` in ``count`` threads that start at the same moment; results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # reported to the test, not lost in the thread
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert connection.vendor == "postgresql"
    return results


def assert_no_drift() -> None:
    out = StringIO()
    call_command("counters_recompute", stdout=out)
    assert "total: 0 rows off" in out.getvalue(), out.getvalue()


def test_50_rewards_from_a_balance_that_covers_20(settings):
    settings.BOARD_STARTING_POINTS = 100
    giver, author = make_user(), make_user()
    article = make_article(author=make_user(is_staff=True))
    comment = make_comment(article=article, author=author)

    results = race(50, lambda _i: reward_create(giver=giver, comment=comment, points=5))

    outcomes = Counter(type(r).__name__ if isinstance(r, Exception) else "ok" for r in results)
    assert outcomes == {"ok": 20, "Conflict": 30}
    assert all(r.code == "insufficient_points" for r in results if isinstance(r, ApplicationError))
    assert Reward.objects.count() == 20
    assert User.objects.get(pk=giver.pk).points_balance == 0
    assert User.objects.get(pk=author.pk).points_balance == 200
    assert LedgerEntry.objects.filter(user=giver, kind="reward_sent").count() == 20
    comment = Comment.objects.get(pk=comment.pk)
    assert (comment.reward_count, comment.reward_points) == (20, 100)
    assert_no_drift()


def test_50_readers_like_at_once():
    article = make_article(author=make_user(is_staff=True))
    comment = make_comment(article=article, author=make_user())
    readers = [make_user() for _ in range(50)]

    results = race(
        50,
        lambda i: (
            article_like(user=readers[i], article=article),
            comment_like(user=readers[i], comment=comment),
        ),
    )

    assert results == [(True, True)] * 50
    assert Article.objects.get(pk=article.pk).like_count == 50
    assert Comment.objects.get(pk=comment.pk).like_count == 50
    assert_no_drift()


def test_one_reader_likes_50_times_at_once():
    article = make_article(author=make_user(is_staff=True))
    reader = make_user()

    results = race(50, lambda _i: article_like(user=reader, article=article))

    assert sorted(results) == [False] * 49 + [True]
    assert Article.objects.get(pk=article.pk).like_count == 1


def test_the_same_idempotency_key_10_times_at_once_moves_points_once():
    giver = make_user()
    article = make_article(author=make_user(is_bot=True))

    results = race(
        10, lambda _i: reward_create(giver=giver, article=article, points=30, idempotency_key="same-key")
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({reward.pk for reward, _replayed in results}) == 1
    assert sorted(replayed for _reward, replayed in results) == [False] + [True] * 9
    assert Reward.objects.count() == 1
    assert User.objects.get(pk=giver.pk).points_balance == 70
    assert_no_drift()


def test_100_reposts_by_one_reader_count_once():
    article = make_article(author=make_user(is_staff=True))
    reader = make_user()

    results = race(100, lambda i: repost_create(user=reader, article=article, quote=f"take {i % 3}"))

    assert not [r for r in results if isinstance(r, Exception)], results[:3]
    assert sum(created for _repost, created in results) == 1
    assert Repost.objects.count() == 1
    assert Article.objects.get(pk=article.pk).repost_count == 1
    assert_no_drift()
