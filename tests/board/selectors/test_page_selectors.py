"""Selectors added for the readers' pages: an article by slug, disclaimer versions, profiles."""

import pytest

from board.access import Viewer
from board.exceptions import NotFound
from board.models import Article, ModerationState
from board.selectors import (
    article_get_by_slug,
    disclaimer_get,
    repost_quote_shown,
    user_comment_page,
    user_get_by_display_name,
    user_repost_list,
)
from board.services import disclaimer_save, repost_create, repost_set_moderation_state
from tests.factories import make_article, make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_article_by_slug_hides_what_readers_may_not_see(
    article, reader, moderator, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert article_get_by_slug(viewer=Viewer(None), slug=article.slug) == article
    Article.objects.filter(pk=article.pk).update(moderation_state=ModerationState.HELD)

    with pytest.raises(NotFound):
        article_get_by_slug(viewer=Viewer(reader), slug=article.slug)
    with pytest.raises(NotFound):
        article_get_by_slug(viewer=Viewer(None), slug="missing")
    assert article_get_by_slug(viewer=Viewer(moderator), slug=article.slug) == article


def test_disclaimer_versions(article):
    key = article.disclaimer.key
    second = disclaimer_save(key=key, title="T", text="Second")

    assert disclaimer_get(key=key) == second
    assert disclaimer_get(key=key, version=1) == article.disclaimer
    with pytest.raises(NotFound):
        disclaimer_get(key=key, version=9)
    with pytest.raises(NotFound):
        disclaimer_get(key="missing")


def test_profile_reads(article, reader, other_reader, moderator):
    visible = make_comment(article=article, author=reader)
    pending = make_comment(article=article, author=reader, approve=False)
    hidden_article = make_article(title="Hidden")
    on_hidden = make_comment(article=hidden_article, author=reader)
    Article.objects.filter(pk=hidden_article.pk).update(moderation_state=ModerationState.HELD)
    repost, _ = repost_create(user=reader, article=article, quote="Pending quote")

    def comments(viewer_user):
        page = user_comment_page(viewer=Viewer(viewer_user), author=reader, cursor=None, page_size=10)
        return page.items

    assert user_get_by_display_name(display_name="READER ANN") == reader
    with pytest.raises(NotFound):
        user_get_by_display_name(display_name="Nobody")
    assert comments(reader) == [pending, visible]
    assert comments(other_reader) == [visible]
    assert comments(None) == [visible]
    assert comments(moderator) == [on_hidden, pending, visible]
    assert user_repost_list(viewer=Viewer(None), user=reader, limit=5) == [repost]
    assert not repost_quote_shown(repost, Viewer(other_reader))
    assert repost_quote_shown(repost, Viewer(reader)) and repost_quote_shown(repost, Viewer(moderator))
    repost_set_moderation_state(repost=repost, state=ModerationState.VISIBLE)
    assert repost_quote_shown(repost, Viewer(None))
