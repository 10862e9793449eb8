"""xtd's own URLs (its API under /comments/api/), the article page, and xtd's list with pagination."""

from django.urls import include, path, re_path

from peerproj import views

urlpatterns = [
    path("comments/", include("django_comments_xtd.urls")),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    # xtd's list view mounted without its ``override_drf_defaults`` flag, with DRF page-number pagination.
    re_path(
        r"^paged/(?P<content_type>\w+-\w+)/(?P<object_pk>[-\w]+)/$",
        views.PagedCommentList.as_view(),
        name="paged-comment-list",
    ),
]
