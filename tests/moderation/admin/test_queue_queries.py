"""The queue's first page costs the same number of SQL queries with 50 waiting items as with 5,000."""

import pytest
from django.utils import timezone

from board.models import Comment, ModerationState
from moderation.admin.queue import ReviewQueueAdmin
from moderation.models import Classification, ContentAction, Flag, FlagStatus, Report, ReviewItem
from moderation.services import report_create
from tests.factories import make_user
from tests.moderation.admin.conftest import ADVICE, SPAM, make_reader

pytestmark = pytest.mark.django_db

QUEUE = "/admin/moderation/reviewitem/"
# Session and user (2); the dashboard: waiting, decided today, the 30-day aggregate, the appeals (4); the moderator's
# permissions: their own and their groups' (2); the changelist: the items' count and the page of items with
# content, author and article joined (2); the page's flags, report reasons and authors' past decisions (3).
QUEUE_QUERIES = 13


def bulk_queue(*, article, authors, readers, count):
    """``count`` more held comments in the queue, each with a flag and a queue item shaped as screening writes
    them; every tenth one reported. Volume tests only: bulk-inserted."""
    now = timezone.now()
    comments = Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                author=authors[index % len(authors)],
                body=f"Load up on COIN{index} now, target {index} by Friday!",
                moderation_state=ModerationState.HELD,
            )
            for index in range(count)
        ]
    )
    # One classification row stands for the lot (its content is not what the page reads); one flag each,
    # the label that held the comment (screening also writes low ones, which the page shows the same way).
    classification = Classification.objects.create(
        content_kind="comment",
        object_id=comments[0].pk,
        revision=1,
        model_version="bulk",
        scores={"spam": {"score": 0.1, "level": "low"}, "financial_advice": {"score": 0.9, "level": "high"}},
        action=ContentAction.HOLD,
    )
    Flag.objects.bulk_create(
        [
            Flag(
                classification=classification,
                content_kind="comment",
                object_id=comment.pk,
                revision=1,
                label="financial_advice",
                score=0.9,
                level="high",
                evidence=["model:0.90", "rule:advice.directive_now('load up on coin now')"],
                model_version="bulk",
                action=ContentAction.HOLD,
                status=FlagStatus.OPEN,
            )
            for comment in comments
        ]
    )
    ReviewItem.objects.bulk_create(
        [
            ReviewItem(
                content_kind="comment",
                comment=comment,
                revision=1,
                risk=round(0.5 + (index % 50) / 100, 2),
                reasons=["financial_advice:high"],
                summary={
                    "financial_advice": {"score": 0.9, "level": "high"},
                    "spam": {"score": 0.1, "level": "low"},
                },
                opened_at=now,
                report_count=1 if index % 10 == 0 else 0,
            )
            for index, comment in enumerate(comments)
        ]
    )
    Report.objects.bulk_create(
        [
            Report(reader=readers[index % len(readers)], comment=comment, reason="financial_advice")
            for index, comment in enumerate(comments)
            if index % 10 == 0
        ]
    )


@pytest.fixture
def real_items(post, author, spammer):
    """A held advice comment, hidden spam and a reported comment, through the services."""
    post(author, ADVICE)
    post(spammer, SPAM)
    visible = post(make_reader("Reader Vi"), "Solid quarter, the guidance looks conservative to me.")
    report_create(reader=make_user(), comment=visible, reason="other")


@pytest.mark.parametrize("waiting", [50, 5000])
def test_the_first_page_costs_the_same_queries_at_any_queue_length(
    waiting, mod_client, article, real_items, django_assert_num_queries
):
    authors = [make_user() for _ in range(5)]
    readers = [make_user() for _ in range(3)]
    bulk_queue(article=article, authors=authors, readers=readers, count=waiting - 3)
    assert ReviewItem.objects.filter(status="open").count() == waiting

    with django_assert_num_queries(QUEUE_QUERIES):
        response = mod_client.get(QUEUE)

    assert response.status_code == 200
    page = response.context["cl"].result_list
    assert len(page) == ReviewQueueAdmin.list_per_page
    assert [item.risk for item in page] == sorted((item.risk for item in page), reverse=True)
    assert response.context["dashboard"].waiting == waiting
    html = response.content.decode()
    assert "rule:advice.directive_now" in html


def test_filters_and_search_cost_no_more_queries(
    mod_client, article, real_items, django_assert_max_num_queries
):
    bulk_queue(article=article, authors=[make_user()], readers=[make_user()], count=60)

    for query in (
        "?label=financial_advice&state=held",
        "?report=financial_advice",
        "?why=reports",
        "?q=COIN1",
    ):
        with django_assert_max_num_queries(QUEUE_QUERIES):
            response = mod_client.get(QUEUE + query)
        assert response.status_code == 200, query
