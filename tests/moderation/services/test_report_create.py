"""report_create: one report per reader, enough distinct readers hide the comment until a moderator decides."""

import pytest

from board.exceptions import ApplicationError, NotFound
from moderation.models import AuditLogEntry, Report, ReviewItem
from moderation.services import report_create, review_decide
from tests.factories import make_user
from tests.moderation.helpers import HONEST, post_comment

# Also on the embedded SQLite default (make test runs `-m sqlite` there).
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def comment(article, reader, screen):
    comment = post_comment(article=article, author=reader, body=HONEST)
    screen(comment)
    assert comment.moderation_state == "visible"
    return comment


def test_a_reader_reports_once(comment):
    other = make_user()

    first, created = report_create(reader=other, comment=comment, reason="spam", text="looks like an ad")
    again, created_again = report_create(reader=other, comment=comment, reason="abuse")

    assert created and not created_again
    assert again.pk == first.pk and again.reason == "spam"
    assert Report.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="report.created", actor=other).count() == 1
    item = ReviewItem.objects.get(comment=comment)
    assert item.reasons == ["reports"] and item.report_count == 1


def test_own_comment_cannot_be_reported(comment, reader):
    with pytest.raises(ApplicationError) as error:
        report_create(reader=reader, comment=comment, reason="spam")

    assert error.value.code == "own_comment" and error.value.status_code == 400


def test_unseen_comments_are_not_found(article, newcomer):
    pending = post_comment(article=article, author=newcomer, body=HONEST)

    with pytest.raises(NotFound):
        report_create(reader=make_user(), comment=pending, reason="spam")


def test_unknown_reason_is_refused(comment):
    with pytest.raises(ApplicationError) as error:
        report_create(reader=make_user(), comment=comment, reason="boring")

    assert "reason" in error.value.fields


def test_three_distinct_readers_hide_the_comment_until_a_moderator_decides(comment, moderator):
    readers = [make_user() for _ in range(3)]

    report_create(reader=readers[0], comment=comment, reason="spam")
    report_create(reader=readers[1], comment=comment, reason="spam")
    comment.refresh_from_db()
    assert comment.moderation_state == "visible"
    report_create(reader=readers[2], comment=comment, reason="financial_advice")

    comment.refresh_from_db()
    assert comment.moderation_state == "held"
    entry = AuditLogEntry.objects.get(action="report.hidden", target_id=comment.pk)
    assert entry.actor_label == "reports" and entry.extra == {"reports": 3, "threshold": 3}
    item = ReviewItem.objects.get(comment=comment)
    assert item.report_count == 3 and item.risk == pytest.approx(0.9)

    assert review_decide(moderator=moderator, comment=comment, decision="approve", reason="fair criticism")
    comment.refresh_from_db()
    assert comment.moderation_state == "visible"
    # Reports count again from the decision: two new readers do not hide it, a third does.
    newer = [make_user() for _ in range(3)]
    report_create(reader=newer[0], comment=comment, reason="spam")
    report_create(reader=newer[1], comment=comment, reason="spam")
    comment.refresh_from_db()
    assert comment.moderation_state == "visible"
    report_create(reader=newer[2], comment=comment, reason="spam")
    comment.refresh_from_db()
    assert comment.moderation_state == "held"


def test_the_threshold_is_the_moderators_setting(comment, moderator):
    from moderation.runtime import live_config_clear
    from moderation.services import thresholds_update

    thresholds_update(actor=moderator, values={"reports_to_hide": 1})
    live_config_clear()

    report_create(reader=make_user(), comment=comment, reason="spam")

    comment.refresh_from_db()
    assert comment.moderation_state == "held"
