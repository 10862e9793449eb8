"""Top-level URLs: the health probe, the admin, the REST API and its schema, the readers' pages."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.health import healthz
from moderation.web import comment_appeal

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Split view: the page loads its init script from a URL, not inline, so the CSP can stay 'self'.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Moderation's appeal form under an author's held or removed comment (the page is the board's).
    path("comments/<int:comment_id>/appeal/", comment_appeal, name="comment-appeal"),
    path("", include("board.urls")),
]
