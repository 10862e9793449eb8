"""The review queue page: what a row shows, one-click and bulk decisions through the services (so audited),
filters and search, the content page, and escaping."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from board.services import comment_edit, repost_create
from moderation.models import AuditLogEntry, Flag, ReviewDecision, ReviewItem
from moderation.services import report_create
from tests.factories import make_article, make_comment, make_user
from tests.moderation.admin.conftest import ADVICE, SPAM, make_reader

pytestmark = pytest.mark.django_db

QUEUE = "/admin/moderation/reviewitem/"
DECIDE = "/admin/moderation/reviewitem/decide/"


def detail(comment):
    return f"/admin/moderation/reviewitem/content/comment/{comment.pk}/"


def decide(client, value, **fields):
    return client.post(DECIDE, {"decide": value, "next": QUEUE, **fields})


def row_ids(response):
    return [item.object_id for item in response.context["cl"].result_list]


# ---- what the page shows ------------------------------------------------------------------------------


def test_a_row_shows_text_article_author_scores_evidence_and_reports(mod_client, article, held_advice, post):
    reported = post(make_reader("Reader Cy"), "The CEO is a clown, honestly.")
    for reason in ("abuse", "abuse", "other"):
        report_create(reader=make_user(), comment=reported, reason=reason)

    response = mod_client.get(QUEUE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "BTC to 200k by March, load up now before it is too late!" in html
    assert article.title in html
    assert "Reader Ann" in html and "trust basic" in html and "past decisions: none" in html
    assert "rule:advice.directive_now" in html and "1.00" in html
    assert "3 reports" in html and "abusive or hateful &times;2" in html and "other &times;1" in html
    assert f'value="comment:{held_advice.pk}:approve"' in html
    assert f'name="reason-comment-{held_advice.pk}"' in html
    # The decisions form sits outside the changelist's form; Enter in a reason field submits nothing.
    assert '<button type="submit" name="decide" value="" disabled hidden>' in html


def test_highest_risk_first(mod_client, held_advice, post):
    reported = post(make_reader("Reader Cy"), "The CEO is a clown, honestly.")
    report_create(reader=make_user(), comment=reported, reason="abuse")

    assert row_ids(mod_client.get(QUEUE)) == [held_advice.pk, reported.pk]


def test_text_is_escaped(mod_client, post, author):
    comment = post(author, '<script>alert("x")</script> load up now before it is too late, buy BTC!')
    assert ReviewItem.objects.filter(comment=comment).exists()

    for url in (QUEUE, detail(comment)):
        html = mod_client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_dashboard_and_its_chart_are_on_the_page(mod_client, held_advice, hidden_spam):
    response = mod_client.get(QUEUE)

    dashboard = response.context["dashboard"]
    assert dashboard.waiting == 2
    html = response.content.decode()
    assert "<svg" in html and "automatic actions per day" in html.lower()
    assert "<script" not in html.split('id="content-main"')[1].split("</svg>")[0]


# ---- one click per item ---------------------------------------------------------------------------------


def test_approve_in_one_click(mod_client, moderator, held_advice):
    response = decide(mod_client, f"comment:{held_advice.pk}:approve")

    assert response.status_code == 302 and response["Location"] == QUEUE
    held_advice.refresh_from_db()
    assert held_advice.moderation_state == "visible"
    assert ReviewItem.objects.get(comment=held_advice).status == "resolved"
    assert AuditLogEntry.objects.filter(
        action="review.approve", actor=moderator, target_id=held_advice.pk
    ).exists()
    assert held_advice.pk not in row_ids(mod_client.get(QUEUE))


def test_remove_with_a_label_and_a_reason_the_author_sees(mod_client, moderator, hidden_spam, spammer):
    response = decide(
        mod_client,
        f"comment:{hidden_spam.pk}:remove",
        **{f"reason-comment-{hidden_spam.pk}": "Wallet phishing.", f"label-comment-{hidden_spam.pk}": "spam"},
    )

    assert response.status_code == 302
    hidden_spam.refresh_from_db()
    assert hidden_spam.moderation_state == "removed" and hidden_spam.removal_reason == "Wallet phishing."
    decision = ReviewDecision.objects.get(object_id=hidden_spam.pk)
    assert (decision.decision, decision.label, decision.labels, decision.moderator) == (
        "remove",
        "spam",
        {"spam": True},
        moderator,
    )
    assert (
        Flag.objects.get(object_id=hidden_spam.pk, content_kind="comment", label="spam").status == "confirmed"
    )
    entry = AuditLogEntry.objects.get(action="review.remove", target_id=hidden_spam.pk)
    assert entry.actor == moderator and entry.reason == "Wallet phishing."


def test_confirm_and_reject_labels_become_training_examples(mod_client, held_advice):
    decide(mod_client, f"comment:{held_advice.pk}:confirm_label:financial_advice")
    decide(mod_client, f"comment:{held_advice.pk}:reject_label:spam")

    labels = {d.label: d.labels for d in ReviewDecision.objects.filter(object_id=held_advice.pk)}
    assert labels == {"financial_advice": {"financial_advice": True}, "spam": {"spam": False}}
    held_advice.refresh_from_db()
    assert held_advice.moderation_state == "held"  # a label judgement leaves visibility to approve/remove


def test_silence_and_suspend_the_author(mod_client, moderator, hidden_spam, spammer):
    response = decide(mod_client, f"comment:{hidden_spam.pk}:silence:7d")
    assert response.status_code == 302
    spammer.refresh_from_db()
    assert timezone.now() + timedelta(days=6) < spammer.silenced_until < timezone.now() + timedelta(days=8)

    decide(
        mod_client, f"comment:{hidden_spam.pk}:suspend", **{f"reason-comment-{hidden_spam.pk}": "scam ring"}
    )
    spammer.refresh_from_db()
    assert not spammer.is_active
    assert AuditLogEntry.objects.get(action="user.silenced", target_id=spammer.pk).actor == moderator
    assert AuditLogEntry.objects.get(action="user.suspended", target_id=spammer.pk).reason == "scam ring"


def test_repeating_a_decision_changes_nothing_and_says_so(mod_client, held_advice):
    decide(mod_client, f"comment:{held_advice.pk}:approve")
    response = mod_client.post(
        DECIDE, {"decide": f"comment:{held_advice.pk}:approve", "next": QUEUE}, follow=True
    )

    assert "nothing changed (already approved)" in response.content.decode()
    assert AuditLogEntry.objects.filter(action="review.approve").count() == 1


def test_bad_requests_to_decide(mod_client, held_advice):
    assert mod_client.get(DECIDE).status_code == 405
    assert decide(mod_client, "comment:x:approve").status_code == 400
    assert decide(mod_client, f"comment:{held_advice.pk}:publish").status_code == 400
    assert decide(mod_client, f"nonsense:{held_advice.pk}:approve").status_code == 400
    response = mod_client.post(
        DECIDE, {"decide": f"comment:{held_advice.pk}:confirm_label:gossip"}, follow=True
    )
    assert "Unknown label" in response.content.decode()
    # An open redirect is not followed.
    response = mod_client.post(
        DECIDE, {"decide": f"comment:{held_advice.pk}:approve", "next": "https://evil.example/"}
    )
    assert response["Location"] == QUEUE


def test_staff_without_the_permissions_can_look_but_not_decide(client, held_advice):
    staff = make_user(is_staff=True)
    client.force_login(staff)

    assert decide(client, f"comment:{held_advice.pk}:approve").status_code == 403
    held_advice.refresh_from_db()
    assert held_advice.moderation_state == "held"


# ---- bulk actions ---------------------------------------------------------------------------------------


def bulk(client, action, items, **fields):
    return client.post(
        QUEUE, {"action": action, "_selected_action": [item.pk for item in items], "index": "0", **fields}
    )


def test_bulk_approve(mod_client, post, author):
    comments = [post(author, ADVICE + f" #{n}") for n in range(3)]

    response = bulk(mod_client, "approve_selected", ReviewItem.objects.all())

    assert response.status_code == 302
    assert {
        c.moderation_state for c in type(comments[0]).objects.filter(pk__in=[c.pk for c in comments])
    } == {"visible"}
    assert AuditLogEntry.objects.filter(action="review.approve").count() == 3


def test_bulk_remove_asks_for_a_reason_then_removes(mod_client, held_advice, hidden_spam):
    items = ReviewItem.objects.all()

    page = bulk(mod_client, "remove_selected", items)
    assert page.status_code == 200 and "Remove the selected items" in page.content.decode()

    response = bulk(mod_client, "remove_selected", items, apply="1", label="", reason="Off-topic promotion.")

    assert response.status_code == 302
    for comment in (held_advice, hidden_spam):
        comment.refresh_from_db()
        assert comment.moderation_state == "removed" and comment.removal_reason == "Off-topic promotion."
    assert AuditLogEntry.objects.filter(action="review.remove").count() == 2


def test_bulk_label_judgements(mod_client, held_advice, hidden_spam):
    bulk(mod_client, "reject_spam", ReviewItem.objects.filter(comment=held_advice))
    bulk(mod_client, "confirm_spam", ReviewItem.objects.filter(comment=hidden_spam))
    bulk(mod_client, "confirm_advice", ReviewItem.objects.filter(comment=held_advice))

    assert (
        Flag.objects.get(object_id=hidden_spam.pk, content_kind="comment", label="spam").status == "confirmed"
    )
    assert (
        Flag.objects.get(object_id=held_advice.pk, content_kind="comment", label="financial_advice").status
        == "confirmed"
    )
    assert ReviewDecision.objects.filter(decision__in=["confirm_label", "reject_label"]).count() == 3


def test_bulk_silence_and_suspend_authors(mod_client, held_advice, hidden_spam, author, spammer):
    items = ReviewItem.objects.all()
    assert bulk(mod_client, "silence_authors", items).status_code == 200  # the form first

    bulk(mod_client, "silence_authors", items, apply="1", duration="24h", reason="cool down")
    bulk(
        mod_client,
        "suspend_authors",
        ReviewItem.objects.filter(comment=hidden_spam),
        apply="1",
        reason="scam",
    )

    author.refresh_from_db()
    spammer.refresh_from_db()
    assert author.silenced_until and spammer.silenced_until and not spammer.is_active and author.is_active
    page = bulk(mod_client, "suspend_authors", items, apply="1", reason="")
    assert page.status_code == 200 and "This field is required" in page.content.decode()


# ---- filters and search -----------------------------------------------------------------------------------


@pytest.mark.sqlite  # JSON key lookups and casts differ by backend
def test_filters_and_search(mod_client, held_advice, hidden_spam, post):
    reported = post(make_reader("Reader Cy"), "The CEO is a clown, honestly.")
    report_create(reader=make_user(), comment=reported, reason="abuse")

    def ids(query):
        response = mod_client.get(QUEUE + query)
        assert response.status_code == 200, query
        return set(row_ids(response))

    assert ids("") == {held_advice.pk, hidden_spam.pk, reported.pk}
    assert ids("?label=financial_advice") == {held_advice.pk}
    assert ids("?label=spam") == {hidden_spam.pk}
    assert ids("?state=hidden") == {hidden_spam.pk}
    assert ids("?state=visible") == {reported.pk}
    assert ids("?report=abuse") == {reported.pk}
    assert ids("?report=spam") == set()
    assert ids("?why=reports") == {reported.pk}
    assert ids("?q=airdrop") == {hidden_spam.pk}
    assert ids("?q=Spammy") == {hidden_spam.pk}
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = urlencode({"opened_at__gte": str(midnight)})  # as the date filter's "Today" link writes it
    assert ids(f"?{today}") == {held_advice.pk, hidden_spam.pk, reported.pk}
    decide(mod_client, f"comment:{held_advice.pk}:approve")
    assert ids("?status=resolved") == {held_advice.pk}
    assert held_advice.pk in ids("?status=all")


# ---- the content page -----------------------------------------------------------------------------------


def test_the_content_page_shows_thread_history_flags_decisions_and_reports(
    mod_client, article, author, screen, moderator
):
    parent = make_comment(article=article, author=make_reader("Reader Bo"), body="Strong quarter overall.")
    comment = make_comment(article=article, author=author, parent=parent, body="Nice numbers.", approve=False)
    screen(comment)
    comment_edit(actor=author, comment=comment, body=ADVICE)
    screen(comment)
    reply = make_comment(article=article, author=author, parent=comment, body="Seriously, do not miss it.")
    decide(
        mod_client,
        f"comment:{comment.pk}:confirm_label:financial_advice",
        **{f"reason-comment-{comment.pk}": "clear call"},
    )

    response = mod_client.get(detail(comment))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Strong quarter overall." in html and "Seriously, do not miss it." in html  # parent and replies
    assert f"comment #{parent.pk}" in html and f"comment #{reply.pk}" in html
    assert "Nice numbers." in html and "2 (current)" in html  # edit history
    assert "rule:advice.directive_now" in html and "held for review" in html  # flags
    assert "clear call" in html and "confirm label" in html  # decisions
    assert "screening.hold" in html and "review.confirm_label" in html  # audit trail
    assert f'value="comment:{comment.pk}:approve"' in html


def test_item_and_comment_links_open_the_content_page(mod_client, held_advice):
    item = ReviewItem.objects.get(comment=held_advice)

    assert mod_client.get(f"/admin/moderation/reviewitem/{item.pk}/change/")["Location"] == detail(
        held_advice
    )
    assert mod_client.get(f"/admin/board/comment/{held_advice.pk}/change/")["Location"] == detail(held_advice)
    assert mod_client.get("/admin/moderation/reviewitem/content/comment/999999/").status_code == 302
    assert mod_client.get("/admin/moderation/reviewitem/content/gossip/1/").status_code == 400


def test_reposts_and_articles_in_the_queue(mod_client, article, screen, spammer, news_bot_author):
    repost, _ = repost_create(user=spammer, article=article, quote=SPAM)
    screen(repost, "repost")
    flagged = make_article(
        author=news_bot_author, title="Pump alert", body="Load up on PEPE now, guaranteed 10x, last chance!"
    )
    screen(flagged, "article")
    kinds = set(ReviewItem.objects.values_list("content_kind", flat=True))
    assert kinds == {"repost", "article"}

    response = mod_client.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Claim your airdrop" in html and "Pump alert" in html
    for kind, obj in (("repost", repost), ("article", flagged)):
        assert mod_client.get(f"/admin/moderation/reviewitem/content/{kind}/{obj.pk}/").status_code == 200

    decide(mod_client, f"repost:{repost.pk}:remove", **{f"label-repost-{repost.pk}": "spam"})
    decide(mod_client, f"article:{flagged.pk}:approve")
    repost.refresh_from_db()
    assert repost.moderation_state == "removed"
    assert set(ReviewItem.objects.values_list("status", flat=True)) == {"resolved"}
