"""/healthz names the state of the database, Redis and the workers: 200 when all are up, 503 otherwise."""

import socket

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.integration
def test_healthy_when_database_redis_and_a_worker_are_up(client, celery_worker):
    response = client.get("/healthz")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["workers"] == 1


def test_unavailable_and_names_redis_when_redis_is_down(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["redis"]["error"] == "ConnectionError"
    assert body["checks"]["database"]["ok"] is True


def test_unavailable_when_no_worker_answers(client, settings):
    settings.HEALTHZ_TIMEOUT_SECONDS = 0.5

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is True
    assert response.json()["checks"]["worker"]["ok"] is False
    assert response.json()["checks"]["worker"]["workers"] == 0


def test_unavailable_when_the_database_is_down(client, settings):
    from django.db import connection

    # Point the live connection at a port where nothing listens, as when PostgreSQL or its host is gone.
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-dir/db.sqlite3"
    else:
        connection.settings_dict["PORT"] = str(closed_port())
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.update(saved)

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_names_the_classifier_blocks_a_worker_reported(client, monkeypatch, settings):
    """A worker without its encoder still screens; the probe says so without failing."""
    from moderation import runtime
    from moderation.classifier import encoder

    settings.HEALTHZ_TIMEOUT_SECONDS = 0.5
    monkeypatch.setenv(encoder.ENABLED_ENV, "0")
    encoder.reset_encoder()
    try:
        runtime.classifier_status_publish()
    finally:
        monkeypatch.delenv(encoder.ENABLED_ENV)
        encoder.reset_encoder()

    classifier = client.get("/healthz").json()["checks"]["classifier"]

    assert classifier["reported"] is True and classifier["ok"] is True
    assert classifier["degraded"] == ["encoder"]
    assert "switched off" in classifier["blocks"]["encoder"]["detail"]
    assert classifier["blocks"]["language"]["ok"] is True
    assert classifier["model_version"] == runtime.active_bundle().full_version
