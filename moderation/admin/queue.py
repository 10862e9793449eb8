"""The review queue: the moderators' main page, a changelist of ``ReviewItem`` with a dashboard on top.

Each row shows the content (escaped), its article, its author (age, trust, past decisions), every label's
score and evidence, the readers' reports, and buttons that decide in one click: approve, remove (with a
label and an optional reason the author is shown), confirm or reject a label, silence or suspend the
author. The buttons post to ``decide/`` (one form outside the changelist's own, joined by the ``form``
attribute); bulk actions do the same to the selected rows. Everything goes through
``moderation.admin.decisions`` and so through the services, which write the audit rows.

Query budget of the page, whatever the queue's length: the items' count and one page of them with content,
author and article joined, three queries completing the page's rows (``review_queue_attach``), three
for the dashboard, plus the admin's session, user and permission lookups. List filters use fixed choices
(no queries) and the full count is off (``show_full_result_count``).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import DateFieldListFilter, SimpleListFilter
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince

from board.exceptions import ApplicationError
from moderation.admin import forms
from moderation.admin.charts import drift_chart
from moderation.admin.decisions import (
    CONTENT_VERBS,
    SILENCE_DURATIONS,
    USER_VERBS,
    content_act,
    user_act,
)
from moderation.admin.roles import can_decide, can_moderate_users
from moderation.content import KIND_MODELS, content_author, content_get
from moderation.models import Decision, Label, Report, ReportReason, ReviewItem
from moderation.selectors import (
    content_detail,
    moderation_dashboard,
    review_item_list,
    review_queue_attach,
    review_queue_waiting_count,
)

TEXT_CHARS = 600
EVIDENCE_SHOWN = 5
EVIDENCE_CHARS = 90
LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}
SHORT_DURATIONS = {"24h": "24 h", "7d": "7 d", "30d": "30 d"}


def _const(html: str):
    """Markup written here, with nothing interpolated."""
    return mark_safe(html)  # noqa: S308 - a constant


# ---------------------------------------------------------------------------------------------------------
# Filters: fixed choices, so they cost no query.
# ---------------------------------------------------------------------------------------------------------


class QueueStatusFilter(SimpleListFilter):
    """Waiting items by default; decided ones on request."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "waiting"), ("resolved", "decided"), ("all", "all")]

    def value(self):
        return super().value() or "open"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(status=self.value())


class LabelFilter(SimpleListFilter):
    """Items whose latest screening put a label at medium or high, or that matched a watched word."""

    title = "label"
    parameter_name = "label"

    def lookups(self, request, model_admin):
        return [*Label.choices, ("watched", "watched word")]

    def queryset(self, request, queryset):
        value = self.value()
        if value in Label.values:
            return queryset.filter(**{f"summary__{value}__level__in": ["medium", "high"]})
        if value == "watched":
            return _reasons_containing(queryset, '"watched:')
        return queryset


def _reasons_containing(queryset, fragment: str):
    # JSON containment (``reasons__contains``) is PostgreSQL-only; the list's text works on SQLite too.
    return queryset.annotate(reasons_text=Cast("reasons", TextField())).filter(
        reasons_text__contains=fragment
    )


def _state_q(state: str) -> Q:
    return (
        Q(comment__moderation_state=state)
        | Q(repost__moderation_state=state)
        | Q(article__moderation_state=state)
    )


class ContentStateFilter(SimpleListFilter):
    title = "content state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("held", "held for review"),
            ("hidden", "hidden as spam"),
            ("visible", "published (notice or reported)"),
            ("removed", "removed"),
            ("pending", "not screened yet"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "hidden":
            return queryset.filter(_state_q("held"), summary__spam__level="high")
        if value in ("held", "visible", "removed", "pending"):
            return queryset.filter(_state_q(value))
        return queryset


class ReportReasonFilter(SimpleListFilter):
    title = "report reason"
    parameter_name = "report"

    def lookups(self, request, model_admin):
        return [*ReportReason.choices, ("any", "any report")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.filter(Exists(Report.objects.filter(comment_id=OuterRef("comment_id"))))
        if value in ReportReason.values:
            return queryset.filter(
                Exists(Report.objects.filter(comment_id=OuterRef("comment_id"), reason=value))
            )
        return queryset


class QueuedBecauseFilter(SimpleListFilter):
    title = "queued because"
    parameter_name = "why"

    def lookups(self, request, model_admin):
        return [
            ("new_account", "new account"),
            ("reports", "readers' reports"),
            ("watched", "watched word"),
            ("screening_failed", "screening failed"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in dict(self.lookup_choices):
            return _reasons_containing(queryset, f'"{value}')
        return queryset


# ---------------------------------------------------------------------------------------------------------
# The changelist
# ---------------------------------------------------------------------------------------------------------


class QueueChangeList(ChangeList):
    """Completes the page's rows in a fixed number of queries and tells them what the viewer may do."""

    def get_results(self, request):
        super().get_results(request)
        items = review_queue_attach(list(self.result_list))
        decide, moderate = can_decide(request.user), can_moderate_users(request.user)
        for item in items:
            item.viewer_can_decide = decide
            item.viewer_can_moderate_users = moderate
        self.result_list = items


def detail_url(kind: str, object_id: int) -> str:
    return reverse("admin:moderation_reviewitem_content", args=[kind, object_id])


def _content_text(kind: str, content) -> str:
    if kind == "comment":
        return "[deleted by its author]" if content.is_deleted else content.body
    if kind == "repost":
        return content.quote
    return f"{content.title}\n\n{content.body}"


def _article_of(item):
    target = item.target
    return target if item.content_kind == "article" else target.article


def _level_badge(level: str) -> str:
    return format_html('<span class="q-level q-level-{}">{}</span>', level, level)


def author_summary(author, decisions: dict[str, int] | None = None, *, now=None):
    """Name (linked), badges, account age and trust, past decisions, silence and suspension."""
    now = now or timezone.now()
    badges = []
    if author.is_bot:
        badges.append(_const('<span class="q-badge">bot</span>'))
    if author.is_staff:
        badges.append(_const('<span class="q-badge">staff</span>'))
    if not author.is_active:
        badges.append(_const('<span class="q-badge q-badge-alert">suspended</span>'))
    if author.silenced_until and author.silenced_until > now:
        badges.append(
            format_html(
                '<span class="q-badge q-badge-alert">silenced until {}</span>',
                timezone.localtime(author.silenced_until).strftime("%Y-%m-%d %H:%M"),
            )
        )
    if decisions is None:
        past = ""
    elif decisions:
        past = ", ".join(f"{Decision(name).label} {count}" for name, count in sorted(decisions.items()))
    else:
        past = "none"
    return format_html(
        '<div class="q-author"><a href="{}">{}</a> {}'
        '<div class="q-meta">joined {} ago · trust {}</div>'
        '<div class="q-meta">past decisions: {}</div></div>',
        reverse("admin:board_user_change", args=[author.pk]),
        str(author),
        format_html_join("", "{}", ((badge,) for badge in badges)),
        timesince(author.date_joined, now).split(",")[0],
        author.get_trust_level_display(),
        past or "n/a",
    )


def label_rows(*, flags: dict, summary: dict, key: str, can_decide_: bool):
    """Each label's score, level, status and evidence, with its confirm/reject buttons."""
    rows = []
    for label, name in Label.choices:
        flag = flags.get(label)
        if flag is not None:
            score, level, status, evidence = flag.score, flag.level, flag.status, list(flag.evidence)
        elif isinstance(summary.get(label), dict):
            score, level, status, evidence = (
                summary[label].get("score", 0.0),
                summary[label].get("level", "low"),
                "",
                [],
            )
        else:
            continue
        if level == "low":  # nothing fired but the model's own low score: no list to read
            evidence = [line for line in evidence if not str(line).startswith("model:")]
        shown = [Truncator(str(line)).chars(EVIDENCE_CHARS) for line in evidence[:EVIDENCE_SHOWN]]
        more = len(evidence) - len(shown)
        buttons = ""
        if can_decide_:
            buttons = format_html(
                '<span class="q-label-buttons">'
                '<button type="submit" form="queue-decide" name="decide" value="{key}:confirm_label:{label}" '
                'class="q-btn q-small" title="Confirm: the content is {name}">confirm</button>'
                '<button type="submit" form="queue-decide" name="decide" value="{key}:reject_label:{label}" '
                'class="q-btn q-small" title="Reject: the content is not {name}">reject</button></span>',
                key=key,
                label=label,
                name=name,
            )
        rows.append(
            format_html(
                '<div class="q-label q-label-{level}" data-label="{label}">'
                '<span class="q-label-name">{name}</span> '
                '<meter min="0" max="1" value="{score}">{score}</meter> '
                "<strong>{score}</strong> {badge}"
                '<div class="q-label-line">{status} {buttons}</div>'
                "{evidence_list}</div>",
                level=level,
                label=label,
                name=name,
                score=f"{score:.2f}",
                badge=_level_badge(level),
                status=format_html('<span class="q-status">{}</span>', status) if status else "",
                buttons=buttons,
                evidence_list=format_html(
                    '<ul class="q-evidence">{}{}</ul>',
                    format_html_join("", "<li>{}</li>", ((line,) for line in shown)),
                    format_html("<li>… {} more</li>", more) if more > 0 else "",
                )
                if shown
                else "",
            )
        )
    if not rows:
        return _const('<span class="q-meta">not screened</span>')
    return format_html('<div class="q-labels">{}</div>', format_html_join("", "{}", ((row,) for row in rows)))


def decide_controls(
    *, kind: str, object_id: int, suggested_label: str, author_name: str, decide: bool, moderate: bool
):
    """The one-click controls of one piece of content (a row of the queue, or the detail page)."""
    key = f"{kind}:{object_id}"
    field = f"{kind}-{object_id}"
    parts = []
    if decide:
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if value == suggested_label else "", text)
                for value, text in [("", "no label"), *Label.choices]
            ),
        )
        parts.append(
            format_html(
                '<input type="text" class="queue-input q-reason" form="queue-decide" name="reason-{field}" '
                'maxlength="500" placeholder="reason (optional; a removal shows it to the author)" '
                'aria-label="Reason for {key}">'
                '<div class="q-row-buttons">'
                '<button type="submit" form="queue-decide" name="decide" value="{key}:approve" '
                'class="q-btn q-approve">Approve</button>'
                '<button type="submit" form="queue-decide" name="decide" value="{key}:remove" '
                'class="q-btn q-remove">Remove</button>'
                '<select class="queue-input" form="queue-decide" name="label-{field}" '
                'aria-label="Label confirmed by the removal of {key}">{options}</select></div>',
                field=field,
                key=key,
                options=options,
            )
        )
    if moderate:
        parts.append(
            format_html(
                '<div class="q-row-buttons q-author-buttons"><span class="q-meta">silence author:</span>{}'
                '<button type="submit" form="queue-decide" name="decide" value="{}:suspend" '
                'class="q-btn q-small q-danger" data-confirm="Suspend {}? They can no longer sign in." '
                'title="Suspend the author: no more sign-in">Suspend</button></div>',
                format_html_join(
                    "",
                    '<button type="submit" form="queue-decide" name="decide" value="{}:silence:{}" '
                    'class="q-btn q-small" title="Silence the author for {}">{}</button>',
                    (
                        (key, duration, words, SHORT_DURATIONS[duration])
                        for duration, (_period, words) in SILENCE_DURATIONS.items()
                    ),
                ),
                key,
                author_name,
            )
        )
    if not parts:
        return _const('<span class="q-meta">view only</span>')
    return format_html(
        '<div class="q-decide">{}</div>', format_html_join("", "{}", ((part,) for part in parts))
    )


def suggested_label(flags: dict, summary: dict) -> str:
    """The label a removal most likely confirms: the highest-scoring label above low, or none."""
    candidates = []
    for label in Label.values:
        flag = flags.get(label)
        level = flag.level if flag else (summary.get(label) or {}).get("level", "low")
        score = flag.score if flag else (summary.get(label) or {}).get("score", 0.0)
        if level != "low":
            candidates.append((LEVEL_ORDER.get(level, 3), -score, label))
    return min(candidates)[2] if candidates else ""


@admin.register(ReviewItem)
class ReviewQueueAdmin(admin.ModelAdmin):
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
    ordering = ("-risk", "opened_at", "id")
    sortable_by = ()
    list_per_page = 50
    list_max_show_all = 200
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    change_list_template = "admin/moderation/reviewitem/change_list.html"
    actions = [
        "approve_selected",
        "remove_selected",
        "confirm_spam",
        "reject_spam",
        "confirm_advice",
        "reject_advice",
        "silence_authors",
        "suspend_authors",
    ]

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

    # -- cells ----------------------------------------------------------------------------------------------

    @admin.display(description="content · article · reports")
    def content_cell(self, item):
        target = item.target
        kind = item.content_kind
        extras = []
        if kind == "comment" and target.advice_notice:
            extras.append(_const('<span class="q-badge">notice shown</span>'))
        if kind == "comment" and target.parent_id:
            extras.append(_const('<span class="q-badge">reply</span>'))
        watched = []
        for flag in getattr(item, "label_flags", {}).values():
            watched = (flag.classification.scores or {}).get("watched", []) if flag.classification_id else []
            break
        article = _article_of(item)
        return format_html(
            '<div class="q-content"><a class="q-open" href="{url}">{kind} #{pk}</a> '
            '<span class="q-state q-state-{state}">{state}</span> {extras}'
            '<div class="q-text">{text}</div>'
            '<div class="q-meta">on <a href="{article_url}">{article}</a></div>'
            '<div class="q-meta">queued because: {why} · risk {risk} · {opened} ago</div>{watched}{reports}</div>',
            url=detail_url(kind, target.pk),
            kind=kind,
            pk=target.pk,
            state=target.moderation_state,
            extras=format_html_join(" ", "{}", ((extra,) for extra in extras)),
            text=Truncator(_content_text(kind, target)).chars(TEXT_CHARS),
            article_url=reverse("admin:board_article_change", args=[article.pk]),
            article=Truncator(article.title).chars(80),
            why=", ".join(item.reasons) or "—",
            risk=f"{item.risk:.2f}",
            opened=timesince(item.opened_at).split(",")[0],
            watched=format_html('<div class="q-meta">watched: {}</div>', "; ".join(watched))
            if watched
            else "",
            reports=self._reports(item),
        )

    def _reports(self, item):
        reasons = getattr(item, "report_reasons", [])
        if not reasons:
            return ""
        return format_html(
            '<div class="q-reports"><strong>{} {}</strong> ({} since the last decision): {}</div>',
            item.reports_total,
            "report" if item.reports_total == 1 else "reports",
            item.report_count,
            format_html_join(", ", "{} &times;{}", reasons),
        )

    @admin.display(description="author")
    def author_cell(self, item):
        author = content_author(item.content_kind, item.target)
        return author_summary(author, getattr(item, "author_decisions", None) if item.comment_id else None)

    @admin.display(description="labels: score, level, evidence")
    def labels_cell(self, item):
        return label_rows(
            flags=getattr(item, "label_flags", {}),
            summary=item.summary or {},
            key=f"{item.content_kind}:{item.object_id}",
            can_decide_=getattr(item, "viewer_can_decide", False) and item.status == "open",
        )

    @admin.display(description="decide")
    def decide_cell(self, item):
        if item.status != "open":
            return format_html(
                '<span class="q-meta">{} by {} {} ago</span>',
                item.resolution or "decided",
                item.resolved_by or "—",
                timesince(item.resolved_at).split(",")[0] if item.resolved_at else "?",
            )
        return decide_controls(
            kind=item.content_kind,
            object_id=item.object_id,
            suggested_label=suggested_label(getattr(item, "label_flags", {}), item.summary or {}),
            author_name=str(content_author(item.content_kind, item.target)),
            decide=getattr(item, "viewer_can_decide", False),
            moderate=getattr(item, "viewer_can_moderate_users", False),
        )

    # -- pages ----------------------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("decide/", view(self.decide_view), name="moderation_reviewitem_decide"),
            path(
                "content/<str:kind>/<int:object_id>/",
                view(self.content_detail_view),
                name="moderation_reviewitem_content",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        dashboard = moderation_dashboard()
        context = {
            "title": "Review queue",
            "dashboard": dashboard,
            "drift_chart": drift_chart(dashboard),
            "decide_url": reverse("admin:moderation_reviewitem_decide"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """An item is not edited: viewing it opens its content's page, where decisions are taken."""
        if request.method != "GET":
            raise PermissionDenied
        item = self.get_object(request, object_id)
        if item is None or not self.has_view_permission(request, item):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return redirect(detail_url(item.content_kind, item.object_id))

    def content_detail_view(self, request, kind: str, object_id: int):
        if kind not in KIND_MODELS:
            return HttpResponseBadRequest("Unknown kind.")
        model_label = KIND_MODELS[kind].split(".")[0]
        if not (self.has_view_permission(request) or request.user.has_perm(f"{model_label}.view_{kind}")):
            raise PermissionDenied
        detail = content_detail(kind=kind, object_id=object_id)
        if detail is None:
            return HttpResponseRedirect(reverse("admin:moderation_reviewitem_changelist"))
        latest = detail.latest_flags
        decide = can_decide(request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{kind.capitalize()} {object_id}",
            "detail": detail,
            "text": _content_text(kind, detail.content),
            "author_html": author_summary(
                detail.author, detail.author_decisions if kind == "comment" else None
            ),
            "labels_html": label_rows(
                flags=latest,
                summary=(detail.item.summary if detail.item else {}) or {},
                key=f"{kind}:{object_id}",
                can_decide_=decide,
            ),
            "controls_html": decide_controls(
                kind=kind,
                object_id=object_id,
                suggested_label=suggested_label(latest, (detail.item.summary if detail.item else {}) or {}),
                author_name=str(detail.author),
                decide=decide,
                moderate=can_moderate_users(request.user),
            ),
            "decide_url": reverse("admin:moderation_reviewitem_decide"),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/moderation/content_detail.html", context)

    def decide_view(self, request):
        """One click from a row or the detail page: ``decide=<kind>:<id>:<verb>[:<label or duration>]``."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        parts = request.POST.get("decide", "").split(":")
        if len(parts) < 3 or parts[0] not in KIND_MODELS or not parts[1].isdigit():
            return HttpResponseBadRequest("Unknown decision.")
        kind, object_id, verb = parts[0], int(parts[1]), parts[2]
        argument = parts[3] if len(parts) > 3 else ""
        detail_target = detail_url(kind, object_id)
        content = content_get(kind=kind, object_id=object_id)
        if content is None:
            messages.error(request, f"{kind.capitalize()} {object_id} no longer exists.")
            return self._back(request)
        reason = request.POST.get(f"reason-{kind}-{object_id}", "").strip()
        try:
            if verb in CONTENT_VERBS:
                if verb == Decision.REMOVE:  # the row's label menu: what the removal confirms
                    label = request.POST.get(f"label-{kind}-{object_id}", "")
                elif verb == Decision.APPROVE:
                    label = ""
                else:
                    label = argument
                outcome = content_act(
                    moderator=request.user, kind=kind, content=content, verb=verb, label=label, reason=reason
                )
            elif verb in USER_VERBS:
                outcome = user_act(
                    moderator=request.user,
                    user=content_author(kind, content),
                    verb=verb,
                    duration=argument,
                    reason=reason or f"{kind} {object_id}",
                )
            else:
                return HttpResponseBadRequest("Unknown decision.")
        except ApplicationError as exc:
            messages.error(request, f"{kind.capitalize()} {object_id}: {exc.message}")
        else:
            messages.add_message(
                request,
                messages.SUCCESS if outcome.changed else messages.INFO,
                format_html('{} <a href="{}">Open</a>', outcome.message, detail_target),
            )
        return self._back(request)

    def _back(self, request):
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(reverse("admin:moderation_reviewitem_changelist"))

    # -- bulk actions -------------------------------------------------------------------------------------

    def _apply(self, request, queryset, act) -> None:
        changed = unchanged = 0
        for item in queryset:
            try:
                outcome = act(item)
            except ApplicationError as exc:
                messages.error(request, f"{item.content_kind.capitalize()} {item.object_id}: {exc.message}")
                continue
            changed += outcome.changed
            unchanged += not outcome.changed
        if changed:
            messages.success(request, f"{changed} changed.")
        if unchanged:
            messages.info(request, f"{unchanged} unchanged (already so).")

    def _content_action(self, request, queryset, verb: str, label: str = "", reason: str = "") -> None:
        self._apply(
            request,
            queryset,
            lambda item: content_act(
                moderator=request.user,
                kind=item.content_kind,
                content=item.target,
                verb=verb,
                label=label,
                reason=reason,
            ),
        )

    @admin.action(description="Approve selected items", permissions=["decide"])
    def approve_selected(self, request, queryset):
        self._content_action(request, queryset, Decision.APPROVE)

    @admin.action(description="Remove selected items (with a reason)…", permissions=["decide"])
    def remove_selected(self, request, queryset):
        form = forms.RemoveForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._content_action(
                request,
                queryset,
                Decision.REMOVE,
                label=form.cleaned_data["label"],
                reason=form.cleaned_data["reason"],
            )
            return None
        return forms.intermediate_page(
            model_admin=self,
            request=request,
            queryset=queryset,
            action="remove_selected",
            title="Remove the selected items",
            form=form,
            objects=list(queryset),
            submit="Remove",
        )

    @admin.action(description="Spam: confirm the label", permissions=["decide"])
    def confirm_spam(self, request, queryset):
        self._content_action(request, queryset, Decision.CONFIRM_LABEL, label="spam")

    @admin.action(description="Spam: reject the label", permissions=["decide"])
    def reject_spam(self, request, queryset):
        self._content_action(request, queryset, Decision.REJECT_LABEL, label="spam")

    @admin.action(description="Financial advice: confirm the label", permissions=["decide"])
    def confirm_advice(self, request, queryset):
        self._content_action(request, queryset, Decision.CONFIRM_LABEL, label="financial_advice")

    @admin.action(description="Financial advice: reject the label", permissions=["decide"])
    def reject_advice(self, request, queryset):
        self._content_action(request, queryset, Decision.REJECT_LABEL, label="financial_advice")

    def _authors(self, queryset) -> list:
        authors = {}
        for item in queryset:
            author = content_author(item.content_kind, item.target)
            authors.setdefault(author.pk, author)
        return list(authors.values())

    @admin.action(description="Silence the authors…", permissions=["moderate_users"])
    def silence_authors(self, request, queryset):
        form = forms.SilenceForm(request.POST if "apply" in request.POST else None)
        authors = self._authors(queryset)
        if form.is_bound and form.is_valid():
            self._apply_users(
                request, authors, "silence", form.cleaned_data["duration"], form.cleaned_data["reason"]
            )
            return None
        return forms.intermediate_page(
            model_admin=self,
            request=request,
            queryset=queryset,
            action="silence_authors",
            title="Silence the authors of the selected items",
            form=form,
            objects=authors,
            submit="Silence",
        )

    @admin.action(description="Suspend the authors…", permissions=["moderate_users"])
    def suspend_authors(self, request, queryset):
        form = forms.SuspendForm(request.POST if "apply" in request.POST else None)
        authors = self._authors(queryset)
        if form.is_bound and form.is_valid():
            self._apply_users(request, authors, "suspend", "", form.cleaned_data["reason"])
            return None
        return forms.intermediate_page(
            model_admin=self,
            request=request,
            queryset=queryset,
            action="suspend_authors",
            title="Suspend the authors of the selected items",
            form=form,
            objects=authors,
            submit="Suspend",
        )

    def _apply_users(self, request, users, verb: str, duration: str, reason: str) -> None:
        changed = unchanged = 0
        for user in users:
            try:
                outcome = user_act(
                    moderator=request.user, user=user, verb=verb, duration=duration, reason=reason
                )
            except ApplicationError as exc:
                messages.error(request, f"{user}: {exc.message}")
                continue
            changed += outcome.changed
            unchanged += not outcome.changed
        if changed:
            messages.success(request, f"{changed} {'account' if changed == 1 else 'accounts'} changed.")
        if unchanged:
            messages.info(request, f"{unchanged} unchanged.")
