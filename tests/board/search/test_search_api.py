"""GET /api/v1/search/: results, paging, 400s with field errors (never a 500), query counts, throttling."""

import pytest
from django.core.cache import cache
from django.db import connection

from board import search
from tests.factories import client_for, make_comment

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]

URL = "/api/v1/search/"
# Anonymous: the one search query (the throttle counts in the cache), on PostgreSQL after the statement's
# planner cost (``SET LOCAL``). Signed in: + the token's user.
SEARCH_QUERIES_ANONYMOUS = 2 if connection.vendor == "postgresql" else 1
SEARCH_QUERIES_SIGNED_IN = SEARCH_QUERIES_ANONYMOUS + 1


@pytest.fixture
def thread(article, reader):
    return [
        make_comment(article=article, author=reader, body=f"Copper <b>note</b> number {i} about copper")
        for i in range(5)
    ]


def test_comments_are_found_with_excerpts_and_links(thread, article):
    response = client_for(None).get(URL, {"q": "copper"})
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert [item["id"] for item in body["results"]] == [c.pk for c in reversed(thread)]
    first = body["results"][0]
    assert first["type"] == "comment" and first["title"] is None
    assert first["url"].endswith(f"/comments/{thread[-1].pk}/")
    assert (
        first["excerpt"] == "<mark>Copper</mark> &lt;b&gt;note&lt;/b&gt; number 4 about <mark>copper</mark>"
    )
    assert first["author"] == {"display_name": "Reader Ann"}
    assert first["article"]["id"] == article.pk and first["article"]["url"].endswith(
        article.get_absolute_url()
    )


def test_articles_are_found(article):
    response = client_for(None).get(URL, {"q": article.title.split()[0], "type": "articles"})
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert result["type"] == "article" and result["id"] == article.pk
    assert "<mark>" in result["title"] and result["article"] is None


def test_pages_follow_next(thread):
    client = client_for(None)
    first = client.get(URL, {"q": "copper", "page_size": 2}).json()
    second = client.get(first["next"]).json()
    ids = [item["id"] for item in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * (search.SEARCH_QUERY_MAX_LENGTH + 1)}, "q"),
        ({"q": "copper", "type": "users"}, "type"),
        ({"q": "copper", "cursor": "garbage"}, "cursor"),
        ({"q": "copper", "cursor": "x" * 2000}, "cursor"),
        ({"q": "copper", "page_size": "0"}, "page_size"),
        ({"q": "copper", "page_size": "many"}, "page_size"),
        ({"q": "copper", "page_size": str(search.SEARCH_PAGE_SIZE_MAX + 1)}, "page_size"),
    ],
)
def test_bad_input_is_a_400_on_its_field(params, field):
    response = client_for(None).get(URL, params)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


@pytest.mark.parametrize("q", ["\x00", "a\x00b", "%", "'", "\\", "<script>", "股", "!!!"])
def test_odd_queries_are_answered(q, thread):
    assert client_for(None).get(URL, {"q": q}).status_code in (200, 400)


def test_a_search_costs_a_fixed_number_of_queries(thread, reader, django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(SEARCH_QUERIES_ANONYMOUS):
        assert client_for(None).get(URL, {"q": "copper"}).status_code == 200
    client = client_for(reader)
    with django_assert_num_queries(SEARCH_QUERIES_SIGNED_IN):
        assert client.get(URL, {"q": "copper", "type": "articles"}).status_code == 200


@pytest.fixture
def search_rates(monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**ScopedRateThrottle.THROTTLE_RATES, "search": "3/min", "search_anonymous": "2/min"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()


@pytest.mark.usefixtures("search_rates")
def test_searches_are_throttled_anonymous_and_signed_in(reader):
    anonymous = [client_for(None).get(URL, {"q": "x"}).status_code for _ in range(3)]
    signed_in = client_for(reader)
    statuses = [signed_in.get(URL, {"q": "x"}).status_code for _ in range(4)]
    assert anonymous == [200, 200, 429]
    assert statuses == [200, 200, 200, 429]
    throttled = signed_in.get(URL, {"q": "x"})
    assert int(throttled["Retry-After"]) > 0 and throttled.json()["code"] == "throttled"


def test_the_schema_documents_search():
    schema = client_for(None).get("/api/schema/?format=json")
    operation = schema.json()["paths"]["/api/v1/search/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "type", "cursor", "page_size"} <= names
    assert {"200", "400", "429"} <= set(operation["responses"])
