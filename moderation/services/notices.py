"""What moderation tells authors about their content: a ``moderation`` notification through the board's
``notification_enqueue`` (recorded after commit by the board's task; never for articles, whose authors are
staff and bots). Outcomes: ``published`` (after review), ``notice`` (published with the financial-advice
notice), ``removed`` (with the reason)."""

from __future__ import annotations

from board import services as board_services
from board.models import NotificationKind
from moderation import content as board_content
from moderation.models import ContentKind

PUBLISHED, NOTICE, REMOVED = "published", "notice", "removed"


def author_notify(*, kind: str, content, outcome: str, reason: str = "", source: str) -> None:
    """Queue (after commit) the author's notification of what moderation did; ``source`` names the
    decision, so repeating it notifies once."""
    if kind not in (ContentKind.COMMENT, ContentKind.REPOST):
        return
    author = board_content.content_author(kind, content)
    board_services.notification_enqueue(
        recipient_id=author.pk,
        kind=NotificationKind.MODERATION,
        source=source,
        comment_id=content.pk if kind == ContentKind.COMMENT else None,
        repost_id=content.pk if kind == ContentKind.REPOST else None,
        data={"outcome": outcome, "reason": reason},
    )
