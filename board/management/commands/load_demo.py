"""Load the demo content: a news bot, its article with a disclaimer, and a reply tree of reader comments.

Idempotent: a second run finds everything in place and writes nothing.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from board.demo import content
from board.models import Article, Comment, ModerationState, User
from board.services import (
    article_publish,
    comment_create,
    comment_set_moderation_state,
    disclaimer_save,
    user_create,
)


class Command(BaseCommand):
    help = "Load the demo article, its disclaimer and a dozen threaded comments (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        if Article.objects.filter(slug=content.ARTICLE_SLUG).exists():
            self.stdout.write("Demo content already loaded.")
            return
        now = timezone.now()
        bot = User.objects.filter(email=content.BOT_EMAIL).first() or user_create(
            email=content.BOT_EMAIL, password=None, display_name=content.BOT_DISPLAY_NAME, is_bot=True
        )
        disclaimer = disclaimer_save(
            key=content.DISCLAIMER_KEY,
            title=content.DISCLAIMER_TITLE,
            text=content.DISCLAIMER_TEXT,
            make_default=True,
        )
        readers = []
        for index in range(content.READER_COUNT):
            email = content.READER_EMAIL.format(index=index)
            # Demo readers get generated display names, as any reader who gives none does.
            readers.append(
                User.objects.filter(email=email).first() or user_create(email=email, password=None)
            )
        article = article_publish(
            author=bot,
            title=content.ARTICLE_TITLE,
            slug=content.ARTICLE_SLUG,
            body=content.ARTICLE_BODY,
            source_name=content.ARTICLE_SOURCE,
            original_url=content.ARTICLE_URL,
            disclaimer=disclaimer,
            published_at=now - timedelta(hours=5),
        )
        created: list[Comment] = []
        for author_index, parent_index, minutes_ago, text in content.COMMENTS:
            parent = created[parent_index] if parent_index is not None else None
            comment = comment_create(author=readers[author_index], article=article, body=text, parent=parent)
            # Demo text is ours: shown at once, whatever state new comments start in.
            comment_set_moderation_state(comment=comment, state=ModerationState.VISIBLE)
            # Spread the thread over the last few hours; created_at is set on insert, so back-date it here.
            Comment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(minutes=minutes_ago))
            created.append(comment)
        self.stdout.write(f"Loaded demo article {article.slug!r} with {len(created)} comments.")
