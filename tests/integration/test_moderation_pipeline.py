"""The moderation pipeline end to end: the REST API, a real Redis, real ``celery worker`` and ``celery beat``
processes, and the test database.

Issue 4, "done means" 3 and 4: spam is hidden, financial advice held or marked, honest comments shown, with
flags, evidence and audit entries; a task delivered twice writes one flag; comments posted while no worker
runs are accepted and unseen, and the sweep screens every one of them once a worker and beat run.
"""

import time

import pytest

from board.models import Comment
from moderation.models import AuditLogEntry, Classification, Flag, ScreeningRequest, ScreeningStatus
from moderation.services import user_trust_set
from moderation.tasks import content_classify_task
from tests.factories import client_for, make_article, make_user
from tests.moderation.helpers import ADVICE, HONEST, SPAM
from tests.support.processes import CeleryProcess, child_environment, start_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Short periods for the worker and beat processes of these tests (production: 30 s and 60 s).
SWEEP_ENV = {"MODERATION_SWEEP_INTERVAL_SECONDS": "1", "MODERATION_SWEEP_AFTER_SECONDS": "2"}


# Different texts: the same text posted again and again is itself a spam signal.
HONEST_VARIETY = [
    "Revenue grew faster than I expected, but the guidance was cautious.",
    "Does anyone know whether the buyback was already priced in?",
    "The regulator's statement reads as a warning to the whole sector.",
    "I remember the last time margins fell like this; it took two years to recover.",
    "Good article. The chart of free cash flow is the most useful part.",
    "Interesting that the bond market barely moved on the news.",
]


def wait_until(predicate, *, timeout: float, interval: float = 0.05) -> float:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not done within {timeout} s")
        time.sleep(interval)
    return time.monotonic() - started


def screened(ids) -> bool:
    done = ScreeningRequest.objects.filter(
        content_kind="comment", object_id__in=ids, status=ScreeningStatus.DONE
    )
    return done.count() == len(ids)


def post(client, article, body: str) -> int:
    response = client.post(f"/api/v1/articles/{article.pk}/comments/", {"body": body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.fixture
def people():
    article = make_article()
    author = make_user()
    user_trust_set(user=author, trust_level=1, actor_label="test")
    return article, author, make_user()


def test_spam_advice_and_honest_comments_through_a_real_worker(celery_worker, people):
    article, author, other = people
    client = client_for(author)

    posted_at = {}
    ids = {}
    # Spam last: hiding it lowers its author's trust, and then their next comments are held for review.
    for name, body in (("honest", HONEST), ("advice", ADVICE), ("spam", SPAM)):
        posted_at[name] = time.time()
        ids[name] = post(client, article, body)
    wait_until(lambda: screened(list(ids.values())), timeout=30)

    states = {name: Comment.objects.get(pk=pk) for name, pk in ids.items()}
    assert states["spam"].moderation_state == "held"
    assert states["advice"].moderation_state == "held" or (
        states["advice"].moderation_state == "visible" and states["advice"].advice_notice
    )
    assert states["honest"].moderation_state == "visible" and not states["honest"].advice_notice

    # Others see only the honest comment; the author sees all three, the held ones as under review.
    reader = client_for(other)
    assert reader.get(f"/api/v1/comments/{ids['spam']}/").status_code == 404
    assert reader.get(f"/api/v1/comments/{ids['honest']}/").status_code == 200
    own = client.get(f"/api/v1/comments/{ids['spam']}/")
    assert own.status_code == 200 and own.json()["status"] == "under_review"

    for name, pk in ids.items():
        flags = {flag.label: flag for flag in Flag.objects.filter(content_kind="comment", object_id=pk)}
        assert set(flags) == {"spam", "financial_advice"}, name
        assert all(flag.evidence and flag.model_version for flag in flags.values())
        assert AuditLogEntry.objects.filter(
            target_kind="comment", target_id=pk, action__startswith="screening."
        )
    assert Flag.objects.get(object_id=ids["spam"], content_kind="comment", label="spam").level == "high"
    assert Flag.objects.get(
        object_id=ids["advice"], content_kind="comment", label="financial_advice"
    ).level in ("medium", "high")

    latency = {
        name: ScreeningRequest.objects.get(content_kind="comment", object_id=pk).screened_at.timestamp()
        - posted_at[name]
        for name, pk in ids.items()
    }
    print(f"post -> decision latency (s): { {k: round(v, 3) for k, v in latency.items()} }")


def test_the_same_task_delivered_twice_writes_one_flag_per_label(celery_worker, people):
    article, author, _other = people
    comment_id = post(client_for(author), article, SPAM)
    wait_until(lambda: screened([comment_id]), timeout=30)

    for _ in range(2):
        content_classify_task.delay("comment", comment_id, 1)
    # The worker runs one task at a time, in order: once a later comment is screened, so are the repeats.
    sentinel = post(client_for(author), article, HONEST + " A later comment.")
    wait_until(lambda: screened([sentinel]), timeout=30)

    assert Flag.objects.filter(content_kind="comment", object_id=comment_id).count() == 2
    assert Classification.objects.filter(content_kind="comment", object_id=comment_id).count() == 1
    assert ScreeningRequest.objects.get(content_kind="comment", object_id=comment_id).attempts == 1


def test_comments_posted_without_a_worker_are_accepted_unseen_and_swept_once_it_runs(
    people, tmp_path, django_db_blocker
):
    from config.celery import app

    article, author, other = people
    client, reader = client_for(author), client_for(other)
    ids = [post(client, article, body) for body in HONEST_VARIETY]
    ids.append(post(client, article, SPAM))

    for comment_id in ids:
        assert reader.get(f"/api/v1/comments/{comment_id}/").status_code == 404
        assert client.get(f"/api/v1/comments/{comment_id}/").status_code == 200
    # The broker loses every queued message: only the outbox rows remain, so only the sweep can save them.
    app.control.purge()

    started = time.monotonic()
    worker = start_worker(tmp_path, **SWEEP_ENV)
    beat = CeleryProcess(
        "beat",
        "--schedule",
        str(tmp_path / "celerybeat-schedule"),
        log_path=tmp_path / "beat.log",
        env=child_environment(**SWEEP_ENV),
    ).start()
    try:
        wait_until(lambda: screened(ids), timeout=120, interval=0.2)
        elapsed = time.monotonic() - started
    finally:
        beat.stop()
        worker.stop()
    print(f"sweep screened {len(ids)} comments {elapsed:.1f} s after the worker started")

    assert elapsed < 120
    assert all(request.queued_at for request in ScreeningRequest.objects.filter(object_id__in=ids))
    assert [reader.get(f"/api/v1/comments/{i}/").status_code for i in ids] == [200] * len(HONEST_VARIETY) + [
        404
    ]
    assert Flag.objects.filter(content_kind="comment", object_id__in=ids).count() == 2 * len(ids)
