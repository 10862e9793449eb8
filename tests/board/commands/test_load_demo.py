import pytest
from django.core.management import call_command

from board.demo import content
from board.models import Article, Comment, Disclaimer, LedgerEntry, User


def snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("email", "display_name")),
        "articles": list(Article.objects.values_list("slug", "comment_count")),
        "comments": sorted(Comment.objects.values_list("id", "parent_id", "body")),
        "disclaimers": list(Disclaimer.objects.values_list("key", "version", "is_default")),
        "ledger": LedgerEntry.objects.count(),
    }


@pytest.mark.sqlite
@pytest.mark.django_db
def test_load_demo_twice_leaves_the_same_rows():
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")

    assert snapshot() == first
    article = Article.objects.get(slug=content.ARTICLE_SLUG)
    assert article.author.is_bot
    assert article.disclaimer.key == content.DISCLAIMER_KEY
    assert article.comment_count == len(content.COMMENTS) == 12
    assert Comment.objects.filter(parent__isnull=False).count() == 7
    # Readers get generated display names.
    readers = User.objects.filter(is_bot=False)
    assert readers.count() == content.READER_COUNT
    assert all(
        name.startswith("User-") and len(name) == 13
        for name in readers.values_list("display_name", flat=True)
    )


@pytest.mark.django_db
def test_demo_comments_are_spread_over_the_last_hours():
    call_command("load_demo")
    times = sorted(Comment.objects.values_list("created_at", flat=True))

    assert (times[-1] - times[0]).total_seconds() > 4 * 3600
