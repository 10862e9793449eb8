"""The bell's unread count comes with the session's user: a signed-in page spends no query on it, and the
number is the one the notifications selector gives."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from board.auth_backends import EmailOrUsernameBackend
from board.selectors import notification_unread_count
from board.services import notifications_mark_read
from board.services.notifications import notification_record
from board.web.context import notifications as bell_context
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def notify(recipient, actor, number):
    return notification_record(
        recipient_id=recipient.pk,
        kind="mention",
        source=f"bell-test:{number}",
        group_key=f"bell:{number}",
        actor_id=actor.pk,
    )


def bell_for(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{{ unread_notifications }}").render(Context(bell_context(request)))


@pytest.mark.parametrize("unread", [0, 1, 3])
def test_the_session_user_carries_the_bell_count(unread, django_assert_num_queries):
    reader, actor = make_user(), make_user()
    for number in range(unread + 2):
        notify(reader, actor, number)
    notifications_mark_read(user=reader, up_to=reader.notifications.order_by("id")[1].pk)
    assert notification_unread_count(user=reader) == unread

    session_user = EmailOrUsernameBackend().get_user(reader.pk)

    with django_assert_num_queries(0):
        assert bell_for(session_user) == str(unread)


def test_a_user_loaded_otherwise_still_gets_the_count_from_one_query(django_assert_num_queries):
    reader, actor = make_user(), make_user()
    notify(reader, actor, 1)

    with django_assert_num_queries(1):
        assert bell_for(reader) == "1"
