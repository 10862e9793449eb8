import pytest
from django.conf import settings

from board.exceptions import ApplicationError
from board.models import LedgerEntry, User
from board.services import account_register, auth_token_issue, auth_token_revoke, user_create, user_update
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_register_creates_a_user_with_a_generated_name_and_the_starting_grant():
    user = account_register(email="New@Example.org", password=PASSWORD)

    assert user.email == "New@example.org"
    assert user.display_name.startswith(settings.BOARD_DISPLAY_NAME_PREFIX)
    assert len(user.display_name) == len(settings.BOARD_DISPLAY_NAME_PREFIX) + 8
    assert user.points_balance == settings.BOARD_STARTING_POINTS
    assert LedgerEntry.objects.get(user=user).amount == settings.BOARD_STARTING_POINTS


def test_register_with_a_known_email_changes_nothing_and_returns_none(reader):
    assert account_register(email=reader.email.upper(), password=PASSWORD) is None
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "password", "display_name", "field"),
    [
        ("not-an-email", PASSWORD, None, "email"),
        ("a@example.org", "123", None, "password"),
        ("a@example.org", "password", None, "password"),
        ("a@example.org", PASSWORD, "ab", "display_name"),
        ("a@example.org", PASSWORD, "x" * 41, "display_name"),
        ("a@example.org", PASSWORD, "<script>", "display_name"),
    ],
)
def test_register_refuses_bad_input(email, password, display_name, field):
    with pytest.raises(ApplicationError) as error:
        account_register(email=email, password=password, display_name=display_name)

    assert field in error.value.fields
    assert not User.objects.exists()


def test_display_names_are_unique_ignoring_case(reader):
    with pytest.raises(ApplicationError) as error:
        account_register(email="x@example.org", password=PASSWORD, display_name="READER ANN")

    assert error.value.fields == {"display_name": ["Already taken."]}


def test_user_update_changes_the_display_name_only_to_a_free_valid_one(reader, other_reader):
    assert user_update(user=reader, display_name="  Ann Again ").display_name == "Ann Again"
    with pytest.raises(ApplicationError):
        user_update(user=reader, display_name="reader bob")
    with pytest.raises(ApplicationError):
        user_update(user=reader, display_name="a")
    assert User.objects.get(pk=reader.pk).display_name == "Ann Again"
    assert user_update(user=reader, display_name="ann again").display_name == "ann again"


def test_token_by_email_or_username_and_revoke(reader):
    token = auth_token_issue(username=reader.email, password=PASSWORD)
    assert auth_token_issue(username=reader.username, password=PASSWORD).key == token.key
    with pytest.raises(ApplicationError) as error:
        auth_token_issue(username=reader.email, password="wrong")
    assert error.value.code == "invalid_credentials"

    assert auth_token_revoke(user=reader) is True
    assert auth_token_revoke(user=reader) is False


def test_user_create_still_refuses_a_known_email():
    make_user(email="dup@example.org")

    with pytest.raises(ApplicationError):
        user_create(email="DUP@example.org", password=PASSWORD)
