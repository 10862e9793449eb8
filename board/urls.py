"""The readers' pages (server-rendered; ``board/web/``). Mounted at the site root by ``config/urls.py``."""

from django.contrib.auth import views as auth_views
from django.urls import path

from board.web import accounts, views
from board.web.views import privacy

app_name = "board"
urlpatterns = [
    path("", views.feed, name="feed"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>/comments/", views.article_comments, name="article-comments"),
    path("articles/<slug:slug>/reward/", views.article_reward, name="article-reward"),
    path("articles/<slug:slug>/repost/", views.article_repost, name="article-repost"),
    path("articles/<slug:slug>/share/", views.article_share, name="article-share"),
    path("comments/<int:comment_id>/", views.comment_thread, name="comment"),
    path("comments/<int:comment_id>/reply/", views.comment_reply, name="comment-reply"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment-delete"),
    path("comments/<int:comment_id>/like/", views.comment_like, name="comment-like"),
    path("comments/<int:comment_id>/reward/", views.comment_reward, name="comment-reward"),
    path("disclaimers/<slug:key>/", views.disclaimer_detail, name="disclaimer"),
    path("search/", views.search_page, name="search"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("notifications/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest-unsubscribe"),
    # Display names may hold characters a ``str`` segment refuses (see board_tags.profile_url).
    path("users/<path:display_name>/mute/", views.profile_mute, name="profile-mute"),
    path("users/<path:display_name>/", views.profile, name="profile"),
    path("me/", accounts.me, name="me"),
    path("me/export/", privacy.me_export, name="me-export"),
    path("me/export/download/", privacy.me_export_download, name="me-export-download"),
    path("me/delete/", privacy.me_delete, name="me-delete"),
    path("me/language/", accounts.me_language, name="me-language"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", accounts.PasswordResetView.as_view(), name="password-reset"),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="board/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="board/password_reset_complete.html"),
        name="password-reset-complete",
    ),
]
