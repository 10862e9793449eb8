"""Brute force and account enumeration on every login path: the readers' login page, the API token endpoint and
the admin login.

Twenty wrong passwords meet a lockout (429 where the path can say so) after at most ten, even when each
attempt claims another client address in ``X-Forwarded-For``; the right password is refused too until the
window ends. Known and unknown accounts get the same answers from login, registration and password reset.
"""

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD, client_for, make_user

pytestmark = [pytest.mark.security, pytest.mark.sqlite, pytest.mark.django_db]

ATTEMPTS = 20


def spoofed(attempt: int) -> dict[str, str]:
    return {"HTTP_X_FORWARDED_FOR": f"203.0.113.{attempt}", "HTTP_X_REAL_IP": f"198.51.100.{attempt}"}


def api_login(username: str, password: str, attempt: int = 0):
    return client_for(None).post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json", **spoofed(attempt)
    )


def site_login(username: str, password: str, attempt: int = 0):
    return Client().post("/accounts/login/", {"username": username, "password": password}, **spoofed(attempt))


def admin_login(username: str, password: str, attempt: int = 0):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, **spoofed(attempt)
    )
    response.signed_in = "_auth_user_id" in client.session
    return response


def first_refusal(statuses: list[int], refused) -> int:
    """1-based number of the first attempt that was refused as locked."""
    return next(index for index, status in enumerate(statuses, start=1) if refused(status))


@pytest.mark.parametrize(
    ("path", "login", "ok"),
    [("API token", api_login, 200), ("site login", site_login, 302)],
    ids=["api-token", "site-login"],
)
def test_twenty_wrong_passwords_are_met_with_429(path, login, ok, record_figure):
    user = make_user(display_name="Brute Target", email="target@example.org")
    statuses = [login(user.email, f"guess-{attempt}", attempt).status_code for attempt in range(ATTEMPTS)]

    locked_from = first_refusal(statuses, lambda status: status == 429)
    assert locked_from <= settings.LOGIN_MAX_FAILURES + 1 <= 11
    assert set(statuses[locked_from - 1 :]) == {429}
    right = login(user.email, PASSWORD, ATTEMPTS)
    assert right.status_code == 429  # locked even with the right password and a new "address"
    if path == "API token":
        assert int(right["Retry-After"]) > 0
    assert login("someone-else@example.org", "anything", 99).status_code == 429  # the address is locked too
    record_figure(
        f"brute force on the {path}",
        f"{ATTEMPTS} wrong passwords with a new X-Forwarded-For each: attempts 1-{locked_from - 1} refused "
        f"as wrong, 429 from attempt {locked_from} on; the right password then answers 429 (not {ok})",
    )


def test_twenty_wrong_passwords_lock_the_admin_login(record_figure):
    staff = make_user(display_name="Admin Target", email="admin-target@example.org", is_staff=True)
    assert admin_login(staff.email, PASSWORD).signed_in  # the admin logs in by email when not locked
    Client().logout()

    answers = [admin_login(staff.email, f"guess-{attempt}", attempt) for attempt in range(ATTEMPTS)]
    right = admin_login(staff.email, PASSWORD, ATTEMPTS)

    assert not any(answer.signed_in for answer in answers)
    assert all(answer.status_code in (200, 429) for answer in answers)
    assert not right.signed_in
    assert right.status_code in (200, 429)
    record_figure(
        "brute force on the admin login",
        f"{ATTEMPTS} wrong passwords with a new X-Forwarded-For each, then the right one: refused "
        f"(status {right.status_code}, no session): the account stays locked for the window",
    )


def without_tokens(html: bytes) -> str:
    """The page without its per-response CSRF tokens (form field and meta tag)."""
    return re.sub(r'"[A-Za-z0-9]{64}"', '"token"', html.decode())


def test_login_answers_the_same_for_known_and_unknown_accounts():
    make_user(display_name="Known Kim", email="known@example.org")

    known, unknown = api_login("known@example.org", "wrong-password"), api_login("nobody@example.org", "x")
    assert (
        (known.status_code, known.json())
        == (unknown.status_code, unknown.json())
        == (
            400,
            known.json(),
        )
    )
    page_known = site_login("known@example.org", "wrong-password", 1)
    page_unknown = site_login("nobody@example.org", "wrong-password", 2)
    assert page_known.status_code == page_unknown.status_code
    assert without_tokens(page_known.content).replace("known@", "X@") == without_tokens(
        page_unknown.content
    ).replace("nobody@", "X@")


def test_registration_answers_the_same_for_known_and_unknown_emails():
    make_user(display_name="Known Kay", email="taken@example.org")
    body = {"password": "another-long-passphrase"}

    taken = client_for(None).post(
        "/api/v1/auth/register/", {**body, "email": "taken@example.org"}, format="json"
    )
    fresh = client_for(None).post(
        "/api/v1/auth/register/", {**body, "email": "fresh@example.org"}, format="json"
    )
    assert (taken.status_code, taken.json()) == (fresh.status_code, fresh.json())
    assert taken.status_code == 202

    form = {"password": "another-long-passphrase", "display_name": ""}
    page_taken = Client().post("/accounts/signup/", {**form, "email": "taken@example.org"})
    page_fresh = Client().post("/accounts/signup/", {**form, "email": "fresh2@example.org"})
    assert (page_taken.status_code, page_taken.get("Location")) == (
        page_fresh.status_code,
        page_fresh.get("Location"),
    )
    assert page_taken.status_code == 302


def test_password_reset_answers_the_same_for_known_and_unknown_emails(mailoutbox):
    make_user(email="known@example.org")

    known = Client().post("/accounts/password-reset/", {"email": "known@example.org"})
    unknown = Client().post("/accounts/password-reset/", {"email": "unknown@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.status_code == 302
    done = Client().get(known["Location"])
    assert done.status_code == 200 and b"If the address belongs to an account" in done.content
    # Only the real account gets mail; the page never says which case it was.
    assert [message.to for message in mailoutbox] == [["known@example.org"]]
