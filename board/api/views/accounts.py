"""The API's accounts: sign-up, tokens, logout, and the reader's own account and ledger."""

from django.conf import settings
from django.contrib.auth import logout
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from board import selectors, services
from board.api import serializers as s
from board.api.views.base import CURSOR, BoardViewSet, errors, page_size_parameter
from board.exceptions import ApplicationError

REGISTERED = (
    "If this email can be used, the account is ready: log in with POST auth/token/. "
    "If you already have an account, log in or reset your password."
)


class AuthViewSet(BoardViewSet):
    write_throttle_scopes = {"register": "auth", "token": "auth", "logout": "account_write"}

    def get_permissions(self):
        if self.action == "logout":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(
        tags=["auth"],
        request=s.RegisterInputSerializer,
        responses={202: s.RegisterOutputSerializer, **errors(400, 429)},
        description=(
            "Sign up. Answers 202 with the same body whether or not the email already has an account, so "
            "registration does not reveal who is registered; then log in with `auth/token/`. Input errors "
            "(email format, weak password, display name taken) are 400."
        ),
    )
    @action(detail=False, methods=["post"])
    def register(self, request):
        data = self.parse(s.RegisterInputSerializer)
        services.account_register(
            email=data["email"], password=data["password"], display_name=data.get("display_name")
        )
        return Response({"detail": REGISTERED}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        tags=["auth"],
        request=s.TokenInputSerializer,
        responses={200: s.TokenOutputSerializer, **errors(400, 429)},
        description="Log in with a username or email; send the token as `Authorization: Token <token>`.",
    )
    @action(detail=False, methods=["post"])
    def token(self, request):
        data = self.parse(s.TokenInputSerializer)
        try:
            token = services.auth_token_issue(
                username=data["username"], password=data["password"], request=request
            )
        except ApplicationError:
            # Too many failures for this account or address (board.login_limits): 429 with Retry-After,
            # even for the right password, until the window ends.
            if getattr(request, "login_locked", False):
                raise Throttled(
                    wait=settings.LOGIN_FAILURE_WINDOW_SECONDS, detail="Too many failed logins; try later."
                ) from None
            raise
        return Response({"token": token.key})

    @extend_schema(tags=["auth"], request=None, responses={204: None, **errors(401, 429)})
    @action(detail=False, methods=["post"])
    def logout(self, request):
        services.auth_token_revoke(user=request.user)
        if request.session is not None and request.session.session_key:
            logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeViewSet(BoardViewSet):
    permission_classes = [IsAuthenticated]
    write_throttle_scopes = {"partial_update": "account_write"}

    @extend_schema(tags=["me"], responses={200: s.MeOutputSerializer, **errors(401)})
    def retrieve(self, request):
        return Response(s.MeOutputSerializer(request.user).data)

    @extend_schema(
        tags=["me"],
        request=s.MeUpdateInputSerializer,
        responses={200: s.MeOutputSerializer, **errors(400, 401, 429)},
        description=(
            "Change the display name and the language you read in (`language`: an ISO 639-1 code, or null "
            "for your device's). Other fields are ignored."
        ),
    )
    def partial_update(self, request):
        data = self.parse(s.MeUpdateInputSerializer)
        changes = {"language": data["language"]} if "language" in data else {}
        user = services.user_update(user=request.user, display_name=data.get("display_name"), **changes)
        return Response(s.MeOutputSerializer(user).data)

    @extend_schema(
        tags=["me"],
        parameters=[CURSOR, page_size_parameter(settings.BOARD_LEDGER_PAGE_SIZE, 100)],
        responses={200: s.LedgerPageSerializer, **errors(400, 401)},
        description="The reader's points ledger, newest first.",
    )
    def ledger(self, request):
        page = selectors.ledger_page(
            user=request.user,
            cursor=request.query_params.get("cursor"),
            page_size=self.page_size(settings.BOARD_LEDGER_PAGE_SIZE, 100),
        )
        results = s.LedgerEntryOutputSerializer(page.items, many=True).data
        return Response({"next": self.next_url(page.next_cursor), "results": results})
