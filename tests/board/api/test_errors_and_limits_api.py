"""Never a 500: malformed bodies, odd ids and throttled writes all get a clear 4xx."""

import pytest
from django.core.cache import cache

from tests.factories import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"body": "\\ud800"}',
        b'{"body": NaN}',
        b"\xff\xfe\x00",
        b'"just a string"',
        b"[1, 2, 3]",
        b"null",
    ],
)
def test_malformed_bodies_are_400(article, reader, raw):
    response = client_for(reader).generic(
        "POST", f"/api/v1/articles/{article.pk}/comments/", raw, content_type="application/json"
    )

    assert response.status_code == 400, response.content[:200]
    assert response.json()["code"]


def test_nul_characters_are_refused(article, reader):
    response = client_for(reader).post(
        f"/api/v1/articles/{article.pk}/comments/", {"body": "a\x00b"}, format="json"
    )

    assert response.status_code == 400


def test_form_encoded_bodies_are_415(article, reader):
    response = client_for(reader).post(f"/api/v1/articles/{article.pk}/comments/", {"body": "x"})

    assert response.status_code == 415


@pytest.fixture
def comment_write_rate(monkeypatch):
    """Two comment writes a minute. ScopedRateThrottle reads its rates once, at import, into a class
    attribute: patch that attribute (restored after the test) rather than the settings."""
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**ScopedRateThrottle.THROTTLE_RATES, "comment_write": "2/min"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()


@pytest.mark.usefixtures("comment_write_rate")
def test_writes_are_throttled_per_user_with_retry_after(article, reader, other_reader):
    client = client_for(reader)
    url = f"/api/v1/articles/{article.pk}/comments/"

    statuses = [client.post(url, {"body": "x"}, format="json").status_code for _ in range(3)]
    throttled = client.post(url, {"body": "x"}, format="json")
    other = client_for(other_reader).post(url, {"body": "x"}, format="json")
    reads = client.get(url)

    assert statuses == [201, 201, 429]
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    assert throttled.json()["code"] == "throttled"
    assert other.status_code == 201
    assert reads.status_code == 200
