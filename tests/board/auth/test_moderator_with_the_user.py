"""Whether a signed-in user moderates comes with the user, by session or by token: no query of its own on
each signed-in request."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from board.access import user_is_moderator
from board.api.authentication import BearerOrTokenAuthentication
from board.auth_backends import EmailOrUsernameBackend
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def moderator_and_reader():
    moderator, reader = make_user(), make_user()
    Group.objects.get_or_create(name=settings.BOARD_MODERATOR_GROUP)[0].user_set.add(moderator)
    return moderator, reader


def by_session(user):
    return EmailOrUsernameBackend().get_user(user.pk)


def by_token(user):
    key = Token.objects.create(user=user).key
    return BearerOrTokenAuthentication().authenticate_credentials(key)[0]


@pytest.mark.parametrize("load", [by_session, by_token], ids=["session", "token"])
def test_the_answer_is_loaded_with_the_user(load, moderator_and_reader, django_assert_num_queries):
    moderator, reader = (load(user) for user in moderator_and_reader)

    with django_assert_num_queries(0):
        assert user_is_moderator(moderator) is True
        assert user_is_moderator(reader) is False


def test_an_inactive_account_is_no_session_user_and_no_token_user(moderator_and_reader):
    moderator, _ = moderator_and_reader
    key = Token.objects.create(user=moderator).key
    type(moderator).objects.filter(pk=moderator.pk).update(is_active=False)

    assert EmailOrUsernameBackend().get_user(moderator.pk) is None
    with pytest.raises(AuthenticationFailed):
        BearerOrTokenAuthentication().authenticate_credentials(key)
    with pytest.raises(AuthenticationFailed):
        BearerOrTokenAuthentication().authenticate_credentials("not-a-token")
