"""Disclaimers and articles in the admin, through the services: an article is published by
``article_publish`` and changed by ``article_update``; a disclaimer edit saves a new version
(``disclaimer_save``). Editors (staff with the board's permissions) manage them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import DateFieldListFilter
from django.http import HttpResponseRedirect
from django.urls import reverse

from board.models import Article, Disclaimer
from board.services import (
    ARTICLE_EDITABLE_FIELDS,
    article_editor_check,
    article_pinned_set,
    article_publish,
    article_update,
    disclaimer_save,
)


class DisclaimerForm(forms.ModelForm):
    class Meta:
        model = Disclaimer
        fields = ("key", "title", "text", "is_default")
        labels = {"is_default": "Site default"}


@admin.register(Disclaimer)
class DisclaimerAdmin(admin.ModelAdmin):
    """Saving a disclaimer writes a new version (``disclaimer_save``); articles keep the version they had."""

    form = DisclaimerForm
    list_display = ("key", "version", "title", "is_default", "created_at", "created_by")
    list_filter = ("key", "is_default")
    search_fields = ("key", "title", "text")
    list_select_related = ("created_by",)

    def get_readonly_fields(self, request, obj=None):
        return ("key", "version", "created_at", "created_by") if obj is not None else ()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("key", "title", "text", "is_default")
        return ("key", "version", "title", "text", "is_default", "created_at", "created_by")

    def has_delete_permission(self, request, obj=None):
        return False  # articles point at versions; a version is history

    def save_form(self, request, form, change):
        data = form.cleaned_data
        key = form.instance.key if change else data["key"]
        return disclaimer_save(
            key=key,
            title=data["title"],
            text=data["text"],
            make_default=data["is_default"],
            actor=request.user,
        )

    def save_model(self, request, obj, form, change):
        pass  # saved by the service in save_form

    def save_related(self, request, form, formsets, change):
        pass

    def response_change(self, request, obj):
        self.message_user(
            request,
            f"Saved as {obj} (a new version if anything changed); articles keep the version they had.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:board_disclaimer_changelist"))


class ArticleForm(forms.ModelForm):
    original_url = forms.URLField(max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Article
        fields = ARTICLE_EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "published_at" in self.fields:
            self.fields["published_at"].required = False
            self.fields["published_at"].help_text = "Empty: now."
        if "disclaimer" in self.fields:
            self.fields["disclaimer"].required = False
            self.fields["disclaimer"].help_text = "Empty: the site default."
        if "language" in self.fields and self.instance.pk is None:
            self.initial.setdefault("language", "")
            self.fields["language"].help_text = "ISO 639-1. Empty: detected from the title and body."

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            for name in ("published_at", "disclaimer"):
                if name in self.fields and not cleaned.get(name):
                    self.add_error(name, "Required.")
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = (
        "title",
        "author",
        "published_at",
        "is_pinned",
        "moderation_state",
        "abstract_status",
        "language",
        "comment_count",
    )
    list_filter = (
        "is_pinned",
        "moderation_state",
        "abstract_status",
        "language",
        ("published_at", DateFieldListFilter),
    )
    search_fields = ("title", "source_name", "author__display_name")
    list_select_related = ("author",)
    show_full_result_count = False
    actions = ["pin", "unpin"]
    # Read-only fields that link elsewhere, shown before the dates (moderation's admin adds its page).
    links: tuple[str, ...] = ()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ARTICLE_EDITABLE_FIELDS
        return (*ARTICLE_EDITABLE_FIELDS, *self.get_readonly_fields(request, obj))

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "slug",
            "author",
            "moderation_state",
            "revision",
            "abstract_status",
            "abstract",
            *self.links,
            "created_at",
            "updated_at",
        )

    def save_form(self, request, form, change):
        data = form.cleaned_data
        if not change:
            return article_publish(
                author=request.user,
                title=data["title"],
                body=data["body"],
                source_name=data.get("source_name", ""),
                original_url=data.get("original_url", ""),
                language=data.get("language") or None,
                disclaimer=data.get("disclaimer"),
                published_at=data.get("published_at"),
                is_pinned=data.get("is_pinned", False),
            )
        changes = {name: data[name] for name in form.changed_data if name in ARTICLE_EDITABLE_FIELDS}
        pinned = changes.pop("is_pinned", None)
        article = article_update(actor=request.user, article=form.instance, **changes)
        if pinned is not None:
            self.pin_set(request, article, pinned)
        return article

    def save_model(self, request, obj, form, change):
        pass  # saved by the service in save_form

    def save_related(self, request, form, formsets, change):
        pass

    def pin_set(self, request, article: Article, pinned: bool) -> bool:
        """Pin or unpin one article; True if it changed. Moderation's admin audits it."""
        article_editor_check(request.user)
        return article_pinned_set(article=article, pinned=pinned)

    def _pin(self, request, queryset, pinned: bool) -> None:
        count = sum(self.pin_set(request, article, pinned) for article in queryset)
        self.message_user(request, f"{count} articles {'pinned' if pinned else 'unpinned'}.")

    @admin.action(description="Pin the selected articles", permissions=["change"])
    def pin(self, request, queryset):
        self._pin(request, queryset, True)

    @admin.action(description="Unpin the selected articles", permissions=["change"])
    def unpin(self, request, queryset):
        self._pin(request, queryset, False)
