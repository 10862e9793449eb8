"""``manage.py load_demo``: the demo board written through the services, screened like any reader's text,
and written once (issue 13, "Done means" 1 and 2; "load_demo again changes nothing")."""

import io
import json
import stat
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from board.models import Article, Comment, Disclaimer, LedgerEntry, User
from demo import content
from moderation.models import (
    AuditLogEntry,
    Classification,
    Report,
    ReviewItem,
    ScreeningRequest,
    ScreeningStatus,
)
from tests.factories import client_for
from tests.support.demo import load_demo_board, printed_credentials

EXPECTED = {item.key: item for article in content.ARTICLES for item in article.comments}


def snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("email", "display_name", "trust_level", "password")),
        "articles": sorted(
            Article.objects.values_list("slug", "comment_count", "reward_count", "share_count")
        ),
        "comments": sorted(
            Comment.objects.values_list(
                "id", "parent_id", "body", "moderation_state", "is_pinned", "like_count"
            )
        ),
        "disclaimers": list(Disclaimer.objects.values_list("key", "version", "is_default")),
        "ledger": LedgerEntry.objects.count(),
        "screening": ScreeningRequest.objects.count(),
        "reports": Report.objects.count(),
        "queue": sorted(ReviewItem.objects.values_list("comment_id", "status", "reasons")),
        "audit": AuditLogEntry.objects.count(),
    }


def load(**options) -> str:
    stream = io.StringIO()
    call_command("load_demo", stdout=stream, **options)
    return stream.getvalue()


def by_key() -> dict[str, Comment]:
    comments = {}
    for article in content.ARTICLES:
        for item in article.comments:
            comments[item.key] = Comment.objects.get(article__slug=article.slug, body=item.text)
    return comments


@pytest.fixture(autouse=True)
def _state_dir(settings, tmp_path):
    settings.DEMO_STATE_DIR = tmp_path / "state"


@pytest.mark.sqlite
@pytest.mark.django_db
def test_without_a_worker_the_comments_wait_for_screening_and_a_second_run_writes_nothing():
    first_output = load()
    first = snapshot()
    second_output = load()

    assert snapshot() == first
    assert "Loaded the demo board" in first_output and "already loaded" in second_output
    assert printed_credentials(first_output) == printed_credentials(second_output)
    # Nothing is forced visible: every comment waits for screening, with its outbox row.
    comments = Comment.objects.filter(author__email__endswith="@readers.example")
    assert comments.count() == len(EXPECTED)
    assert set(comments.values_list("moderation_state", flat=True)) == {"pending"}
    assert ScreeningRequest.objects.filter(content_kind="comment").count() == len(EXPECTED)
    assert "wait for a worker" in first_output
    assert not Report.objects.exists()
    # Established readers: trusted or basic, joined months ago, each change of trust audited.
    for reader in content.READERS:
        user = User.objects.get(email=reader.email)
        assert (user.trust_level, user.display_name) == (reader.trust_level, reader.display_name)
        assert timezone.now() - user.date_joined > timedelta(days=reader.joined_days_ago - 1)
    assert AuditLogEntry.objects.filter(action="user.trust_changed", actor_label="demo").count() == len(
        content.READERS
    )


@pytest.mark.sqlite
@pytest.mark.django_db
def test_the_demo_moderator_password_is_generated_once_kept_in_the_state_dir_and_works(settings):
    output = load()
    email, password = printed_credentials(output)
    path = settings.DEMO_STATE_DIR / content.MODERATOR_CREDENTIALS_FILE

    assert json.loads(path.read_text()) == {"email": email, "password": password}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    moderator = authenticate(username=email, password=password)
    assert moderator is not None and moderator.is_staff and not moderator.is_superuser
    assert moderator.groups.filter(name=settings.BOARD_MODERATOR_GROUP).exists()
    assert len(password) >= 16

    # A lost file: a new password, set on the account. A lost account: made again with the kept one.
    path.unlink()
    _email, new_password = printed_credentials(load())
    assert new_password != password and authenticate(username=email, password=new_password)
    assert printed_credentials(load()) == (email, new_password)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_screens_the_demo_and_publishes_what_established_readers_wrote(celery_worker, settings):
    board = load_demo_board()
    comments = by_key()

    for key, item in EXPECTED.items():
        comment = comments[key]
        classification = Classification.objects.get(content_kind="comment", object_id=comment.pk)
        audit = AuditLogEntry.objects.get(
            target_kind="comment", target_id=comment.pk, action__startswith="screening."
        )
        if key == "n-spam":  # the hour-old account: held as new and hidden as spam
            assert (comment.moderation_state, audit.action) == ("held", "screening.hide")
            assert "new_account" in audit.reason and "spam:high" in audit.reason
        elif item.expect == "held":
            assert (comment.moderation_state, audit.action) == ("held", "screening.hold"), key
        elif item.expect == "notice":
            assert (comment.moderation_state, comment.advice_notice) == ("visible", True)
            assert audit.action == "screening.notice"
        elif key == "n-reported":  # published, then held by the third reader's report
            assert audit.action == "screening.publish" and comment.moderation_state == "held"
        else:
            assert (comment.moderation_state, comment.advice_notice) == ("visible", False), key
            assert (audit.action, audit.reason) == ("screening.publish", "nothing flagged"), key
        assert classification.model_version
        if key != "n-spam":  # screening saw an established account
            assert classification.behaviour["new_account_hold"] is False, key
            assert classification.behaviour["account_age_hours"] > 24 * 30, key
    assert not ScreeningRequest.objects.exclude(status=ScreeningStatus.DONE).exists()

    # The main article as readers see it.
    article = board.article
    visible = Comment.objects.filter(article=article, moderation_state="visible", is_deleted=False)
    assert article.comment_count == visible.count() >= 40
    assert visible.filter(parent__isnull=True).count() >= 25
    assert (article.reward_count, article.repost_count, article.share_count) == (11, 3, 5)
    assert comments[next(a.pinned for a in content.ARTICLES if a.pinned)].is_pinned
    assert article.abstract_status == "ready"
    response = client_for(None).get(f"/api/v1/articles/{article.pk}/comments/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) > 20 and {item["status"] for item in results} == {"visible"}

    # The queue: one of each, unmistakable.
    open_items = {item.comment_id: item for item in ReviewItem.objects.filter(status="open")}
    assert set(open_items) == {
        comments[key].pk for key in ("n-spam", "f-directive", "n-reported", "n-notice")
    }
    assert "spam:high" in open_items[comments["n-spam"].pk].reasons
    assert "financial_advice:high" in open_items[comments["f-directive"].pk].reasons
    assert open_items[comments["n-reported"].pk].report_count == 3
    assert "financial_advice:medium" in open_items[comments["n-notice"].pk].reasons

    # Again (as at every `make run`): nothing changes.
    before = snapshot()
    assert "already loaded" in load(wait=5)
    assert snapshot() == before
