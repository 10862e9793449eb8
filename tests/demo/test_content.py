"""The demo data itself (no database): the shape issue 13 asks for, and a tree the loader can write."""

import pytest
from django.conf import settings

from demo import content

pytestmark = pytest.mark.sqlite

MAIN = next(article for article in content.ARTICLES if article.slug == content.MAIN_ARTICLE_SLUG)
READERS = {reader.key: reader for reader in [*content.READERS, content.SPAMMER]}


def depth(article, item) -> int:
    parents = {comment.key: comment.parent for comment in article.comments}
    level, key = 0, item.parent
    while key is not None:
        level, key = level + 1, parents[key]
    return level


def test_the_main_article_has_a_discussion_worth_opening():
    published = [item for item in MAIN.comments if item.expect != "held"]
    top_level = [item for item in published if item.parent is None]

    assert 38 <= len(published) <= 45
    # More than one page at the default size, so "View More" has something to load.
    assert len(top_level) >= 25 > settings.BOARD_COMMENT_PAGE_SIZE
    # Deeper than the page previews, and a comment with more replies than previewed: "View N more replies".
    assert max(depth(MAIN, item) for item in published) > settings.BOARD_REPLY_PREVIEW_DEPTH
    replies = [sum(1 for other in published if other.parent == item.key) for item in published]
    assert max(replies) > settings.BOARD_REPLY_PREVIEW_COUNT
    assert len(MAIN.rewards) == 11
    assert MAIN.reposts and MAIN.shares and MAIN.pinned


def test_every_article_has_comments_spread_over_hours_and_replies_come_after_their_parent():
    for article in content.ARTICLES:
        times = {item.key: item.minutes_ago for item in article.comments}
        assert max(times.values()) - min(times.values()) >= 3 * 60, article.slug
        assert max(times.values()) < article.hours_ago * 60, article.slug
        for item in article.comments:
            assert item.parent is None or times[item.parent] > item.minutes_ago, item.key
    assert [article.language for article in content.ARTICLES].count("zh") == 1


def test_readers_are_established_except_the_spammer_and_keys_are_unique():
    keys = [item.key for article in content.ARTICLES for item in article.comments]
    assert len(keys) == len(set(keys))
    for reader in content.READERS:
        assert reader.trust_level >= 1 and reader.joined_days_ago >= 30, reader
    assert content.SPAMMER.trust_level == 0 and content.SPAMMER.joined_days_ago < 1
    authors = {item.author for article in content.ARTICLES for item in article.comments}
    assert authors <= set(READERS)


def test_the_review_queue_gets_one_of_each_kind():
    queued = {
        item.key: item
        for article in content.ARTICLES
        for item in article.comments
        if item.expect != "visible"
    }
    assert sorted(item.expect for item in queued.values()) == ["held", "held", "notice"]
    assert any("t.me/" in item.text for item in queued.values())
    assert any("Buy now before earnings" in item.text for item in queued.values())
    reported = {key for key, *_ in content.REPORTS}
    assert len(reported) == 1 and len({reader for _key, reader, *_ in content.REPORTS}) == 3
