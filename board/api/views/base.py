"""What the board's API viewsets share: the schema's error answers and parameters, and ``BoardViewSet``
(numeric ids, throttles per write, the reader, paging and comment answers)."""

from functools import partial

from django.conf import settings
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.utils.urls import replace_query_param

from board import selectors
from board.access import Viewer
from board.api import serializers as s
from board.caching import HotRead
from board.extensions import write_throttles
from board.models import IDEMPOTENCY_KEY_MAX_LENGTH, TextKind
from board.translation import request_language, translations_attach

_ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="Invalid input: `errors` maps fields to messages."),
    401: OpenApiResponse(s.ErrorSerializer, description="Not signed in."),
    403: OpenApiResponse(s.ErrorSerializer, description="Signed in but not allowed."),
    404: OpenApiResponse(s.ErrorSerializer, description="Missing, or not visible to this reader."),
    409: OpenApiResponse(s.ErrorSerializer, description="The current state does not allow it."),
    429: OpenApiResponse(s.ErrorSerializer, description="Throttled: retry after `Retry-After` seconds."),
}


def errors(*codes: int) -> dict:
    return {code: _ERRORS[code] for code in codes}


WRITE_ERRORS = (400, 401, 403, 404, 429)
CURSOR = OpenApiParameter("cursor", OpenApiTypes.STR, description="From the previous page's `next`.")
LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    description=(
        "The language to read in (ISO 639-1, one of the offered ones), or `original` for every text as "
        "written. Default: your profile's language, else `Accept-Language`, else originals."
    ),
)


def page_size_parameter(default: int, maximum: int) -> OpenApiParameter:
    return OpenApiParameter(
        "page_size", OpenApiTypes.INT, description=f"Items per page, 1 to {maximum} (default {default})."
    )


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description=(
        f"Optional, up to {IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters (a UUID is ideal). Repeating "
        "a request with the same key returns the first result (200) and moves no more points; the same key "
        "with another body is 409."
    ),
)


def reward_schema(target: str):
    """The OpenAPI description of ``POST <target>s/{id}/rewards/`` (articles and comments alike)."""
    return extend_schema(
        tags=["rewards"],
        parameters=[IDEMPOTENCY_KEY],
        request=s.RewardInputSerializer,
        responses={
            201: s.RewardOutputSerializer,
            200: OpenApiResponse(s.RewardOutputSerializer, description="Replay of an Idempotency-Key."),
            **errors(400, 401, 403, 404, 409, 429),
        },
        description=f"Tip the {target}'s author points from your balance (409 `insufficient_points`).",
    )


def like_schema(target: str):
    """The OpenAPI description of ``POST <target>s/{id}/like/`` (articles and comments alike)."""
    return extend_schema(
        tags=["reactions"],
        request=None,
        responses={201: s.LikeOutputSerializer, 200: s.LikeOutputSerializer, **errors(401, 404, 429)},
        description=f"Like the {target}: 201 when added, 200 when it was already liked.",
    )


UNLIKE_SCHEMA = extend_schema(
    tags=["reactions"], request=None, responses={204: None, **errors(401, 404, 429)}
)


def like_response(target, created: bool) -> Response:
    """201 when this request added the like, 200 when it was there; the count the service set."""
    return Response(
        {"liked": True, "like_count": target.like_count},
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


# The docstring of BoardViewSet is also the schema's description of every operation that has none
# (drf-spectacular reads the view class's docstring, inherited): the viewsets below have none of their own,
# and changing this one changes GET /api/schema/.
class BoardViewSet(viewsets.GenericViewSet):
    """Numeric ids only; write actions throttled by ``write_throttle_scopes`` (action name to scope)."""

    lookup_value_regex = r"[0-9]+"
    write_throttle_scopes: dict[str, str] = {}
    # OPTIONS answers 405: DRF's metadata asks a GenericViewSet for a serializer_class, which ours do not
    # have (one serializer per action), and failed with a 500.
    metadata_class = None

    # Writes of text (comments, quotes): also limited by ``BOARD_WRITE_THROTTLES`` (moderation's trust-aware
    # throttle: new and penalised accounts write slower), as on the readers' pages.
    text_write_actions: frozenset[str] = frozenset()

    # Reads that anonymous readers are served from the cache (``board.caching``): action name to its
    # ``HotRead``; ``hot_read_versions`` names the versions each shows.
    hot_reads: dict[str, HotRead] = {}

    def hot_read_versions(self, read: HotRead, kwargs: dict) -> list[str]:
        return []

    def dispatch(self, request, *args, **kwargs):
        # Before DRF's own dispatch: a cached answer skips authentication, throttles and rendering.
        read = self.hot_reads.get(self.action_map.get(request.method.lower(), ""))
        if read is None:
            return super().dispatch(request, *args, **kwargs)
        render = partial(super().dispatch, request, *args, **kwargs)
        return read.serve(request, partial(self.hot_read_versions, read, kwargs), render)

    def get_throttles(self):
        scope = self.write_throttle_scopes.get(self.action)
        if self.request.method in SAFE_METHODS or scope is None:
            return []
        self.throttle_scope = scope
        if self.action in self.text_write_actions:
            return [ScopedRateThrottle(), *write_throttles()]
        return [ScopedRateThrottle()]

    @property
    def viewer(self) -> Viewer:
        if not hasattr(self, "_viewer"):
            self._viewer = Viewer(self.request.user)
        return self._viewer

    @property
    def reader_language(self) -> str | None:
        """The language this read is answered in (``board.translation.reader_language``); None: originals."""
        if not hasattr(self, "_reader_language"):
            # An unknown ?lang= is a 400 on reads; a write's answer (already committed) ignores it.
            self._reader_language = request_language(self.request, strict=self.request.method in SAFE_METHODS)
        return self._reader_language

    def translate(self, kind: str, contents: list) -> list:
        """Attach the reader's translations to ``contents`` (``translations_attach``)."""
        return translations_attach(kind=kind, contents=contents, language=self.reader_language)

    def translate_comments(self, comments: list) -> None:
        """Translations for every comment of a page whose text this reader is shown, nested replies too."""
        shown, stack = [], list(comments)
        while stack:
            comment = stack.pop()
            stack.extend(getattr(comment, "preview_replies", ()))
            if selectors.comment_presentation(comment, self.viewer).text_shown:
                shown.append(comment)
        self.translate(TextKind.COMMENT, shown)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if hasattr(self, "_reader_language"):  # the answer depended on the reader's language
            patch_vary_headers(response, ("Accept-Language",))
        return response

    def site_url(self) -> str:
        return settings.BOARD_SITE_URL or self.request.build_absolute_uri("/").rstrip("/")

    def context(self, **extra) -> dict:
        return {"request": self.request, "viewer": self.viewer, "site_url": self.site_url(), **extra}

    def next_url(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.site_url() + self.request.get_full_path(), "cursor", cursor)

    def parse(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def page_size(self, default: int, maximum: int) -> int:
        return selectors.page_size_clean(
            self.request.query_params.get("page_size"), default=default, maximum=maximum
        )

    def comment_page_response(self, page) -> Response:
        self.translate_comments(page.items)
        flags = None
        if self.viewer.is_authenticated:
            ids = selectors.comment_tree_ids(page.items)
            flags = selectors.comment_viewer_flags(viewer=self.viewer, comment_ids=ids)
        decisions = selectors.comment_decisions(viewer=self.viewer, comments=page.items)
        results = s.CommentOutputSerializer(
            page.items, many=True, context=self.context(viewer_flags=flags, decisions=decisions)
        ).data
        return Response({"next": self.next_url(page.next_cursor), "results": results})

    def comment_response(self, comment, *, status_code=status.HTTP_200_OK, flags=None) -> Response:
        if not hasattr(comment, "preview_replies"):
            comment.preview_replies = []
        self.translate_comments([comment])
        if flags is None and self.viewer.is_authenticated:
            ids = selectors.comment_tree_ids([comment])
            flags = selectors.comment_viewer_flags(viewer=self.viewer, comment_ids=ids)
        decisions = selectors.comment_decisions(viewer=self.viewer, comments=[comment])
        data = s.CommentOutputSerializer(
            comment, context=self.context(viewer_flags=flags, decisions=decisions)
        ).data
        return Response(data, status=status_code)


def reward_response(reward, replayed: bool) -> Response:
    return Response(
        s.RewardOutputSerializer(reward).data,
        status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED,
    )
