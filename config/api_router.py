"""One router for the board's and moderation's API viewsets (mounted at /api/v1/)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from board.api.views import ArticleViewSet, AuthViewSet, CommentViewSet, MeViewSet
from moderation.api.views import CommentPinViewSet, CommentReportViewSet

router = DefaultRouter()
router.register("auth", AuthViewSet, basename="auth")
router.register("articles", ArticleViewSet, basename="article")
router.register("comments", CommentViewSet, basename="comment")
router.register("comments", CommentReportViewSet, basename="comment-report")
router.register("comments", CommentPinViewSet, basename="comment-pin")

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
    *router.urls,
]
