"""The review queue: the moderators' main page, a changelist of ``ReviewItem`` with a dashboard on top.

Each row shows the content (escaped), its article, its author (age, trust, past decisions), every label's
score and evidence, the readers' reports, and buttons that decide in one click: approve, remove (with a
label and an optional reason the author is shown), confirm or reject a label, silence or suspend the
author. The buttons post to ``decide/`` (one form outside the changelist's own, joined by the ``form``
attribute); bulk actions do the same to the selected rows. Everything goes through
``moderation.admin.decisions`` and so through the services, which write the audit rows.

The cells are rendered from templates (``moderation.templatetags.moderation_queue``); the filters are in
``filters``, the queue's own pages in ``pages``, the bulk actions in ``actions``.

Query budget of the page, whatever the queue's length: the items' count (capped at 1,000,
``moderation.admin.paging``) and one page of them with content,
author and article joined, three queries completing the page's rows (``review_queue_attach``), three
for the dashboard, plus the admin's session, user and permission lookups. List filters use fixed choices
(no queries) and the full count is off (``show_full_result_count``).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import DateFieldListFilter, helpers
from django.contrib.admin.views.main import ChangeList
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from board.models import ERASED_AUTHOR_LABEL
from board.translation import request_language, translations_attach
from moderation.admin.paging import CappedCountPaginator
from moderation.admin.queue.actions import QueueActionsMixin
from moderation.admin.queue.filters import (
    ContentStateFilter,
    LabelFilter,
    QueuedBecauseFilter,
    QueueStatusFilter,
    ReportReasonFilter,
)
from moderation.admin.queue.pages import QueuePagesMixin
from moderation.admin.roles import can_decide, can_moderate_users
from moderation.admin.search import IndexedSearchMixin, review_queue_search
from moderation.content import content_author
from moderation.models import ReviewItem, ReviewStatus
from moderation.selectors import review_item_list, review_queue_attach, review_queue_waiting_count
from moderation.templatetags import moderation_queue as cells


class QueueChangeList(ChangeList):
    """Completes the page's rows in a fixed number of queries and tells them what the viewer may do."""

    def get_results(self, request):
        super().get_results(request)
        items = review_queue_attach(list(self.result_list))
        decide, moderate = can_decide(request.user), can_moderate_users(request.user)
        for item in items:
            item.viewer_can_decide = decide
            item.viewer_can_moderate_users = moderate
        # Beside each text, its translation into the moderator's language (the board's; no query without a
        # translation service, one per kind on the page with one).
        language = request_language(request)
        for kind in {item.content_kind for item in items}:
            targets = [item.target for item in items if item.content_kind == kind and item.target is not None]
            translations_attach(kind=kind, contents=targets, language=language)
        self.result_list = items


@admin.register(ReviewItem)
class ReviewQueueAdmin(IndexedSearchMixin, QueuePagesMixin, QueueActionsMixin, admin.ModelAdmin):
    list_display = ("content_cell", "author_cell", "labels_cell", "decide_cell")
    list_display_links = None
    list_filter = (
        QueueStatusFilter,
        LabelFilter,
        ContentStateFilter,
        ReportReasonFilter,
        QueuedBecauseFilter,
        "content_kind",
        ("opened_at", DateFieldListFilter),
    )
    search_fields = (
        "comment__body",
        "comment__author__display_name",
        "comment__author__username",
        "repost__quote",
        "repost__user__display_name",
        "article__title",
        "article__author__display_name",
    )
    search_help_text = "Search the text and the author's name."
    # The same fields, through the search indexes (moderation/admin/search.py).
    indexed_search = staticmethod(review_queue_search)
    ordering = ("-risk", "opened_at", "id")
    sortable_by = ()
    # Moderators work down the queue from the top; each row renders four cell templates, and at 50 rows a
    # page (130-180 ms of rendering) the searched queue missed its 200 ms at a million comments.
    list_per_page = 25
    list_max_show_all = 200
    show_full_result_count = False
    paginator = CappedCountPaginator
    show_facets = admin.ShowFacets.NEVER
    change_list_template = "admin/moderation/reviewitem/change_list.html"

    class Media:
        css = {"all": ["moderation/admin.css"]}
        js = ["moderation/queue.js"]

    # The admin index (config/admin.py): the queue under the name moderators use, first in its section,
    # with the number waiting (it sat beside "Review decisions", which moderators opened by mistake).
    index_name = "Review queue"
    index_order = 0

    def index_badge(self, request) -> str:
        return f"{review_queue_waiting_count()} waiting"

    # -- permissions: items are opened by screening and reports, and closed by decisions ------------------

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return can_decide(request.user)

    def has_moderate_users_permission(self, request):
        return can_moderate_users(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_queryset(self, request):
        return review_item_list()

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    # -- cells, from templates ----------------------------------------------------------------------------

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, item):
        # Django's own renders a form widget through the template engine for every row: a fifth of the
        # searched queue's rendering at a million comments. The same markup, from one format string.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="Select this object for an action - {}">',
            helpers.ACTION_CHECKBOX_NAME,
            item.pk,
            item,
        )

    @admin.display(description="content · article · reports")
    def content_cell(self, item):
        return render_to_string(cells.CONTENT_TEMPLATE, cells.queue_content(item))

    @admin.display(description="author")
    def author_cell(self, item):
        author = content_author(item.content_kind, item.target)
        decisions = getattr(item, "author_decisions", None) if item.comment_id else None
        return render_to_string(cells.AUTHOR_TEMPLATE, cells.queue_author(author, decisions))

    @admin.display(description="labels: score, level, evidence")
    def labels_cell(self, item):
        context = cells.queue_labels(
            flags=getattr(item, "label_flags", {}),
            summary=item.summary or {},
            key=f"{item.content_kind}:{item.object_id}",
            can_decide=getattr(item, "viewer_can_decide", False) and item.status == ReviewStatus.OPEN,
        )
        return render_to_string(cells.LABELS_TEMPLATE, context)

    @admin.display(description="decide")
    def decide_cell(self, item):
        if item.status != ReviewStatus.OPEN:
            return render_to_string(cells.DECIDED_TEMPLATE, cells.queue_decided(item))
        context = cells.queue_decide(
            kind=item.content_kind,
            object_id=item.object_id,
            suggested=cells.suggested_label(getattr(item, "label_flags", {}), item.summary or {}),
            author_name=str(content_author(item.content_kind, item.target) or ERASED_AUTHOR_LABEL),
            decide=getattr(item, "viewer_can_decide", False),
            moderate=getattr(item, "viewer_can_moderate_users", False),
        )
        return render_to_string(cells.DECIDE_TEMPLATE, context)


__all__ = ["QueueChangeList", "ReviewQueueAdmin"]
