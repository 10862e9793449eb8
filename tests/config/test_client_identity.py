"""Throttles must count a client by the socket's address: a forged X-Forwarded-For must not reset them."""

import pytest
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import ScopedRateThrottle


@pytest.mark.sqlite
def test_anonymous_clients_are_identified_by_socket_address_not_forwarded_for():
    request = APIRequestFactory().post("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert ScopedRateThrottle().get_ident(request) == "198.51.100.7"
