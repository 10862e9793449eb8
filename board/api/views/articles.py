"""The API's articles: the feed, an article, its comments, and the reactions and rewards on it."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from board import access, selectors, services
from board.api import serializers as s
from board.api.permissions import CanPublishArticles
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
from board.caching import FEED, HotRead, article_version
from board.exceptions import ApplicationError, NotFound
from board.models import TextKind


class ArticleViewSet(BoardViewSet):
    write_throttle_scopes = {
        "create": "article_write",
        "comment_create": "comment_write",
        "like": "reaction_write",
        "unlike": "reaction_write",
        "repost": "reaction_write",
        "unrepost": "reaction_write",
        "share": "reaction_write",
        "rewards": "reward_write",
    }
    text_write_actions = frozenset({"comment_create", "repost"})
    hot_reads = {
        "list": HotRead("api:feed", params=frozenset({"cursor", "page_size", "lang"}), strict_language=True),
        "retrieve": HotRead("api:article", params=frozenset({"lang"}), strict_language=True),
        "comments": HotRead(
            "api:comments",
            params=frozenset({"ordering", "cursor", "page_size", "lang"}),
            strict_language=True,
        ),
    }

    def hot_read_versions(self, read, kwargs):
        return [FEED] if read.name == "api:feed" else [article_version(int(kwargs["pk"]))]

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated(), CanPublishArticles()]
        if self.action == "own_repost":
            return [IsAuthenticated()]
        return super().get_permissions()

    def article(self, pk) -> object:
        return access.article_get_visible(viewer=self.viewer, article_id=pk)

    @extend_schema(
        tags=["articles"],
        parameters=[CURSOR, page_size_parameter(settings.BOARD_ARTICLE_PAGE_SIZE, 100), LANG],
        responses={200: s.ArticlePageSerializer, **errors(400)},
        description="The feed: pinned articles first, then newest.",
    )
    def list(self, request):
        page = selectors.article_page(
            viewer=self.viewer,
            cursor=request.query_params.get("cursor"),
            page_size=self.page_size(settings.BOARD_ARTICLE_PAGE_SIZE, 100),
        )
        self.translate(TextKind.ARTICLE, page.items)
        results = s.ArticleListOutputSerializer(page.items, many=True, context=self.context()).data
        return Response({"next": self.next_url(page.next_cursor), "results": results})

    @extend_schema(
        tags=["articles"], parameters=[LANG], responses={200: s.ArticleOutputSerializer, **errors(400, 404)}
    )
    def retrieve(self, request, pk=None):
        article = self.article(pk)
        self.translate(TextKind.ARTICLE, [article])
        return Response(s.ArticleOutputSerializer(article, context=self.context()).data)

    @extend_schema(
        tags=["articles"],
        request=s.ArticleCreateInputSerializer,
        responses={201: s.ArticleOutputSerializer, **errors(400, 401, 403, 429)},
        description="Publish an article (staff and bot accounts only). The abstract starts `pending`.",
    )
    def create(self, request):
        data = self.parse(s.ArticleCreateInputSerializer)
        disclaimer = None
        if data.get("disclaimer_key"):
            disclaimer = selectors.disclaimer_latest(key=data["disclaimer_key"])
            if disclaimer is None:
                raise ApplicationError("Unknown disclaimer.", fields={"disclaimer_key": ["Unknown key."]})
        article = services.article_publish(
            author=request.user,
            title=data["title"],
            body=data["body"],
            source_name=data["source_name"],
            original_url=data["original_url"],
            language=data.get("language"),
            disclaimer=disclaimer,
            published_at=data.get("published_at"),
            is_pinned=data["is_pinned"],
        )
        return Response(
            s.ArticleOutputSerializer(self.article(article.pk), context=self.context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        tags=["comments"],
        parameters=[
            OpenApiParameter(
                "ordering", OpenApiTypes.STR, enum=["newest", "oldest", "top"], default="newest"
            ),
            CURSOR,
            page_size_parameter(settings.BOARD_COMMENT_PAGE_SIZE, settings.BOARD_COMMENT_PAGE_SIZE_MAX),
            LANG,
        ],
        responses={200: s.CommentPageSerializer, **errors(400, 404)},
        description=(
            "A page of top-level comments (the pinned one first, on the first page), each with `reply_count` "
            "and `replies`: its first replies, oldest first, nested the same way a few levels deep. More "
            "replies: `GET comments/{id}/replies/`. At most 500 comments per response."
        ),
    )
    @action(detail=True, methods=["get"])
    def comments(self, request, pk=None):
        article = self.article(pk)
        page = selectors.comment_thread_page(
            viewer=self.viewer,
            article=article,
            ordering=request.query_params.get("ordering") or "newest",
            cursor=request.query_params.get("cursor"),
            page_size=self.page_size(settings.BOARD_COMMENT_PAGE_SIZE, settings.BOARD_COMMENT_PAGE_SIZE_MAX),
        )
        return self.comment_page_response(page)

    @extend_schema(
        tags=["comments"],
        request=s.CommentCreateInputSerializer,
        responses={201: s.CommentOutputSerializer, **errors(*WRITE_ERRORS)},
        description="Comment on the article, or reply to one of its comments with `parent`.",
    )
    @comments.mapping.post
    def comment_create(self, request, pk=None):
        data = self.parse(s.CommentCreateInputSerializer)
        article = access.article_get_for_comment(viewer=self.viewer, article_id=pk)
        parent = None
        if data.get("parent") is not None:
            try:
                parent = access.comment_get_open(viewer=self.viewer, comment_id=data["parent"])
            except NotFound as exc:
                raise ApplicationError("Unknown parent.", fields={"parent": ["Not found."]}) from exc
        comment = services.comment_create(
            author=request.user, article=article, body=data["body"], parent=parent
        )
        return self.comment_response(comment, status_code=status.HTTP_201_CREATED, flags={})

    @like_schema("article")
    @action(detail=True, methods=["post"])
    def like(self, request, pk=None):
        article = self.article(pk)
        created = services.article_like(user=request.user, article=article)
        return like_response(article, created)

    @UNLIKE_SCHEMA
    @like.mapping.delete
    def unlike(self, request, pk=None):
        services.article_unlike(user=request.user, article=self.article(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        tags=["reactions"],
        request=s.RepostInputSerializer,
        responses={201: s.RepostOutputSerializer, 200: s.RepostOutputSerializer, **errors(*WRITE_ERRORS)},
        description="Repost (201), or change the quote of one's repost (200). One repost per reader.",
    )
    @action(detail=True, methods=["post"])
    def repost(self, request, pk=None):
        data = self.parse(s.RepostInputSerializer)
        article = self.article(pk)
        repost, created = services.repost_create(
            user=request.user, article=article, quote=data.get("quote", "")
        )
        return Response(
            self.repost_body(article, repost),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        tags=["reactions"],
        responses={200: s.RepostOutputSerializer, **errors(401, 404)},
        description=(
            "Your own repost of the article, in any moderation state; a held or removed quote carries "
            "`decision`, the statement of reasons (appeal it at `repost/appeal/`). 404 if you have none."
        ),
    )
    @repost.mapping.get
    def own_repost(self, request, pk=None):
        article = self.article(pk)
        return Response(self.repost_body(article, selectors.repost_own(user=request.user, article=article)))

    def repost_body(self, article, repost) -> dict:
        self.translate(TextKind.REPOST, [repost] if repost.quote else [])
        return s.RepostOutputSerializer(
            {
                "article_id": article.pk,
                "quote": repost.quote,
                "language": repost.language,
                "translation": getattr(repost, "translation", None),
                "moderation_state": repost.moderation_state,
                "created_at": repost.created_at,
                "repost_count": article.repost_count,
                "decision": selectors.repost_decision(repost=repost),
            }
        ).data

    @extend_schema(tags=["reactions"], request=None, responses={204: None, **errors(401, 404, 429)})
    @repost.mapping.delete
    def unrepost(self, request, pk=None):
        services.repost_delete(user=request.user, article=self.article(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        tags=["reactions"],
        request=s.ShareInputSerializer,
        responses={201: s.ShareOutputSerializer, **errors(*WRITE_ERRORS)},
        description="Record a share; answers the URL to share, with the reader's referral code.",
    )
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        data = self.parse(s.ShareInputSerializer)
        article = self.article(pk)
        share = services.share_create(article=article, user=request.user, channel=data["channel"])
        url = services.share_url(article=article, user=request.user, base_url=self.site_url())
        return Response(
            {"url": url, "channel": share.channel, "share_count": article.share_count},
            status=status.HTTP_201_CREATED,
        )

    @reward_schema("article")
    @action(detail=True, methods=["post"])
    def rewards(self, request, pk=None):
        data = self.parse(s.RewardInputSerializer)
        article = self.article(pk)
        reward, replayed = services.reward_create(
            giver=request.user,
            article=article,
            points=data["points"],
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return reward_response(reward, replayed)
