"""Moderation's API, at the board's ``comments`` prefix: readers report a comment; moderators pin one.
Each action parses, calls one service, serializes."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from board.access import (
    Viewer,
    comment_get_for_moderation,
    comment_get_open,
    comment_get_readable,
    repost_get_own,
)
from board.api.views import BoardViewSet, errors
from moderation.api.serializers import (
    AppealInputSerializer,
    AppealOutputSerializer,
    PinOutputSerializer,
    ReportInputSerializer,
    ReportOutputSerializer,
)
from moderation.services import appeal_create, comment_pin, comment_unpin, report_create


class CommentReportViewSet(viewsets.ViewSet):
    """``POST /api/v1/comments/{id}/report/``: registered at the board's ``comments`` prefix, report only."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "report_write"
    lookup_value_regex = r"[0-9]+"

    @extend_schema(
        tags=["moderation"],
        request=ReportInputSerializer,
        responses={
            201: ReportOutputSerializer,
            200: OpenApiResponse(ReportOutputSerializer, description="Already reported: the first report."),
            400: OpenApiResponse(description="Bad input, or your own comment (`own_comment`)."),
            401: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(description="Missing, or not visible to this reader."),
            429: OpenApiResponse(description="Too many reports (scope `report_write`)."),
        },
        summary="Report a comment",
        description=(
            "Once per reader and comment. When enough distinct readers report a comment (3 by default), it is "
            "hidden until a moderator decides."
        ),
    )
    @action(detail=True, methods=["post"], url_path="report", url_name="create")
    def report(self, request, pk=None):
        payload = ReportInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = comment_get_open(viewer=Viewer(request.user), comment_id=pk)
        report, created = report_create(reader=request.user, comment=comment, **payload.validated_data)
        return Response(
            ReportOutputSerializer(report).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


# ``POST`` / ``DELETE /api/v1/comments/{id}/pin/``. No docstring of its own: the board's viewset docstring
# describes the operations that have no description of their own (see ``BoardViewSet``).
class CommentPinViewSet(BoardViewSet):
    write_throttle_scopes = {"pin": "reaction_write", "unpin": "reaction_write"}

    @extend_schema(
        tags=["moderation"],
        request=None,
        responses={200: PinOutputSerializer, **errors(400, 401, 403, 404, 409, 429)},
        description="Pin a top-level comment (moderators); the article's previous pinned comment is unpinned.",
    )
    @action(detail=True, methods=["post"])
    def pin(self, request, pk=None):
        comment = comment_get_for_moderation(user=request.user, comment_id=pk)
        changed = comment_pin(moderator=request.user, comment=comment)
        return Response({"is_pinned": True, "changed": changed})

    @extend_schema(
        tags=["moderation"],
        request=None,
        responses={200: PinOutputSerializer, **errors(401, 403, 404, 429)},
    )
    @pin.mapping.delete
    def unpin(self, request, pk=None):
        comment = comment_get_for_moderation(user=request.user, comment_id=pk)
        changed = comment_unpin(moderator=request.user, comment=comment)
        return Response({"is_pinned": False, "changed": changed})


_APPEAL_DESCRIPTION = (
    "Appeal the decision that holds or removes your {target}: `text` 1 to 1,000 characters. 201; a second "
    "appeal of the same decision 409 `appeal_exists`; someone else's content 404; content that is not held "
    "or removed, or a decision past its deadline (`decision.appealable_until`), 400 with the reason."
)
_APPEAL_RESPONSES = {201: AppealOutputSerializer, **errors(400, 401, 404, 409, 429)}


# ``POST /api/v1/comments/{id}/appeal/``, at the board's ``comments`` prefix.
class CommentAppealViewSet(BoardViewSet):
    write_throttle_scopes = {"appeal": "appeal_write"}

    @extend_schema(
        tags=["moderation"],
        request=AppealInputSerializer,
        responses=_APPEAL_RESPONSES,
        description=_APPEAL_DESCRIPTION.format(target="comment"),
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        data = self.parse(AppealInputSerializer)
        comment = comment_get_readable(viewer=self.viewer, comment_id=pk)
        appeal = appeal_create(author=request.user, content=comment, text=data["text"])
        return Response(AppealOutputSerializer(appeal).data, status=status.HTTP_201_CREATED)


# ``POST /api/v1/articles/{id}/repost/appeal/``: your repost of the article, its quote's decision.
class RepostAppealViewSet(BoardViewSet):
    write_throttle_scopes = {"repost_appeal": "appeal_write"}

    @extend_schema(
        tags=["moderation"],
        request=AppealInputSerializer,
        responses=_APPEAL_RESPONSES,
        description=_APPEAL_DESCRIPTION.format(target="repost's quote"),
    )
    @action(detail=True, methods=["post"], url_path="repost/appeal", url_name="repost-appeal")
    def repost_appeal(self, request, pk=None):
        data = self.parse(AppealInputSerializer)
        repost = repost_get_own(user=request.user, article_id=pk)
        appeal = appeal_create(author=request.user, content=repost, text=data["text"])
        return Response(AppealOutputSerializer(appeal).data, status=status.HTTP_201_CREATED)
