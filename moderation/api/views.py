"""Readers' side of moderation: reporting a comment. Each action parses, calls one service, serializes."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from moderation.api.serializers import ReportInputSerializer, ReportOutputSerializer
from moderation.services import report_create


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
        from board.access import Viewer, comment_get_open

        comment = comment_get_open(viewer=Viewer(request.user), comment_id=pk)
        report, created = report_create(reader=request.user, comment=comment, **payload.validated_data)
        return Response(
            ReportOutputSerializer(report).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
