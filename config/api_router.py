"""One router for the board's and moderation's API viewsets (mounted at /api/v1/)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from board.api.views import ArticleViewSet, AuthViewSet, CommentViewSet, MeViewSet, SearchViewSet
from moderation.api.views import (
    CommentAppealViewSet,
    CommentPinViewSet,
    CommentReportViewSet,
    RepostAppealViewSet,
)

router = DefaultRouter()
router.register("auth", AuthViewSet, basename="auth")
router.register("articles", ArticleViewSet, basename="article")
router.register("comments", CommentViewSet, basename="comment")
router.register("comments", CommentReportViewSet, basename="comment-report")
router.register("comments", CommentPinViewSet, basename="comment-pin")
router.register("comments", CommentAppealViewSet, basename="comment-appeal")
router.register("articles", RepostAppealViewSet, basename="article-repost-appeal")
router.register("search", SearchViewSet, basename="search")

app_name = "api"
urlpatterns = [
    path(
        "me/",
        MeViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
        name="me",
    ),
    path("me/export/", MeViewSet.as_view({"get": "export"}), name="me-export"),
    path("me/export/download/", MeViewSet.as_view({"get": "export_download"}), name="me-export-download"),
    path("me/ledger/", MeViewSet.as_view({"get": "ledger"}), name="me-ledger"),
    path("me/notifications/", MeViewSet.as_view({"get": "notifications"}), name="me-notifications"),
    path(
        "me/notifications/read/",
        MeViewSet.as_view({"post": "notifications_read"}),
        name="me-notifications-read",
    ),
    path(
        "me/notifications/settings/",
        MeViewSet.as_view({"get": "notification_settings", "patch": "notification_settings_update"}),
        name="me-notification-settings",
    ),
    path("me/mutes/", MeViewSet.as_view({"get": "mutes", "post": "mute"}), name="me-mutes"),
    path("me/mutes/<path:display_name>/", MeViewSet.as_view({"delete": "unmute"}), name="me-mute"),
    *router.urls,
]
