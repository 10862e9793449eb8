"""The audit log in the admin (filters, CSV export) and the queue's dashboard (numbers and chart)."""

import csv
import io

import pytest
from django.utils import timezone

from moderation.admin.charts import drift_chart
from moderation.selectors import moderation_dashboard
from moderation.services import review_decide
from tests.factories import make_user

pytestmark = pytest.mark.django_db

AUDIT = "/admin/moderation/auditlogentry/"


@pytest.fixture
def decided(held_advice, hidden_spam, moderator):
    """Screening flagged two comments; the moderator upheld the advice label and overturned the spam one."""
    review_decide(
        moderator=moderator, comment=held_advice, decision="remove", label="financial_advice", reason="=1+1"
    )
    review_decide(moderator=moderator, comment=hidden_spam, decision="approve", reason="a real group")
    return held_advice, hidden_spam


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(body)))


def listed(client, query=""):
    response = client.get(AUDIT + query)
    assert response.status_code == 200, query
    return [entry.action for entry in response.context["cl"].result_list]


def test_the_audit_log_lists_automatic_and_human_decisions_with_filters(mod_client, moderator, decided):
    advice, _spam = decided

    everything = listed(mod_client)
    assert {"screening.hold", "screening.hide", "review.remove", "review.approve"} <= set(everything)
    by_workers = set(listed(mod_client, "?actor_kind=worker:"))
    assert {"screening.hold", "screening.hide"} <= by_workers  # and the trust the spam hide lowered
    assert not any(action.startswith("review.") for action in by_workers)
    assert set(listed(mod_client, f"?actor_id={moderator.pk}")) >= {"review.remove", "review.approve"}
    assert set(listed(mod_client, "?action_family=review.")) == {"review.remove", "review.approve"}
    assert set(listed(mod_client, f"?target_kind=comment&target_id={advice.pk}")) == {
        "screening.hold",
        "review.remove",
    }
    assert set(listed(mod_client, "?q=real+group")) == {"review.approve"}
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert listed(mod_client, "?" + f"created_at__gte={today.isoformat()}".replace("+", "%2B")) == everything


def test_the_csv_export_streams_the_filtered_view(mod_client, moderator, decided):
    rows = csv_rows(mod_client.get(AUDIT + "export/?action_family=review."))

    assert [row["action"] for row in rows] == ["review.approve", "review.remove"]  # newest first
    assert {row["actor_id"] for row in rows} == {str(moderator.pk)}
    removal = rows[1]
    assert removal["reason"] == "'=1+1"  # a formula to a spreadsheet: neutralised
    assert '"label": "financial_advice"' in removal["extra"]


def test_the_csv_export_of_selected_entries(mod_client, decided):
    from moderation.models import AuditLogEntry

    chosen = AuditLogEntry.objects.filter(action="review.approve")
    response = mod_client.post(
        AUDIT, {"action": "export_selected_csv", "_selected_action": [e.pk for e in chosen], "index": "0"}
    )

    assert [row["action"] for row in csv_rows(response)] == ["review.approve"]


def test_the_export_needs_the_view_permission(client, decided):
    client.force_login(make_user(is_staff=True))

    assert client.get(AUDIT + "export/").status_code == 403


@pytest.mark.sqlite  # date truncation differs by backend
def test_the_dashboard_counts_waiting_decided_actions_and_overturns(
    decided, post, author, django_assert_num_queries
):
    post(author, "Load up on SOL now before Friday, last chance, trust me!")  # one more waiting

    with django_assert_num_queries(4):  # waiting, decided today, the 30-day aggregate, appeals
        dashboard = moderation_dashboard()

    assert dashboard.waiting == 1
    assert dashboard.decided_today == 2
    by_label = {drift.label: drift for drift in dashboard.labels}
    assert (by_label["spam"].actions, by_label["spam"].overturned, by_label["spam"].upheld) == (1, 1, 0)
    advice = by_label["financial_advice"]
    assert (advice.actions, advice.overturned, advice.upheld) == (2, 0, 1)
    assert by_label["spam"].overturned_share == 1.0 and advice.overturned_share == 0.0
    assert len(advice.days) == 30 and advice.days[-1] == (timezone.localdate(), 2, 0)
    assert sum(actions for _day, actions, _overturned in advice.days[:-1]) == 0


def test_the_chart_is_an_svg_with_a_bar_per_day_and_no_script(decided):
    chart = str(drift_chart(moderation_dashboard()))

    assert chart.startswith("<svg") and chart.endswith("</svg>")
    assert chart.count("<rect") == 60  # two labels, 30 days
    assert f"{timezone.localdate():%Y-%m-%d}: 1 automatic actions, 1 overturned (100%)" in chart
    assert "<script" not in chart and "style=" not in chart
