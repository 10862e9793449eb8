"""Log in with an email address or a username, with the same password check as Django's ModelBackend."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or not password:
            return None
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
