"""Links between the admin's pages: every moderation screen that names content opens its content page."""

from django.urls import reverse


def detail_url(kind: str, object_id: int) -> str:
    """The moderators' page of one comment, repost or article (``ReviewQueueAdmin.content_detail_view``)."""
    return reverse("admin:moderation_reviewitem_content", args=[kind, object_id])
