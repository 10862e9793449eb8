"""The daily digest: through EMAIL_URL to a real SMTP server (a stand-in on a loopback port), at most one
mail a reader a day, only with new unread notifications, and a signed unsubscribe link that works without
logging in; the beat schedule has its entry."""

from datetime import timedelta

import environ
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from board.models import ModerationState, Notification, NotificationSettings
from board.services import comment_create, comment_set_moderation_state, notification_settings_update
from board.tasks import notifications_digest_task
from tests.factories import make_article, make_comment, make_user
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        # As base.py reads EMAIL_URL: the same parsing, pointed at the stand-in.
        for key, value in environ.Env.email_url_config(server.url).items():
            setattr(settings, key, value)
        yield server


@pytest.fixture
def ann(settings):
    settings.BOARD_CONTENT_SUBMITTED_HOOKS = []
    user = make_user(display_name="Digest Ann")
    notification_settings_update(user=user, email_digest=True)
    return user


def reply_to(ann, run_tasks_on_commit):
    story = make_article()
    with run_tasks_on_commit():
        parent = make_comment(article=story, author=ann)
        reply = comment_create(author=make_user(), article=story, parent=parent, body="A reply")
        comment_set_moderation_state(comment=reply, state=ModerationState.VISIBLE)


def test_one_mail_a_day_with_a_working_unsubscribe_link(smtp, ann, run_tasks_on_commit):
    reply_to(ann, run_tasks_on_commit)
    assert notifications_digest_task() == 1
    assert notifications_digest_task() == 0  # the same day: nothing more
    [(recipients, message)] = smtp.messages
    assert recipients == [ann.email]
    body = message.get_content()
    assert "replied to your comment" in body
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe in body
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]

    anonymous = Client()
    assert anonymous.get(f"/{path}").status_code == 200  # asks first: mail scanners open links
    assert NotificationSettings.objects.get(user=ann).email_digest is True
    assert anonymous.post(f"/{path}").status_code == 200
    assert NotificationSettings.objects.get(user=ann).email_digest is False
    assert anonymous.post(f"/{path[:-3]}xx/").status_code == 404  # a forged token


def test_the_next_day_only_new_notifications_and_none_without(smtp, ann, run_tasks_on_commit):
    reply_to(ann, run_tasks_on_commit)
    notifications_digest_task()
    prefs = NotificationSettings.objects.get(user=ann)
    # Yesterday's digest, which held yesterday's notification.
    NotificationSettings.objects.filter(pk=prefs.pk).update(digest_sent_at=timezone.now() - timedelta(days=1))
    Notification.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert notifications_digest_task() == 0  # nothing new since: no mail
    reply_to(ann, run_tasks_on_commit)
    assert notifications_digest_task() == 1
    assert len(smtp.messages) == 2


def test_the_beat_schedule_sends_digests_daily():
    entry = django_settings.CELERY_BEAT_SCHEDULE["board-notifications-digest"]
    assert entry["task"] == "board.notifications_digest"
    assert entry["schedule"].hour == {django_settings.BOARD_DIGEST_HOUR}
