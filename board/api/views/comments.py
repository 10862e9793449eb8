"""The API's comments: one comment, its replies, editing and deleting it, and the reactions and rewards on
it. Moderators' acts on comments (pin) are moderation's (``moderation.api.views``), at the same prefix."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from board import access, selectors, services
from board.api import serializers as s
from board.api.views.base import (
    CURSOR,
    LANG,
    UNLIKE_SCHEMA,
    WRITE_ERRORS,
    BoardViewSet,
    errors,
    like_response,
    like_schema,
    page_size_parameter,
    reward_response,
    reward_schema,
)


class CommentViewSet(BoardViewSet):
    write_throttle_scopes = {
        "partial_update": "comment_write",
        "destroy": "comment_write",
        "like": "reaction_write",
        "unlike": "reaction_write",
        "rewards": "reward_write",
    }
    text_write_actions = frozenset({"partial_update"})

    @extend_schema(
        tags=["comments"], parameters=[LANG], responses={200: s.CommentOutputSerializer, **errors(400, 404)}
    )
    def retrieve(self, request, pk=None):
        comment = access.comment_get_readable(viewer=self.viewer, comment_id=pk)
        selectors.comment_attach_previews(viewer=self.viewer, comments=[comment])
        return self.comment_response(comment)

    @extend_schema(
        tags=["comments"],
        request=s.CommentUpdateInputSerializer,
        responses={200: s.CommentOutputSerializer, **errors(*WRITE_ERRORS, 409)},
        description="Edit your comment; the previous text is kept for moderators.",
    )
    def partial_update(self, request, pk=None):
        data = self.parse(s.CommentUpdateInputSerializer)
        comment = access.comment_get_for_edit(user=request.user, comment_id=pk)
        comment = services.comment_edit(actor=request.user, comment=comment, body=data["body"])
        return self.comment_response(comment)

    @extend_schema(tags=["comments"], responses={204: None, **errors(401, 403, 404, 429)})
    def destroy(self, request, pk=None):
        comment = access.comment_get_for_edit(user=request.user, comment_id=pk)
        services.comment_delete(actor=request.user, comment=comment)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        tags=["comments"],
        parameters=[
            CURSOR,
            page_size_parameter(settings.BOARD_COMMENT_PAGE_SIZE, settings.BOARD_COMMENT_PAGE_SIZE_MAX),
            LANG,
        ],
        responses={200: s.CommentPageSerializer, **errors(400, 404)},
        description="A page of the comment's direct replies, oldest first, each with its first replies.",
    )
    @action(detail=True, methods=["get"])
    def replies(self, request, pk=None):
        comment = access.comment_get_readable(viewer=self.viewer, comment_id=pk)
        page = selectors.comment_replies_page(
            viewer=self.viewer,
            comment=comment,
            cursor=request.query_params.get("cursor"),
            page_size=self.page_size(settings.BOARD_COMMENT_PAGE_SIZE, settings.BOARD_COMMENT_PAGE_SIZE_MAX),
        )
        return self.comment_page_response(page)

    @like_schema("comment")
    @action(detail=True, methods=["post"])
    def like(self, request, pk=None):
        comment = access.comment_get_open(viewer=self.viewer, comment_id=pk)
        created = services.comment_like(user=request.user, comment=comment)
        return like_response(comment, created)

    @UNLIKE_SCHEMA
    @like.mapping.delete
    def unlike(self, request, pk=None):
        comment = access.comment_get_readable(viewer=self.viewer, comment_id=pk)
        services.comment_unlike(user=request.user, comment=comment)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @reward_schema("comment")
    @action(detail=True, methods=["post"])
    def rewards(self, request, pk=None):
        data = self.parse(s.RewardInputSerializer)
        comment = access.comment_get_open(viewer=self.viewer, comment_id=pk)
        reward, replayed = services.reward_create(
            giver=request.user,
            comment=comment,
            points=data["points"],
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return reward_response(reward, replayed)
