import pytest

from board.exceptions import ApplicationError, Conflict
from board.models import Article, Comment, LedgerEntry, LedgerEntryKind, Reward, User
from board.services import reward_create
from tests.factories import make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def balance(user):
    return User.objects.get(pk=user.pk).points_balance


def test_reward_an_article_moves_points_with_two_ledger_entries(article, reader, news_bot):
    reward, replayed = reward_create(giver=reader, article=article, points=30)

    assert not replayed
    assert (reward.recipient_id, reward.points, reward.balance_after) == (news_bot.pk, 30, 70)
    assert (balance(reader), balance(news_bot)) == (70, 130)
    sent, received = (
        LedgerEntry.objects.get(reward=reward, kind=LedgerEntryKind.REWARD_SENT),
        LedgerEntry.objects.get(reward=reward, kind=LedgerEntryKind.REWARD_RECEIVED),
    )
    assert (sent.user_id, sent.amount, sent.balance_after) == (reader.pk, -30, 70)
    assert (received.user_id, received.amount, received.balance_after) == (news_bot.pk, 30, 130)
    article = Article.objects.get(pk=article.pk)
    assert (article.reward_count, article.reward_points) == (1, 30)


def test_reward_a_comment_counts_on_the_comment(article, reader, other_reader):
    comment = make_comment(article=article, author=other_reader)

    reward_create(giver=reader, comment=comment, points=5)
    reward_create(giver=reader, comment=comment, points=7)

    comment = Comment.objects.get(pk=comment.pk)
    assert (comment.reward_count, comment.reward_points) == (2, 12)
    assert Article.objects.get(pk=article.pk).reward_count == 0
    assert balance(other_reader) == 112


def test_the_whole_balance_can_be_given_but_not_more(article, reader):
    reward_create(giver=reader, article=article, points=100)

    with pytest.raises(Conflict) as error:
        reward_create(giver=reader, article=article, points=1)

    assert error.value.code == "insufficient_points"
    assert balance(reader) == 0
    assert Reward.objects.count() == 1


@pytest.mark.parametrize("points", [0, -1, 10_001, 1.5, "10", True, None])
def test_points_must_be_a_whole_number_from_1_to_10000(article, reader, points):
    with pytest.raises(ApplicationError) as error:
        reward_create(giver=reader, article=article, points=points)

    assert "points" in error.value.fields
    assert balance(reader) == 100


def test_no_self_reward(reader):
    from tests.factories import make_article

    own = make_comment(article=make_article(), author=reader)
    with pytest.raises(ApplicationError) as error:
        reward_create(giver=reader, comment=own, points=1)

    assert error.value.code == "self_reward"


def test_exactly_one_target(article, reader):
    comment = make_comment(article=article, author=reader)
    with pytest.raises(ApplicationError):
        reward_create(giver=reader, points=1)
    with pytest.raises(ApplicationError):
        reward_create(giver=reader, article=article, comment=comment, points=1)


def test_the_same_idempotency_key_returns_the_first_reward_and_moves_nothing(article, reader):
    first, replayed_first = reward_create(giver=reader, article=article, points=10, idempotency_key="k-1")
    second, replayed_second = reward_create(giver=reader, article=article, points=10, idempotency_key="k-1")

    assert (replayed_first, replayed_second) == (False, True)
    assert second.pk == first.pk and second.balance_after == first.balance_after == 90
    assert balance(reader) == 90


def test_the_same_key_with_another_body_is_a_conflict(article, reader):
    reward_create(giver=reader, article=article, points=10, idempotency_key="k-2")

    with pytest.raises(Conflict) as error:
        reward_create(giver=reader, article=article, points=11, idempotency_key="k-2")

    assert error.value.code == "idempotency_key_reused"
    assert balance(reader) == 90


def test_keys_are_per_giver(article, reader, other_reader):
    reward_create(giver=reader, article=article, points=10, idempotency_key="shared")
    _reward, replayed = reward_create(
        giver=other_reader, article=article, points=10, idempotency_key="shared"
    )

    assert not replayed
    assert Reward.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 129, "has space", "ключ"])
def test_malformed_idempotency_keys_are_refused(article, reader, key):
    with pytest.raises(ApplicationError) as error:
        reward_create(giver=reader, article=article, points=1, idempotency_key=key)

    assert "idempotency_key" in error.value.fields
