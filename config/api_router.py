"""One router for the board's and moderation's API viewsets (mounted at /api/v1/)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

app_name = "api"
urlpatterns = router.urls
