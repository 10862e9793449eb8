"""Log in with an email address or a username, with the same password check as Django's ModelBackend.

Every login path (site form, admin, API token) comes through here, so brute-force limits apply to all.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef

from board.access import IS_MODERATOR_ATTRIBUTE, in_moderators_group
from board.login_limits import client_address, login_failure_record, login_failures_clear, login_is_locked
from board.selectors import UNREAD_COUNT_ATTRIBUTE, notification_unread_count_of


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or not password:
            return None
        ip_address = client_address(request)
        if login_is_locked(username=username, ip_address=ip_address):
            # Refused even with the right password until the window ends; callers may answer 429.
            if request is not None:
                request.login_locked = True
            return None
        user = self._check_password(username, password)
        if user is None:
            login_failure_record(username=username, ip_address=ip_address)
        else:
            login_failures_clear(username=username)
        return user

    def get_user(self, user_id):
        """The session's user, whether they moderate (read by ``board.access.user_is_moderator``) and their
        unread notifications (the bell's count), in the one query Django spends on the session's user anyway:
        a signed-in page no longer asks again."""
        user = (
            get_user_model()
            ._default_manager.annotate(
                **{
                    IS_MODERATOR_ATTRIBUTE: in_moderators_group(OuterRef("pk")),
                    UNREAD_COUNT_ATTRIBUTE: notification_unread_count_of(OuterRef("pk")),
                }
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def _check_password(self, username: str, password: str):
        user_model = get_user_model()
        lookup = {"email__iexact": username} if "@" in username else {"username__iexact": username}
        user = user_model._default_manager.filter(**lookup).order_by("pk").first()
        if user is None:
            # Spend the same time as a real check, so timing does not reveal which accounts exist.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
