"""Races: many real threads hit the same rows at once, through the API (each thread its own client and its
own database connection, released at the end). Counters must equal their rows afterwards, points must be
conserved, and no request may fail. Runs on PostgreSQL and, with ``make test``'s second pass, on SQLite
(immediate transactions and a busy timeout: writers queue instead of failing with "database is locked").
"""

import random
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from board import services
from board.counters import counters_drift
from board.models import Article, ArticleLike, Comment, CommentLike, LedgerEntry, Repost, Reward, User
from tests.factories import client_for, make_article, make_comment, make_user

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite, pytest.mark.django_db(transaction=True)]


def run_concurrently(count: int, work: Callable[[int], object]) -> list:
    """Run ``work(index)`` in ``count`` threads released together; return their results in order.

    Each thread closes its database connection when done (Django opens one per thread). An exception in a
    thread is returned as its result, and fails the test where results are checked.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as exc:  # reported through the results
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results


def no_errors(results: list) -> bool:
    errors = [f"{type(result).__name__}: {result}" for result in results if isinstance(result, Exception)]
    assert not errors, f"{len(errors)} of {len(results)} requests raised, e.g. {errors[0]}"
    return True


def assert_no_drift() -> None:
    assert counters_drift() == dict.fromkeys(counters_drift(), 0)


def test_fifty_concurrent_rewards_with_one_idempotency_key(record_figure):
    giver, article = make_user(display_name="Giver Gil"), make_article()
    clients = [client_for(giver) for _ in range(50)]
    url = f"/api/v1/articles/{article.pk}/rewards/"

    def reward(index: int):
        response = clients[index].post(url, {"points": 7}, format="json", HTTP_IDEMPOTENCY_KEY="tip-2f9c")
        return response.status_code, response.json()

    started = time.monotonic()
    results = run_concurrently(50, reward)
    elapsed = time.monotonic() - started
    assert no_errors(results)
    statuses = Counter(status for status, _ in results)
    first = next(body for status, body in results if status == 201)

    assert statuses[201] == 1
    assert statuses[200] + statuses[409] == 49
    assert all(body == first for status, body in results if status == 200)  # identical replays
    rewards = Reward.objects.filter(giver=giver)
    assert rewards.count() == 1
    assert LedgerEntry.objects.filter(reward__in=rewards).count() == 2
    assert User.objects.get(pk=giver.pk).points_balance == 100 - 7
    assert Article.objects.get(pk=article.pk).reward_points == 7
    assert_no_drift()

    other_body = clients[0].post(url, {"points": 8}, format="json", HTTP_IDEMPOTENCY_KEY="tip-2f9c")
    assert other_body.status_code == 409
    assert other_body.json()["code"] == "idempotency_key_reused"
    assert Reward.objects.filter(giver=giver).count() == 1
    record_figure(
        f"50 concurrent rewards, one Idempotency-Key ({connection.vendor})",
        f"1 reward, 1 ledger pair; {statuses[201]}x201, {statuses[200]} identical 200 replays, "
        f"{statuses[409]}x409; same key with another body 409; {elapsed:.2f} s",
    )


def test_twenty_readers_reward_one_article_twenty_five_times_each(record_figure):
    article = make_article()
    author_id = article.author_id
    readers = [make_user() for _ in range(20)]
    clients = [client_for(reader) for reader in readers]
    plans = [[random.Random(index * 31 + step).randint(1, 4) for step in range(25)] for index in range(20)]
    url = f"/api/v1/articles/{article.pk}/rewards/"
    balance_before = User.objects.get(pk=author_id).points_balance

    def reward_many(index: int) -> list[int]:
        return [
            clients[index].post(url, {"points": points}, format="json").status_code for points in plans[index]
        ]

    started = time.monotonic()
    results = run_concurrently(20, reward_many)
    elapsed = time.monotonic() - started
    total = sum(map(sum, plans))

    assert results == [[201] * 25] * 20, results  # no "database is locked", no lost request
    article.refresh_from_db()
    assert Reward.objects.filter(article=article).count() == 500
    assert (article.reward_count, article.reward_points) == (500, total)
    assert User.objects.get(pk=author_id).points_balance == balance_before + total
    for reader, plan in zip(readers, plans, strict=True):
        assert User.objects.get(pk=reader.pk).points_balance == 100 - sum(plan)
    assert LedgerEntry.objects.filter(reward__article=article).count() == 1000
    assert_no_drift()
    record_figure(
        f"20 readers x 25 rewards on one article ({connection.vendor})",
        f"count 500, total {total} = sum of the 500 rewards, counter drift 0, 500/500 answered 201 "
        f"in {elapsed:.1f} s ({500 / elapsed:.0f} rewards/s)",
    )


def test_one_hundred_concurrent_reposts_by_one_reader(record_figure):
    reader, article = make_user(display_name="Reposter Rae"), make_article()
    clients = [client_for(reader) for _ in range(100)]
    url = f"/api/v1/articles/{article.pk}/repost/"

    def repost(index: int) -> int:
        return clients[index].post(url, {"quote": "Worth reading twice."}, format="json").status_code

    results = run_concurrently(100, repost)

    assert Counter(results) == {201: 1, 200: 99}, Counter(results)
    assert Repost.objects.filter(article=article, user=reader).count() == 1
    assert Article.objects.get(pk=article.pk).repost_count == 1
    assert_no_drift()
    record_figure(
        f"100 concurrent reposts by one reader ({connection.vendor})",
        "1 row, repost_count +1 (1x201, 99x200)",
    )


def test_two_thousand_random_likes_and_unlikes_from_twenty_threads(record_figure):
    """Through the services (the API adds only parsing here), so 2,000 operations take seconds."""
    article = make_article()
    author = make_user(display_name="Commenter Cal")
    comments = [make_comment(article=article, author=author) for _ in range(5)]
    readers = [make_user() for _ in range(20)]
    targets = [("article", article)] + [("comment", comment) for comment in comments]
    actions = {
        ("article", True): lambda user, target: services.article_like(user=user, article=target),
        ("article", False): lambda user, target: services.article_unlike(user=user, article=target),
        ("comment", True): lambda user, target: services.comment_like(user=user, comment=target),
        ("comment", False): lambda user, target: services.comment_unlike(user=user, comment=target),
    }

    def like_and_unlike(index: int) -> dict[int, bool]:
        rng = random.Random(index)
        liked: dict[int, bool] = {}
        for _ in range(100):
            position = rng.randrange(len(targets))
            kind, target = targets[position]
            like = rng.random() < 0.55
            actions[kind, like](readers[index], target)
            liked[position] = like
        return liked

    started = time.monotonic()
    results = run_concurrently(20, like_and_unlike)
    elapsed = time.monotonic() - started

    assert no_errors(results)
    expected = [sum(result.get(position, False) for result in results) for position in range(len(targets))]
    assert Article.objects.get(pk=article.pk).like_count == expected[0]
    assert ArticleLike.objects.filter(article=article).count() == expected[0]
    for position, comment in enumerate(comments, start=1):
        assert Comment.objects.get(pk=comment.pk).like_count == expected[position]
        assert CommentLike.objects.filter(comment=comment).count() == expected[position]
    assert_no_drift()
    record_figure(
        f"2,000 random like/unlike operations from 20 threads ({connection.vendor})",
        f"every counter equals its rows (6 targets: {expected}), drift 0; {elapsed:.1f} s "
        f"({2000 / elapsed:.0f} ops/s)",
    )
