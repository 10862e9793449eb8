"""Template context for every readers' page: the bell's unread count. The session's user is loaded with it
(``board.auth_backends``); any other user gets it from one indexed query, only when a template prints it
(the admin's pages never do)."""

from django.utils.functional import SimpleLazyObject


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from board.selectors import UNREAD_COUNT_ATTRIBUTE, notification_unread_count

        loaded = getattr(user, UNREAD_COUNT_ATTRIBUTE, None)
        return notification_unread_count(user=user) if loaded is None else loaded

    return {"unread_notifications": SimpleLazyObject(count)}
