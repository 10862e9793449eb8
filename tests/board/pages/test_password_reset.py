"""Password reset: a link by email, used once, that sets a new password; the same answer for every address."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def reset_link(mail) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.body).group(1)


def test_the_emailed_link_sets_a_new_password_once(mailoutbox):
    user = make_user(email="ann@example.org")
    client = Client()

    assert client.post("/accounts/password-reset/", {"email": "ann@example.org"}).status_code == 302
    link = reset_link(mailoutbox[0])
    form_page = client.get(link, follow=True)
    chosen = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )

    assert chosen.status_code == 302 and chosen["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    assert not user.check_password(PASSWORD)
    reused = Client().get(link, follow=True)
    assert b"This link is invalid or has already been used" in reused.content


def test_the_login_page_links_to_the_reset_page():
    page = Client().get("/accounts/login/")

    assert b'href="/accounts/password-reset/"' in page.content


def test_reset_requests_share_the_auth_throttle(monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    # ScopedRateThrottle reads its rates into a class attribute at import: patch that for this test.
    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "auth": "2/min"}
    )
    client = Client()

    statuses = [
        client.post("/accounts/password-reset/", {"email": f"x{n}@example.org"}).status_code for n in range(3)
    ]

    assert statuses == [302, 302, 429]
