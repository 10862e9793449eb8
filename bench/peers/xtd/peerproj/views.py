from django.shortcuts import get_object_or_404, render
from django_comments_xtd.api.views import CommentList
from news.models import Article
from rest_framework.pagination import PageNumberPagination


class TwentyPerPage(PageNumberPagination):
    page_size = 20


class PagedCommentList(CommentList):
    """xtd's API list of comments with DRF's page-number pagination, 20 per page."""

    pagination_class = TwentyPerPage


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    return render(request, "news/article.html", {"article": article})
