"""Permission classes for checks that must come before input is parsed (so readers get 403, not 400)."""

from rest_framework.permissions import BasePermission


class CanPublishArticles(BasePermission):
    """Staff and bot accounts publish articles; ``services.article_publish`` enforces the same rule."""

    message = "Only staff and bot accounts publish articles."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or user.is_bot))
