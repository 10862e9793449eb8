"""The board's REST API (``/api/v1/``): each action parses, calls one service or selector, and serializes.

Reads are public; writes need a signed-in reader (401 otherwise) and are throttled per user with a scope per
kind of write (``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``). Domain errors become responses in
``board.api.exception_handler``.
"""

from django.conf import settings
from django.contrib.auth import logout
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.utils.urls import replace_query_param

from board import access, selectors, services
from board.access import Viewer
from board.api import serializers as s
from board.api.permissions import CanPublishArticles
from board.exceptions import ApplicationError, NotFound
from moderation.throttles import TrustAwareWriteThrottle

# ---------------------------------------------------------------------------------------------------------
# Shared plumbing
# ---------------------------------------------------------------------------------------------------------

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


def page_size_parameter(default: int, maximum: int) -> OpenApiParameter:
    return OpenApiParameter(
        "page_size", OpenApiTypes.INT, description=f"Items per page, 1 to {maximum} (default {default})."
    )


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description=(
        "Optional, up to 128 printable ASCII characters (a UUID is ideal). Repeating a request with the same "
        "key returns the first result (200) and moves no more points; the same key with another body is 409."
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


class BoardViewSet(viewsets.GenericViewSet):
    """Numeric ids only; write actions throttled by ``write_throttle_scopes`` (action name to scope)."""

    lookup_value_regex = r"[0-9]+"
    write_throttle_scopes: dict[str, str] = {}
    # OPTIONS answers 405: DRF's metadata asks a GenericViewSet for a serializer_class, which ours do not
    # have (one serializer per action), and failed with a 500.
    metadata_class = None

    # Writes of content that moderation screens: also limited by the writer's trust (new and penalised
    # accounts write slower), as the readers' pages are.
    trust_throttled_actions: frozenset[str] = frozenset()

    def get_throttles(self):
        scope = self.write_throttle_scopes.get(self.action)
        if self.request.method in SAFE_METHODS or scope is None:
            return []
        self.throttle_scope = scope
        if self.action in self.trust_throttled_actions:
            return [ScopedRateThrottle(), TrustAwareWriteThrottle()]
        return [ScopedRateThrottle()]

    @property
    def viewer(self) -> Viewer:
        if not hasattr(self, "_viewer"):
            self._viewer = Viewer(self.request.user)
        return self._viewer

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
        flags = None
        if self.viewer.is_authenticated:
            ids = selectors.comment_tree_ids(page.items)
            flags = selectors.comment_viewer_flags(viewer=self.viewer, comment_ids=ids)
        results = s.CommentOutputSerializer(
            page.items, many=True, context=self.context(viewer_flags=flags)
        ).data
        return Response({"next": self.next_url(page.next_cursor), "results": results})

    def comment_response(self, comment, *, status_code=status.HTTP_200_OK, flags=None) -> Response:
        if not hasattr(comment, "preview_replies"):
            comment.preview_replies = []
        if flags is None and self.viewer.is_authenticated:
            ids = selectors.comment_tree_ids([comment])
            flags = selectors.comment_viewer_flags(viewer=self.viewer, comment_ids=ids)
        data = s.CommentOutputSerializer(comment, context=self.context(viewer_flags=flags)).data
        return Response(data, status=status_code)


# ---------------------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------------------

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
        description="Change the display name. Other fields are ignored.",
    )
    def partial_update(self, request):
        data = self.parse(s.MeUpdateInputSerializer)
        user = services.user_update(user=request.user, display_name=data.get("display_name"))
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


# ---------------------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------------------


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
    trust_throttled_actions = frozenset({"comment_create", "repost"})

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated(), CanPublishArticles()]
        return super().get_permissions()

    def article(self, pk) -> object:
        return access.article_get_visible(viewer=self.viewer, article_id=pk)

    @extend_schema(
        tags=["articles"],
        parameters=[CURSOR, page_size_parameter(settings.BOARD_ARTICLE_PAGE_SIZE, 100)],
        responses={200: s.ArticlePageSerializer, **errors(400)},
        description="The feed: pinned articles first, then newest.",
    )
    def list(self, request):
        page = selectors.article_page(
            viewer=self.viewer,
            cursor=request.query_params.get("cursor"),
            page_size=self.page_size(settings.BOARD_ARTICLE_PAGE_SIZE, 100),
        )
        results = s.ArticleListOutputSerializer(page.items, many=True, context=self.context()).data
        return Response({"next": self.next_url(page.next_cursor), "results": results})

    @extend_schema(tags=["articles"], responses={200: s.ArticleOutputSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return Response(s.ArticleOutputSerializer(self.article(pk), context=self.context()).data)

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
            language=data["language"],
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

    @extend_schema(
        tags=["reactions"],
        request=None,
        responses={201: s.LikeOutputSerializer, 200: s.LikeOutputSerializer, **errors(401, 404, 429)},
        description="Like the article: 201 when added, 200 when it was already liked.",
    )
    @action(detail=True, methods=["post"])
    def like(self, request, pk=None):
        article = self.article(pk)
        created = services.article_like(user=request.user, article=article)
        article.refresh_from_db(fields=["like_count"])
        return Response(
            {"liked": True, "like_count": article.like_count},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(tags=["reactions"], request=None, responses={204: None, **errors(401, 404, 429)})
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
        article.refresh_from_db(fields=["repost_count"])
        body = s.RepostOutputSerializer(
            {
                "article_id": article.pk,
                "quote": repost.quote,
                "moderation_state": repost.moderation_state,
                "created_at": repost.created_at,
                "repost_count": article.repost_count,
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

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
        article.refresh_from_db(fields=["share_count"])
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


def reward_response(reward, replayed: bool) -> Response:
    return Response(
        s.RewardOutputSerializer(reward).data,
        status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED,
    )


# ---------------------------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------------------------


class CommentViewSet(BoardViewSet):
    write_throttle_scopes = {
        "partial_update": "comment_write",
        "destroy": "comment_write",
        "like": "reaction_write",
        "unlike": "reaction_write",
        "rewards": "reward_write",
        "pin": "reaction_write",
        "unpin": "reaction_write",
    }
    trust_throttled_actions = frozenset({"partial_update"})

    @extend_schema(tags=["comments"], responses={200: s.CommentOutputSerializer, **errors(404)})
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

    @extend_schema(
        tags=["reactions"],
        request=None,
        responses={201: s.LikeOutputSerializer, 200: s.LikeOutputSerializer, **errors(401, 404, 429)},
        description="Like the comment: 201 when added, 200 when it was already liked.",
    )
    @action(detail=True, methods=["post"])
    def like(self, request, pk=None):
        comment = access.comment_get_open(viewer=self.viewer, comment_id=pk)
        created = services.comment_like(user=request.user, comment=comment)
        comment.refresh_from_db(fields=["like_count"])
        return Response(
            {"liked": True, "like_count": comment.like_count},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(tags=["reactions"], request=None, responses={204: None, **errors(401, 404, 429)})
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

    @extend_schema(
        tags=["moderation"],
        request=None,
        responses={200: s.PinOutputSerializer, **errors(400, 401, 403, 404, 409, 429)},
        description="Pin a top-level comment (moderators); the article's previous pinned comment is unpinned.",
    )
    @action(detail=True, methods=["post"])
    def pin(self, request, pk=None):
        comment = access.comment_get_for_moderation(user=request.user, comment_id=pk)
        changed = services.comment_pin(actor=request.user, comment=comment)
        return Response({"is_pinned": True, "changed": changed})

    @extend_schema(
        tags=["moderation"],
        request=None,
        responses={200: s.PinOutputSerializer, **errors(401, 403, 404, 429)},
    )
    @pin.mapping.delete
    def unpin(self, request, pk=None):
        comment = access.comment_get_for_moderation(user=request.user, comment_id=pk)
        changed = services.comment_unpin(actor=request.user, comment=comment)
        return Response({"is_pinned": False, "changed": changed})
