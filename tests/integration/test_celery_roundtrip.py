import pytest

from config.celery import ping

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_task_round_trips_through_a_real_worker_process(celery_worker):
    result = ping.delay()

    assert result.get(timeout=20) == "pong"
    assert celery_worker.process.poll() is None
