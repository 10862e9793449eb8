"""Response headers (CSP, nosniff, framing, HSTS and cookie flags in production) and CSRF on writes."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import make_article, make_user
from tests.support.processes import PROJECT_DIR

pytestmark = [pytest.mark.security, pytest.mark.sqlite, pytest.mark.django_db]

GOOD_SECRET = "k3J9x!vQ2#pL8@mN5$rT7&wY1*zB4^cF6(hD0)gS9_aE2+uI3=oP"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize(
    "path", ["/", "/articles/{slug}/", "/accounts/login/", "/admin/login/", "/api/v1/articles/"]
)
def test_every_kind_of_page_sends_the_protective_headers(path):
    article = make_article()
    response = Client().get(path.format(slug=article.slug))
    assert response.status_code == 200

    policy = directives(response["Content-Security-Policy"])
    script_src = policy.get("script-src", policy.get("default-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "*" not in script_src
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client
response = Client().get("/admin/login/", secure=True, headers={"host": "board.example"})
cookie = response.cookies["csrftoken"]
print(json.dumps({
    "status": response.status_code,
    "hsts": response.get("Strict-Transport-Security"),
    "csrf_cookie": {"secure": bool(cookie["secure"]), "httponly": bool(cookie["httponly"]),
                    "samesite": cookie["samesite"]},
    "session_cookie": {"secure": s.SESSION_COOKIE_SECURE, "httponly": s.SESSION_COOKIE_HTTPONLY},
    "plain_http": Client().get("/accounts/login/", headers={"host": "board.example"}).status_code,
}))
"""


def test_production_sends_hsts_and_secure_httponly_cookies():
    env = {
        **{key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SECRET_KEY"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": GOOD_SECRET,
        "ALLOWED_HOSTS": "board.example",
        "DATABASE_URL": "sqlite:////nonexistent/unused.sqlite3",  # these requests read no rows
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    probe = json.loads(result.stdout.strip().splitlines()[-1])

    assert probe["status"] == 200
    max_age = int(probe["hsts"].split("max-age=")[1].split(";")[0])
    assert max_age >= 365 * 24 * 3600 and "includeSubDomains" in probe["hsts"]
    assert probe["csrf_cookie"]["secure"] and probe["csrf_cookie"]["httponly"]
    assert probe["session_cookie"] == {"secure": True, "httponly": True}
    assert probe["plain_http"] == 301  # plain HTTP is sent to HTTPS


def test_a_site_form_post_without_a_csrf_token_is_refused():
    user = make_user(display_name="Csrf Cleo")
    browser = Client(enforce_csrf_checks=True)

    assert browser.post("/accounts/login/", {"username": user.email, "password": "x"}).status_code == 403
    assert browser.post("/admin/login/", {"username": user.email, "password": "x"}).status_code == 403
    browser.force_login(user)
    article = make_article()
    refused = browser.post(f"/articles/{article.slug}/comments/", {"body": "Forged from another site."})
    assert refused.status_code == 403
    assert not article.comments.exists()


def test_a_session_authenticated_api_write_without_a_csrf_token_is_refused():
    user, article = make_user(display_name="Csrf Cy"), make_article()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    url = f"/api/v1/articles/{article.pk}/comments/"

    refused = client.post(url, {"body": "Forged from another site."}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    client.get(f"/articles/{article.slug}/")  # a page with forms sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        url, {"body": "Sent from the board itself."}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201
