"""Token authentication that accepts both ``Authorization: Token <key>`` and ``Authorization: Bearer <key>``."""

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed


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

    def authenticate_header(self, request):
        return "Token"
