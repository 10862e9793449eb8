"""POST /api/v1/comments/{id}/report/: readers report comments they can see, once each."""

import pytest
from rest_framework.throttling import ScopedRateThrottle

from moderation.models import Report
from tests.factories import client_for, make_user
from tests.moderation.helpers import HONEST, post_comment

# Also on the embedded SQLite default (make test runs `-m sqlite` there).
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def comment(article, reader, screen):
    comment = post_comment(article=article, author=reader, body=HONEST)
    screen(comment)
    return comment


def url(comment_id) -> str:
    return f"/api/v1/comments/{comment_id}/report/"


def test_first_report_is_201_and_a_repeat_200_with_the_same_report(comment, django_assert_num_queries):
    other = make_user()
    client = client_for(other)

    with django_assert_num_queries(14):
        first = client.post(url(comment.pk), {"reason": "spam", "text": "an ad"}, format="json")
    again = client.post(url(comment.pk), {"reason": "abuse"}, format="json")

    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["comment"] == comment.pk and body["reason"] == "spam" and body["text"] == "an ad"
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Report.objects.count() == 1


def test_anonymous_readers_must_sign_in(comment):
    response = client_for(None).post(url(comment.pk), {"reason": "spam"}, format="json")

    assert response.status_code == 401


def test_own_comment_is_400(comment, reader):
    response = client_for(reader).post(url(comment.pk), {"reason": "spam"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "own_comment"


def test_bad_input_is_400_with_field_errors(comment):
    client = client_for(make_user())

    missing = client.post(url(comment.pk), {}, format="json")
    unknown = client.post(url(comment.pk), {"reason": "boring"}, format="json")
    too_long = client.post(url(comment.pk), {"reason": "other", "text": "x" * 501}, format="json")

    assert [r.status_code for r in (missing, unknown, too_long)] == [400, 400, 400]
    assert not Report.objects.exists()


def test_unseen_and_missing_comments_are_404(article, newcomer):
    pending = post_comment(article=article, author=newcomer, body=HONEST)
    client = client_for(make_user())

    assert client.post(url(pending.pk), {"reason": "spam"}, format="json").status_code == 404
    assert client.post(url(999999), {"reason": "spam"}, format="json").status_code == 404
    assert client.post("/api/v1/comments/abc/report/", {"reason": "spam"}, format="json").status_code == 404


def test_moderators_may_report_what_they_see(article, newcomer, moderator):
    pending = post_comment(article=article, author=newcomer, body=HONEST)

    response = client_for(moderator).post(url(pending.pk), {"reason": "other"}, format="json")

    assert response.status_code == 201


def test_reports_are_throttled_per_reader(comment, article, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "report_write", "2/min")
    client = client_for(make_user())
    others = [post_comment(article=article, author=make_user(), body=f"{HONEST} {n}") for n in range(2)]

    statuses = [
        client.post(url(c.pk), {"reason": "spam"}, format="json").status_code for c in [comment, *others]
    ]

    assert statuses[:2] != [429, 429] and statuses[2] == 429
