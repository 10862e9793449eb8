"""The review queue's own pages: the changelist with its dashboard, a piece of content in full, and the
one-click decisions posted from either (``decide/``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from board.exceptions import ApplicationError
from board.translation import request_language, translations_attach
from moderation.admin.charts import drift_chart
from moderation.admin.decisions import CONTENT_VERBS, USER_VERBS, Outcome, content_act, user_act
from moderation.admin.links import detail_url
from moderation.admin.roles import can_decide, can_moderate_users
from moderation.content import KIND_MODELS, content_author, content_get, content_text_shown
from moderation.models import ContentKind, Decision
from moderation.selectors import content_detail, moderation_dashboard
from moderation.templatetags.moderation_queue import suggested_label


@dataclass(frozen=True)
class _Click:
    """One posted ``decide=<kind>:<id>:<verb>[:<label or duration>]`` and the row's reason and label."""

    kind: str
    object_id: int
    verb: str
    argument: str
    reason: str
    label: str

    @classmethod
    def parse(cls, post) -> _Click | None:
        parts = post.get("decide", "").split(":")
        if len(parts) < 3 or parts[0] not in KIND_MODELS or not parts[1].isdigit():
            return None
        kind, object_id = parts[0], int(parts[1])
        return cls(
            kind=kind,
            object_id=object_id,
            verb=parts[2],
            argument=parts[3] if len(parts) > 3 else "",
            reason=post.get(f"reason-{kind}-{object_id}", "").strip(),
            label=post.get(f"label-{kind}-{object_id}", ""),
        )

    def act(self, moderator, content) -> Outcome:
        if self.verb in USER_VERBS:
            return user_act(
                moderator=moderator,
                user=content_author(self.kind, content),
                verb=self.verb,
                duration=self.argument,
                reason=self.reason or f"{self.kind} {self.object_id}",
            )
        # A removal confirms the label chosen in the row's menu; a label decision names its label.
        label = {Decision.REMOVE: self.label, Decision.APPROVE: ""}.get(self.verb, self.argument)
        return content_act(
            moderator=moderator,
            kind=self.kind,
            content=content,
            verb=self.verb,
            label=label,
            reason=self.reason,
        )


class QueuePagesMixin:
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
        model_opts = KIND_MODELS[kind]._meta
        if not (
            self.has_view_permission(request)
            or request.user.has_perm(f"{model_opts.app_label}.view_{model_opts.model_name}")
        ):
            raise PermissionDenied
        detail = content_detail(kind=kind, object_id=object_id)
        if detail is None:
            return HttpResponseRedirect(reverse("admin:moderation_reviewitem_changelist"))
        summary = (detail.item.summary if detail.item else {}) or {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{kind.capitalize()} {object_id}",
            "detail": detail,
            "text": content_text_shown(kind, detail.content),
            "translation": translations_attach(
                kind=kind, contents=[detail.content], language=request_language(request)
            )[0].translation,
            "key": f"{kind}:{object_id}",
            "summary": summary,
            "author_decisions": detail.author_decisions if kind == ContentKind.COMMENT else None,
            "suggested": suggested_label(detail.latest_flags, summary),
            "can_decide": can_decide(request.user),
            "can_moderate_users": can_moderate_users(request.user),
            "decide_url": reverse("admin:moderation_reviewitem_decide"),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/moderation/content_detail.html", context)

    def decide_view(self, request):
        """One click from a row or the content page: ``decide=<kind>:<id>:<verb>[:<label or duration>]``."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        click = _Click.parse(request.POST)
        if click is None:
            return HttpResponseBadRequest("Unknown decision.")
        content = content_get(kind=click.kind, object_id=click.object_id)
        if content is None:
            messages.error(request, f"{click.kind.capitalize()} {click.object_id} no longer exists.")
            return self._back(request)
        if click.verb not in (*CONTENT_VERBS, *USER_VERBS):
            return HttpResponseBadRequest("Unknown decision.")
        try:
            outcome = click.act(request.user, content)
        except ApplicationError as exc:
            messages.error(request, f"{click.kind.capitalize()} {click.object_id}: {exc.message}")
        else:
            messages.add_message(
                request,
                messages.SUCCESS if outcome.changed else messages.INFO,
                format_html(
                    '{} <a href="{}">Open</a>', outcome.message, detail_url(click.kind, click.object_id)
                ),
            )
        return self._back(request)

    def _back(self, request):
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(reverse("admin:moderation_reviewitem_changelist"))
