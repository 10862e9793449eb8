"""Oversized and malformed request bodies, sent to a real gunicorn process over a loopback socket: each gets a
4xx (400, 413, or 415 for a media type the endpoint does not take), never a 500, and the same server process
goes on serving."""

import pytest
import requests
from rest_framework.authtoken.models import Token

from tests.factories import make_article, make_user
from tests.support.processes import child_environment
from tests.support.services import WebServer

pytestmark = [pytest.mark.security, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TEN_MB = 10 * 1024 * 1024


@pytest.fixture
def web(tmp_path):
    server = WebServer(
        log_path=tmp_path / "gunicorn.log",
        # No broker here: a comment that gets through only queues its screening for the sweep.
        env=child_environment(REDIS_URL="redis://127.0.0.1:9/0"),
    ).start()
    yield server
    server.stop()


def test_oversized_and_malformed_bodies_get_4xx_and_the_server_keeps_serving(web, record_figure):
    reader, article = make_user(display_name="Body Bo"), make_article()
    token, _ = Token.objects.get_or_create(user=reader)
    api = requests.Session()
    api.headers["Authorization"] = f"Token {token.key}"
    comments = f"{web.url}/api/v1/articles/{article.pk}/comments/"
    json_type = {"Content-Type": "application/json"}
    nested = b"[" * 200_000 + b"]" * 200_000
    # The readers' forms get their CSRF token, so that the body itself is what is judged.
    browser = requests.Session()
    browser.get(f"{web.url}/accounts/login/", timeout=30)
    csrf = {"csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    browser.headers["Referer"] = f"{web.url}/accounts/login/"

    cases = {
        "10 MB comment (JSON)": lambda: api.post(comments, json={"body": "x" * TEN_MB}),
        "10 MB raw JSON body": lambda: api.post(
            comments, data=b'{"body": "' + b"y" * TEN_MB + b'"}', headers=json_type
        ),
        "10 MB form to the login page": lambda: browser.post(
            f"{web.url}/accounts/login/", data={**csrf, "username": "a@b.c", "password": "p" * TEN_MB}
        ),
        "10 MB form to a comment page": lambda: browser.post(
            f"{web.url}/articles/{article.slug}/comments/", data={**csrf, "body": "z" * TEN_MB}
        ),
        "invalid UTF-8": lambda: api.post(comments, data=b'{"body": "\xff\xfe\xfa"}', headers=json_type),
        "invalid UTF-8 in a form": lambda: browser.post(
            f"{web.url}/accounts/login/",
            data=b"csrfmiddlewaretoken="
            + csrf["csrfmiddlewaretoken"].encode()
            + b"&username=\xff\xfe&password=x",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        "lone UTF-16 surrogate": lambda: api.post(comments, data=b'{"body": "\\ud800"}', headers=json_type),
        "NUL character": lambda: api.post(comments, json={"body": "before\x00after"}),
        "deeply nested JSON (200,000 levels)": lambda: api.post(comments, data=nested, headers=json_type),
        "deeply nested objects": lambda: api.post(
            comments, data=b'{"a":' * 50_000 + b"1" + b"}" * 50_000, headers=json_type
        ),
        "truncated JSON": lambda: api.post(comments, data=b'{"body": "half', headers=json_type),
        "NaN in JSON": lambda: api.post(
            f"{web.url}/api/v1/articles/{article.pk}/rewards/", data=b'{"points": NaN}', headers=json_type
        ),
        "huge number": lambda: api.post(
            f"{web.url}/api/v1/articles/{article.pk}/rewards/",
            data=b'{"points": 1' + b"0" * 5000 + b"}",
            headers=json_type,
        ),
        "JSON array instead of object": lambda: api.post(comments, json=["body", "text"]),
        "JSON string instead of object": lambda: api.post(comments, json="just text"),
        "body of the wrong type": lambda: api.post(comments, json={"body": {"nested": ["object"]}}),
        "text/plain": lambda: api.post(comments, data=b"body=hello", headers={"Content-Type": "text/plain"}),
        "application/xml": lambda: api.post(
            comments, data=b"<body>hello</body>", headers={"Content-Type": "application/xml"}
        ),
        "multipart/form-data": lambda: api.post(comments, files={"body": ("a.txt", b"hello")}),
        "form-urlencoded to the API": lambda: api.post(comments, data={"body": "hello"}),
        "no content type": lambda: api.post(
            comments, data=b'{"body": "hello"}', headers={"Content-Type": ""}
        ),
        "UTF-16 body declared as UTF-8": lambda: api.post(
            comments, data='{"body": "hello"}'.encode("utf-16"), headers=json_type
        ),
    }
    answers = {}
    for name, send in cases.items():
        answers[name] = send().status_code
    still_serving = api.get(f"{web.url}/api/v1/articles/").status_code
    still_posting = api.post(comments, json={"body": "Still here after all that."}).status_code

    # A form decodes invalid bytes as U+FFFD (Django's rule for form data): the login form then simply
    # refuses the unknown account (200, the form again with its error); everything else is a 4xx.
    allowed = dict.fromkeys(answers, (400, 413, 415)) | {"invalid UTF-8 in a form": (200, 400)}
    bad = {name: status for name, status in answers.items() if status not in allowed[name]}
    assert bad == {}, bad
    assert (still_serving, still_posting) == (200, 201)
    assert web.process.poll() is None
    record_figure(
        "oversized and malformed bodies (real gunicorn)",
        f"{len(answers)} kinds, answers "
        + ", ".join(
            f"{status}: {list(answers.values()).count(status)}" for status in sorted(set(answers.values()))
        )
        + "; 0 server errors; the same process served 200/201 afterwards",
    )
