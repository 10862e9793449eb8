"""The board's content in the moderators' admin: the comment and repost lists (read-only: text belongs to
its authors and state to moderators' decisions; a row opens the content page, where decisions are taken),
pinning comments, and on an article's page a link to its moderation page and audited pinning.

The article admin is the board's, registered again with those additions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import DateFieldListFilter
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.text import Truncator

from board.admin import ArticleAdmin
from board.exceptions import ApplicationError
from board.models import Article, Comment, Repost
from moderation.admin.decisions import pin_act
from moderation.admin.links import detail_url
from moderation.admin.paging import FixedLanguageFilter
from moderation.admin.records import ReadOnlyAdmin
from moderation.admin.roles import can_pin
from moderation.admin.search import IndexedSearchMixin, comment_list_search, repost_list_search
from moderation.models import ContentKind
from moderation.services import article_pin_set

EXCERPT_CHARS = 120

admin.site.unregister(Article)


@admin.register(Article)
class ModeratedArticleAdmin(ArticleAdmin):
    links = ("moderation_link",)

    @admin.display(description="moderation")
    def moderation_link(self, article):
        return format_html(
            '<a href="{}">flags, decisions and audit</a>', detail_url(ContentKind.ARTICLE, article.pk)
        )

    def pin_set(self, request, article, pinned: bool) -> bool:
        return article_pin_set(actor=request.user, article=article, pinned=pinned)


class ContentListAdmin(ReadOnlyAdmin):
    """A read-only list whose rows open the moderators' content page."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Viewing opens the moderators' content page; anything else gets Django's answer (403 for a POST).
        if request.method != "GET" or not object_id.isdigit() or not self.has_view_permission(request):
            return super().change_view(request, object_id, form_url, extra_context)
        return HttpResponseRedirect(detail_url(self.opts.model_name, int(object_id)))


@admin.register(Comment)
class CommentAdmin(IndexedSearchMixin, ContentListAdmin):
    list_display = (
        "id",
        "excerpt",
        "article",
        "author",
        "language",
        "moderation_state",
        "is_pinned",
        "is_deleted",
        "created_at",
        "reply_count",
    )
    list_filter = (
        "moderation_state",
        FixedLanguageFilter,
        "is_pinned",
        "is_deleted",
        "advice_notice",
        ("created_at", DateFieldListFilter),
    )
    search_fields = ("body", "author__display_name")
    indexed_search = staticmethod(comment_list_search)
    # Newest first by the primary key (ids follow creation), which its index serves; the model's
    # ("-created_at", "-id") has no index and sorted the million rows (2.5 s).
    ordering = ("-id",)
    list_select_related = ("article", "author")
    actions = ["pin", "unpin"]

    @admin.display(description="text")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(EXCERPT_CHARS)

    # Pinning is a moderator's act (``board.access.user_is_moderator``), as in the API.
    def has_pin_permission(self, request):
        return can_pin(request.user)

    def _pin(self, request, queryset, pinned: bool) -> None:
        for comment in queryset:
            try:
                outcome = pin_act(moderator=request.user, comment=comment, pinned=pinned)
            except ApplicationError as exc:
                messages.error(request, f"Comment {comment.pk}: {exc.message}")
            else:
                level = messages.SUCCESS if outcome.changed else messages.INFO
                messages.add_message(request, level, outcome.message)

    @admin.action(description="Pin the selected comment (top level, visible)", permissions=["pin"])
    def pin(self, request, queryset):
        self._pin(request, queryset, True)

    @admin.action(description="Unpin the selected comments", permissions=["pin"])
    def unpin(self, request, queryset):
        self._pin(request, queryset, False)


@admin.register(Repost)
class RepostAdmin(IndexedSearchMixin, ContentListAdmin):
    list_display = ("id", "user", "article", "quote_excerpt", "language", "moderation_state", "created_at")
    list_filter = ("moderation_state", FixedLanguageFilter, ("created_at", DateFieldListFilter))
    search_fields = ("quote", "user__display_name")
    indexed_search = staticmethod(repost_list_search)
    list_select_related = ("user", "article")

    @admin.display(description="quote")
    def quote_excerpt(self, repost):
        return Truncator(repost.quote).chars(EXCERPT_CHARS)
