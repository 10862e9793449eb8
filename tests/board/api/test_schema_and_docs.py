import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

ENDPOINTS = {
    "/api/v1/auth/register/": {"post"},
    "/api/v1/auth/token/": {"post"},
    "/api/v1/auth/logout/": {"post"},
    "/api/v1/me/": {"get", "patch"},
    "/api/v1/me/ledger/": {"get"},
    "/api/v1/articles/": {"get", "post"},
    "/api/v1/articles/{id}/": {"get"},
    "/api/v1/articles/{id}/comments/": {"get", "post"},
    "/api/v1/articles/{id}/like/": {"post", "delete"},
    "/api/v1/articles/{id}/repost/": {"post", "delete"},
    "/api/v1/articles/{id}/share/": {"post"},
    "/api/v1/articles/{id}/rewards/": {"post"},
    "/api/v1/comments/{id}/": {"get", "patch", "delete"},
    "/api/v1/comments/{id}/replies/": {"get"},
    "/api/v1/comments/{id}/like/": {"post", "delete"},
    "/api/v1/comments/{id}/rewards/": {"post"},
    "/api/v1/comments/{id}/pin/": {"post", "delete"},
    "/api/v1/search/": {"get"},
}


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_every_board_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()

    for path, methods in ENDPOINTS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), (path, set(schema["paths"][path]))
    rewards = schema["paths"]["/api/v1/articles/{id}/rewards/"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in rewards["parameters"])


def test_swagger_ui_is_served_from_our_own_static_files(client):
    from django.contrib.staticfiles import finders

    page = client.get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn." not in html and "https://" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html, "no inline script: the CSP allows only 'self'"
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
