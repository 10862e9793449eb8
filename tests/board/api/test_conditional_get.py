"""Every GET of the API (walked from its OpenAPI schema) and every anonymous reading page answers with a strong
ETag, and the same request with ``If-None-Match: <that ETag>`` answers 304 with no body. Personal answers are
``private``, anonymous ones ``public``; both vary on the cookie (and the API on ``Authorization``)."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from board import services
from tests.factories import client_for, make_article, make_comment, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

# Values for the query parameters an operation requires (none today but search's ``q``).
REQUIRED_QUERY_VALUES = {"q": "markets", "type": "comments"}
# A reader's data export (the document, or its one-time download link) is ``no-store``: stamped with the time
# it was made, personal, and never to be kept by a cache, so there is nothing to revalidate.
NO_STORE = {"/api/v1/me/export/", "/api/v1/me/export/download/"}


@pytest.fixture
def world(db):
    article = make_article(title="Markets rally on rate cut hopes")
    reader = make_user(display_name="EtagReader")
    other = make_user(display_name="EtagOther")
    comment = make_comment(article=article, author=other, body="Markets look strong this week.")
    make_comment(article=article, author=reader, parent=comment, body="Agreed, markets are up.")
    services.repost_create(user=reader, article=article, quote="Worth a read.")
    services.mute_create(user=reader, display_name=other.display_name)
    return {"article": article, "comment": comment, "reader": reader, "other": other}


def get_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        if "get" in operations:
            yield path, operations["get"]


def concrete_url(path: str, operation: dict, world) -> str:
    ids = {"articles": world["article"].pk, "comments": world["comment"].pk}
    for collection, pk in ids.items():
        path = path.replace(f"/{collection}/{{id}}/", f"/{collection}/{pk}/")
    assert "{" not in path, f"no value for a path parameter of {path}"
    required = [
        parameter["name"]
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and parameter.get("required")
    ]
    query = "&".join(f"{name}={REQUIRED_QUERY_VALUES[name]}" for name in required)
    return f"{path}?{query}" if query else path


def assert_conditional(client, url: str, *, public: bool) -> None:
    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code, first.content[:300])
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"'), f"{url}: a strong ETag, not {etag}"
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304, (url, again.status_code)
    assert again.content == b""
    assert again["ETag"] == etag
    cache_control = first["Cache-Control"]
    assert cache_control.startswith("public" if public else "private"), (url, cache_control)
    assert "cookie" in first["Vary"].lower()


def test_every_api_get_answers_304_to_its_own_etag(world):
    walked = []
    for path, operation in get_operations():
        if path in NO_STORE:
            continue
        url = concrete_url(path, operation, world)
        personal = path.startswith("/api/v1/me/") or path.endswith("/repost/")
        assert_conditional(client_for(world["reader"]), url, public=False)
        if not personal:
            assert_conditional(Client(), url, public=True)
        walked.append(path)
    assert "/api/v1/articles/{id}/comments/" in walked
    assert len(walked) >= 11


def test_the_data_export_is_never_stored_anywhere(world):
    response = client_for(world["reader"]).get("/api/v1/me/export/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("ETag")


def test_every_anonymous_reading_page_answers_304_to_its_own_etag(world):
    article, comment, other = world["article"], world["comment"], world["other"]
    pages = [
        "/",
        article.get_absolute_url(),
        f"/comments/{comment.pk}/",
        f"/users/{other.display_name}/",
        f"/disclaimers/{article.disclaimer.key}/",
        "/search/?q=markets",
        "/search/?q=markets&type=articles",
    ]
    for url in pages:
        assert_conditional(Client(), url, public=True)
