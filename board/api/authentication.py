"""Token authentication that accepts both ``Authorization: Token <key>`` and ``Authorization: Bearer <key>``."""

from django.db.models import OuterRef
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from board.access import IS_MODERATOR_ATTRIBUTE, in_moderators_group


class BearerOrTokenAuthentication(TokenAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Invalid token header.")
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise AuthenticationFailed("Invalid token header.") from exc
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key):
        """DRF's check, with whether the token's user moderates loaded in the same query (read by
        ``board.access.user_is_moderator``)."""
        try:
            token = (
                self.get_model()
                .objects.select_related("user")
                .annotate(**{IS_MODERATOR_ATTRIBUTE: in_moderators_group(OuterRef("user_id"))})
                .get(key=key)
            )
        except self.get_model().DoesNotExist as exc:
            raise AuthenticationFailed(_("Invalid token.")) from exc
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        setattr(token.user, IS_MODERATOR_ATTRIBUTE, getattr(token, IS_MODERATOR_ATTRIBUTE))
        return token.user, token

    def authenticate_header(self, request):
        return "Token"
