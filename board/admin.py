from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from board.models import Article, Comment, Disclaimer, User


@admin.register(User)
class BoardUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "email", "is_bot", "trust_level", "is_staff")
    search_fields = ("username", "display_name", "email")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Board", {"fields": ("display_name", "is_bot", "trust_level", "silenced_until", "referral_code")}),
    )


@admin.register(Disclaimer)
class DisclaimerAdmin(admin.ModelAdmin):
    list_display = ("key", "version", "title", "is_default", "created_at")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "published_at", "is_pinned", "abstract_status")
    list_select_related = ("author",)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("id", "article", "author", "moderation_state", "created_at")
    list_select_related = ("article", "author")
    raw_id_fields = ("article", "author", "parent", "root")
