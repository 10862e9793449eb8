"""Template context for every readers' page: the bell's unread count, computed only when a template
prints it (one indexed query; the admin's pages never do)."""

from django.utils.functional import SimpleLazyObject


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from board.selectors import notification_unread_count

        return notification_unread_count(user=user)

    return {"unread_notifications": SimpleLazyObject(count)}
