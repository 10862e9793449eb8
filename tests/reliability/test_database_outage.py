"""The database unreachable for a moment: the API and the pages answer 503 (retry later), never 500, and the
same server process serves again on its own once the database is back.

The real WSGI stack (gunicorn) reaches PostgreSQL through a TCP proxy that the test cuts and restores, as a
database restart or a network cut would; the shared PostgreSQL server is never touched.
"""

import time

import pytest
import requests
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import make_article, make_user
from tests.reliability.conftest import wait_until
from tests.support.processes import child_environment
from tests.support.services import TcpProxy, WebServer

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.faults,
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def proxied_web(tmp_path, fault_env):
    settings = connection.settings_dict
    proxy = TcpProxy((settings["HOST"], int(settings["PORT"]))).start()
    database_url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@127.0.0.1:{proxy.port}/{settings['NAME']}"
    )
    web = WebServer(
        log_path=tmp_path / "gunicorn.log",
        env=child_environment(**fault_env, DATABASE_URL=database_url, DB_CONNECT_TIMEOUT="2"),
    ).start()
    yield web, proxy
    web.stop()
    proxy.stop()


def test_database_unreachable_answers_503_and_recovers(proxied_web, record_figure):
    web, proxy = proxied_web
    reader, article = make_user(display_name="Outage Olga"), make_article()
    token, _ = Token.objects.get_or_create(user=reader)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token.key}"
    staff_client = Client()
    staff_client.force_login(make_user(display_name="Staff Stan", is_staff=True, is_superuser=True))
    staff_cookies = {"sessionid": staff_client.cookies["sessionid"].value}

    def answers() -> dict[str, int]:
        return {
            "GET feed API": session.get(f"{web.url}/api/v1/articles/", timeout=10).status_code,
            "GET article API": session.get(
                f"{web.url}/api/v1/articles/{article.pk}/", timeout=10
            ).status_code,
            "POST comment API": session.post(
                f"{web.url}/api/v1/articles/{article.pk}/comments/",
                json={"body": "Posting while the database blinks."},
                timeout=10,
            ).status_code,
            "GET feed page": requests.get(f"{web.url}/", timeout=10).status_code,
            "GET article page": requests.get(f"{web.url}/articles/{article.slug}/", timeout=10).status_code,
            "GET admin (staff session)": requests.get(
                f"{web.url}/admin/", cookies=staff_cookies, timeout=10
            ).status_code,
            "GET /healthz": requests.get(f"{web.url}/healthz", timeout=10).status_code,
        }

    before = answers()
    proxy.stop()
    during = answers()
    retry_after = session.get(f"{web.url}/api/v1/articles/", timeout=10).headers.get("Retry-After")
    proxy.start()
    back = time.monotonic()
    recovered = wait_until(
        lambda: session.get(f"{web.url}/api/v1/articles/", timeout=10).status_code == 200, timeout=30
    )
    after = answers()

    healthy = {"GET /healthz": 503}  # no worker runs in this test: the probe says so
    assert before == {**dict.fromkeys(before, 200), "POST comment API": 201, **healthy}
    assert during == dict.fromkeys(during, 503)
    assert retry_after is not None
    assert after == {**dict.fromkeys(after, 200), "POST comment API": 201, **healthy}
    assert web.process.poll() is None
    record_figure(
        "database unreachable for a moment",
        f"{len(during)}/{len(during)} requests (API reads and writes, readers' pages, admin, /healthz) answered "
        f"503 during the cut, none 500; the same gunicorn process answered 200 again "
        f"{recovered:.2f} s after the database was back ({time.monotonic() - back:.2f} s incl. checks)",
    )
