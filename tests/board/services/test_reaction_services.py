import pytest

from board.exceptions import ApplicationError
from board.models import Article, ArticleLike, CommentLike, ModerationState, Repost, Share
from board.services import (
    NEW_CONTENT_STATE,
    article_like,
    article_unlike,
    comment_like,
    comment_unlike,
    repost_create,
    repost_delete,
    repost_set_moderation_state,
    share_create,
    share_url,
)
from tests.factories import make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_article_like_is_one_per_reader_and_toggles(article, reader, other_reader):
    assert article_like(user=reader, article=article) is True
    assert article_like(user=reader, article=article) is False
    assert article_like(user=other_reader, article=article) is True
    article.refresh_from_db()
    assert article.like_count == 2 == ArticleLike.objects.count()

    assert article_unlike(user=reader, article=article) is True
    assert article_unlike(user=reader, article=article) is False
    article.refresh_from_db()
    assert article.like_count == 1


def test_comment_like_is_one_per_reader_and_toggles(article, reader, other_reader):
    comment = make_comment(article=article, author=reader)

    assert comment_like(user=other_reader, comment=comment) is True
    assert comment_like(user=other_reader, comment=comment) is False
    comment.refresh_from_db()
    assert comment.like_count == 1 == CommentLike.objects.count()
    assert comment_unlike(user=other_reader, comment=comment) is True
    assert comment_unlike(user=other_reader, comment=comment) is False
    comment.refresh_from_db()
    assert comment.like_count == 0


def test_repost_once_per_reader_quote_updates_and_undo(article, reader):
    repost, created = repost_create(user=reader, article=article, quote="  Worth reading  ")
    assert created and repost.quote == "Worth reading"
    assert repost.moderation_state == NEW_CONTENT_STATE

    again, created = repost_create(user=reader, article=article, quote="Changed my mind")
    assert not created and again.pk == repost.pk
    assert (again.quote, again.revision) == ("Changed my mind", 2)
    article.refresh_from_db()
    assert article.repost_count == 1 == Repost.objects.count()

    assert repost_delete(user=reader, article=article) is True
    assert repost_delete(user=reader, article=article) is False
    article.refresh_from_db()
    assert article.repost_count == 0


def test_repost_refuses_an_overlong_quote(article, reader):
    with pytest.raises(ApplicationError) as error:
        repost_create(user=reader, article=article, quote="q" * 1001)

    assert "quote" in error.value.fields
    assert not Repost.objects.exists()


def test_repost_quote_moderation_is_idempotent_and_moves_no_counter(article, reader):
    repost, _ = repost_create(user=reader, article=article, quote="Hmm")

    assert repost_set_moderation_state(repost=repost, state=ModerationState.REMOVED) is True
    assert repost_set_moderation_state(repost=repost, state=ModerationState.REMOVED) is False
    assert Article.objects.get(pk=article.pk).repost_count == 1
    with pytest.raises(ApplicationError):
        repost_set_moderation_state(repost=repost, state="gone")


def test_share_counts_every_event_and_checks_the_channel(article, reader):
    share_create(article=article, user=reader, channel="x")
    share_create(article=article, user=reader, channel="x")
    with pytest.raises(ApplicationError):
        share_create(article=article, user=reader, channel="myspace")

    article.refresh_from_db()
    assert article.share_count == 2 == Share.objects.count()


def test_share_url_is_canonical_with_the_referral_code(article, reader):
    url = share_url(article=article, user=reader, base_url="https://news.example.com/")

    assert url == f"https://news.example.com/articles/{article.slug}/?ref={reader.referral_code}"
    assert share_url(article=article, user=None, base_url="https://n.example") == (
        f"https://n.example/articles/{article.slug}/"
    )
