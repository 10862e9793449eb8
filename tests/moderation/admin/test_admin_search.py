"""The admin's text search through the search indexes: the review queue (text, quote, article title, author
names), the comment and repost lists, the audit log; fragments, Chinese of two characters, every state."""

import pytest

from board.services import repost_create
from moderation.models import AuditAction, AuditLogEntry
from moderation.services import audit_log_record
from tests.factories import make_article
from tests.moderation.admin.conftest import SPAM, make_reader

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]

QUEUE = "/admin/moderation/reviewitem/"
COMMENTS = "/admin/board/comment/"
REPOSTS = "/admin/board/repost/"
AUDIT = "/admin/moderation/auditlogentry/"


def listed(client, url, q, **params):
    response = client.get(url, {"q": q, **params})
    assert response.status_code == 200, (url, q)
    return response.context["cl"]


def queue_ids(client, q, **params) -> set[int]:
    return {item.object_id for item in listed(client, QUEUE, q, **params).result_list}


@pytest.fixture
def queued(post, screen, article):
    sam, lin = make_reader("Spammy Sam"), make_reader("Lin Wei")
    spam = post(sam, SPAM + " Join t.me/freecoins")
    chinese = post(lin, "这个股票明天会涨，快买！ 加我 t.me/gupiao 领取内幕消息")
    story = make_article(title="Airdrop scams target Telegram users")
    repost, _created = repost_create(
        user=lin, article=story, quote="Fake airdrop, avoid the channel t.me/abcdef"
    )
    screen(repost, "repost")
    return {"spam": spam, "chinese": chinese, "repost": repost, "sam": sam, "lin": lin}


def test_the_queue_finds_text_fragments_names_and_chinese(mod_client, queued):
    spam, chinese = queued["spam"].pk, queued["chinese"].pk
    everything = queue_ids(mod_client, "", status="all")
    assert {spam, chinese} <= everything
    assert queue_ids(mod_client, "airdr", status="all") >= {spam}  # a fragment of a word
    assert spam in queue_ids(mod_client, "t.me/", status="all")
    assert chinese in queue_ids(mod_client, "t.me/", status="all")
    assert queue_ids(mod_client, "股票", status="all") == {chinese}  # two characters
    assert queue_ids(mod_client, "明天会涨", status="all") == {chinese}
    assert queue_ids(mod_client, "Spammy", status="all") == {spam}  # the author's display name
    assert queue_ids(mod_client, "spammy SAM", status="all") == {spam}  # every word, any case
    assert queue_ids(mod_client, "airdrop 股票", status="all") == set()
    assert queue_ids(mod_client, '"Spammy Sam"', status="all") == {spam}


def test_the_queue_search_keeps_filters_and_ordering(mod_client, queued):
    cl = listed(mod_client, QUEUE, "t.me/", status="all")
    risks = [item.risk for item in cl.result_list]
    assert risks == sorted(risks, reverse=True)
    assert cl.show_full_result_count is False
    assert not listed(mod_client, QUEUE, "t.me/", status="resolved").result_list


def test_the_comment_list_searches_text_and_author_in_every_state(mod_client, queued):
    cl = listed(mod_client, COMMENTS, "freecoins")
    assert [c.pk for c in cl.result_list] == [queued["spam"].pk]
    assert queued["spam"].moderation_state != "visible"  # held: moderators search every state
    by_name = {c.pk for c in listed(mod_client, COMMENTS, "Lin Wei").result_list}
    assert by_name == {queued["chinese"].pk}
    assert {c.pk for c in listed(mod_client, COMMENTS, "股票").result_list} == {queued["chinese"].pk}


def test_the_repost_list_searches_quotes(mod_client, queued):
    assert [r.pk for r in listed(mod_client, REPOSTS, "abcdef").result_list] == [queued["repost"].pk]
    assert [r.pk for r in listed(mod_client, REPOSTS, "t.me").result_list] == [queued["repost"].pk]


def test_the_audit_log_searches_actor_action_and_reason(mod_client, moderator, queued):
    audit_log_record(
        actor=moderator,
        action=AuditAction.REVIEW_REMOVE,
        target_kind="comment",
        target_id=queued["spam"].pk,
        reason="Crypto giveaway with a Telegram link",
    )
    found = listed(mod_client, AUDIT, "giveaway").result_list
    assert [entry.reason for entry in found] == ["Crypto giveaway with a Telegram link"]
    assert all("remove" in e.action for e in listed(mod_client, AUDIT, "review.remove").result_list)
    assert listed(mod_client, AUDIT, "review.remove giveaway").result_list
    assert not listed(mod_client, AUDIT, "nothing-like-this").result_list
    assert AuditLogEntry.objects.count() >= 1


def test_the_queue_search_follows_edits_and_renames(mod_client, queued):
    """PostgreSQL searches the queue's copy of the texts (``moderation/0007_queue_search``): an edited body,
    a renamed author and a retitled article are found by their new text, not by the old one."""
    from board.services import comment_edit, user_update
    from moderation.models import ReviewItem

    spam = queued["spam"]
    comment_edit(actor=queued["sam"], comment=spam, body="Now about kiwifruit only")
    assert queue_ids(mod_client, "kiwifruit", status="all") == {spam.pk}
    assert spam.pk not in queue_ids(mod_client, "freecoins", status="all")
    user_update(user=queued["sam"], display_name="Quiet Quentin")
    assert queue_ids(mod_client, "Quentin", status="all") == {spam.pk}
    assert not queue_ids(mod_client, "Spammy", status="all")
    story = queued["repost"].article
    ReviewItem.objects.create(content_kind="article", article=story, opened_at=spam.created_at)
    story.title = "Retitled: zebra bonds"
    story.save(update_fields=["title"])
    assert story.pk in queue_ids(mod_client, "zebra", status="all")


def test_the_queue_search_is_one_condition_per_word_on_the_queue(queued):
    from django.db import connection

    from moderation.admin.search import review_queue_search
    from moderation.models import ReviewItem

    sql = str(review_queue_search(ReviewItem.objects.all(), "t.me/ 股票").query)
    if connection.vendor == "postgresql":
        assert "board_comment" not in sql and "board_user" not in sql  # no join, no subquery
        assert sql.count("search_text") == 1 and "search_words" in sql


def test_long_lists_count_up_to_a_cap(mod_client, queued, monkeypatch):
    """The queue, comment and audit lists count at most ``count_max + 1`` rows (one ``LIMIT`` query) and then
    say "more than"; under the cap the count is exact."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from moderation.admin.paging import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "count_max", 2)
    with CaptureQueriesContext(connection) as queries:
        response = mod_client.get(QUEUE, {"status": "all"})
    cl = response.context["cl"]
    assert cl.result_count == 3 and cl.paginator.capped
    assert "more than 2 " in response.content.decode()
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"] and "LIMIT 3" in q["sql"]]
    assert len(counts) == 1
    monkeypatch.setattr(CappedCountPaginator, "count_max", 1000)
    cl = listed(mod_client, QUEUE, "t.me/", status="all")
    assert cl.result_count == 3 and not cl.paginator.capped
    comments = mod_client.get(COMMENTS, {"language": "zh"})
    assert comments.status_code == 200
    assert "more than" not in comments.content.decode()
