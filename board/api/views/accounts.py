"""The API's accounts: sign-up, tokens, logout, and the reader's own account, ledger, notifications,
notification settings and mutes."""

import hashlib
import json

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

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


EXPORT_QUEUED = "Your data is being gathered; we will email you a link to download it once."
EXPORT_FILENAME = "newsboard-export.json"


def export_file_response(payload: str) -> HttpResponse:
    """The export as a JSON file download (API and pages alike)."""
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    response["Cache-Control"] = "no-store"
    return response


IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="The `ETag` of the list you have: 304 without a body while it is unchanged.",
)


def _me(user) -> dict:
    user.unread_notifications = selectors.notification_unread_count(user=user)
    return s.MeOutputSerializer(user).data


class MeViewSet(BoardViewSet):
    permission_classes = [IsAuthenticated]
    write_throttle_scopes = {
        "partial_update": "account_write",
        "notifications_read": "account_write",
        "notification_settings_update": "account_write",
        "mute": "account_write",
        "unmute": "account_write",
        "destroy": "account_delete",
    }
    # Reads that cost real work (a whole account) or use up a link: throttled although they are GETs.
    read_throttle_scopes = {"export": "account_export", "export_download": "account_export"}

    def get_throttles(self):
        scope = self.read_throttle_scopes.get(self.action)
        if scope is not None:
            self.throttle_scope = scope
            return [ScopedRateThrottle()]
        return super().get_throttles()

    @extend_schema(tags=["me"], responses={200: s.MeOutputSerializer, **errors(401)})
    def retrieve(self, request):
        return Response(_me(request.user))

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
        return Response(_me(user))

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

    @extend_schema(
        tags=["me"],
        request=s.MeDeleteInputSerializer,
        responses={204: None, **errors(400, 401, 429)},
        description=(
            "Erase your account (GDPR article 17), confirmed with your password (400 with a `password` "
            "field error when missing or wrong). At once: the account is deactivated, its token and sessions "
            "stop working, your email, display name and profile are erased, your comments become tombstones "
            "(`[deleted]`, author null) that keep the thread's shape, your likes and reposts are removed. "
            "See docs/privacy.md for what is kept and why."
        ),
    )
    def destroy(self, request):
        data = self.parse(s.MeDeleteInputSerializer)
        try:
            services.account_erase(user=request.user, password=data.get("password"), request=request)
        except ApplicationError as exc:
            if exc.code == "locked":
                raise Throttled(wait=settings.LOGIN_FAILURE_WINDOW_SECONDS, detail=exc.message) from None
            raise
        if request.session is not None and request.session.session_key:
            logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        tags=["me"],
        responses={
            200: s.ExportDocumentSerializer,
            202: s.ExportQueuedSerializer,
            **errors(401, 429),
        },
        description=(
            "A copy of your data (GDPR articles 15 and 20) as a JSON file. A small account gets it at once "
            "(200, `Content-Disposition: attachment`); a larger one 202: a worker builds it and mails a "
            "one-time link (`me/export/download/?token=`). Throttled (`account_export`)."
        ),
    )
    def export(self, request):
        answer = services.account_export_request(user=request.user, site_url=self.site_url())
        if answer.document is not None:
            return export_file_response(json.dumps(answer.document, ensure_ascii=False, indent=1))
        body = {
            "detail": EXPORT_QUEUED,
            "status": answer.export.status,
            "created_at": answer.export.created_at,
        }
        return Response(s.ExportQueuedSerializer(body).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        tags=["me"],
        parameters=[OpenApiParameter("token", OpenApiTypes.STR, description="From the mailed link.")],
        responses={200: s.ExportDocumentSerializer, **errors(400, 401, 404, 429)},
        description=(
            "Download a mailed export, once, signed in as its owner: the link is used up (404 afterwards, "
            "and for an expired link or another reader's)."
        ),
    )
    def export_download(self, request):
        payload = services.account_export_download(user=request.user, token=request.query_params.get("token"))
        return export_file_response(payload)

    @extend_schema(
        tags=["notifications"],
        parameters=[CURSOR, page_size_parameter(settings.BOARD_NOTIFICATION_PAGE_SIZE, 100), IF_NONE_MATCH],
        responses={
            200: s.NotificationPageSerializer,
            304: OpenApiResponse(description="Unchanged since the `ETag` sent in `If-None-Match`."),
            **errors(400, 401),
        },
        description=(
            "The reader's notifications, newest first, grouped (`count`). Answers with an `ETag`; send it "
            "back as `If-None-Match` when polling: 304 while nothing was added, grouped, read or removed."
        ),
    )
    def notifications(self, request):
        state = selectors.notification_list_state(user=request.user)
        raw = f"{request.user.pk}:{state}:{request.get_full_path()}".encode()
        etag = f'"{hashlib.sha256(raw).hexdigest()[:32]}"'
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        page = selectors.notification_page(
            user=request.user,
            cursor=request.query_params.get("cursor"),
            page_size=self.page_size(settings.BOARD_NOTIFICATION_PAGE_SIZE, 100),
        )
        items = [selectors.notification_view(item) for item in page.items]
        results = s.NotificationOutputSerializer(items, many=True, context=self.context()).data
        return Response({"next": self.next_url(page.next_cursor), "results": results}, headers=headers)

    @extend_schema(
        tags=["notifications"],
        request=s.NotificationReadInputSerializer,
        responses={204: None, **errors(400, 401, 429)},
        description="Mark read the notifications up to `up_to` (an id from the list), or all with `{}`.",
    )
    def notifications_read(self, request):
        data = self.parse(s.NotificationReadInputSerializer)
        services.notifications_mark_read(user=request.user, up_to=data.get("up_to"))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(tags=["notifications"], responses={200: s.NotificationSettingsSerializer, **errors(401)})
    def notification_settings(self, request):
        prefs = services.notification_settings_get(request.user.pk)
        return Response(s.NotificationSettingsSerializer(prefs).data)

    @extend_schema(
        tags=["notifications"],
        request=s.NotificationSettingsSerializer,
        responses={200: s.NotificationSettingsSerializer, **errors(400, 401, 429)},
        description="Switch notification kinds and the daily e-mail digest on or off.",
    )
    def notification_settings_update(self, request):
        data = self.parse(s.NotificationSettingsSerializer)
        prefs = services.notification_settings_update(user=request.user, **data)
        return Response(s.NotificationSettingsSerializer(prefs).data)

    @extend_schema(tags=["mutes"], responses={200: s.MuteOutputSerializer(many=True), **errors(401)})
    def mutes(self, request):
        return Response(s.MuteOutputSerializer(selectors.mute_list(user=request.user), many=True).data)

    @extend_schema(
        tags=["mutes"],
        request=s.MuteInputSerializer,
        responses={
            201: s.MuteOutputSerializer,
            200: OpenApiResponse(s.MuteOutputSerializer, description="Already muted."),
            **errors(400, 401, 404, 429),
        },
        description=(
            "Mute a reader: their comments come collapsed for you (`muted: true`) and they cannot notify "
            "you. Private: they are never told."
        ),
    )
    def mute(self, request):
        data = self.parse(s.MuteInputSerializer)
        mute, created = services.mute_create(user=request.user, display_name=data["display_name"])
        return Response(
            s.MuteOutputSerializer(mute).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(tags=["mutes"], request=None, responses={204: None, **errors(401, 404, 429)})
    def unmute(self, request, display_name=None):
        services.mute_delete(user=request.user, display_name=display_name)
        return Response(status=status.HTTP_204_NO_CONTENT)
