"""The moderators' text search in the admin (the review queue, the comment and repost lists, the audit log)
through the board's search indexes (``board.search``) instead of Django's ``icontains`` scan over joins.

Django's admin search ORs every ``search_fields`` lookup over the joined tables, which no index can serve:
at a million comments each search scanned the queue's rows and their texts. Here each word is a set of
conditions each served by one index (pg_trgm on PostgreSQL, FTS5 on SQLite; see ``board.search``), and a
row matches when one of them holds, every word being required, as in Django's search. Fragments are
matched as Django's search matches them (any case, anywhere in the text); one or two characters go to the
words' index on PostgreSQL (whole words, or the characters of Chinese and other unspaced scripts). On
PostgreSQL the queue searches its items' own copy of those texts (``moderation/0007_queue_search``).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from board.models import Article, Comment, Repost, User
from board.search import (
    FRAGMENT_MIN_LENGTH,
    IndexedText,
    admin_search_terms,
    author_in_q,
    text_contains_q,
    undeclared_contains_q,
    undeclared_words_q,
    users_matching_q,
)
from moderation.models import AuditLogEntry, ReviewItem

COMMENT_BODY = IndexedText("body", fts="body", vector="search_vector")
REPOST_QUOTE = IndexedText("quote", fts="quote", vector="quote")
ARTICLE_TITLE = IndexedText("title", fts="title")
AUDIT_TEXTS = (
    IndexedText("actor_label", fts="actor_label"),
    IndexedText("action", fts="action"),
    IndexedText("reason", fts="reason"),
)


def review_queue_search(queryset: QuerySet, search_term: str) -> QuerySet:
    """The queue's items whose comment, quote or article title contains every word, or whose author's
    display name or username does (an article's author: the display name)."""
    if connection.vendor == "postgresql":
        return _queue_search_pg(queryset, search_term)
    for term in admin_search_terms(search_term):
        users = users_matching_q(term)
        branches = (
            ReviewItem.objects.filter(comment__in=Comment.objects.filter(text_contains_q(Comment, COMMENT_BODY, term))),
            ReviewItem.objects.filter(comment__author__in=_users(users)),
            ReviewItem.objects.filter(repost__in=Repost.objects.filter(text_contains_q(Repost, REPOST_QUOTE, term))),
            ReviewItem.objects.filter(repost__user__in=_users(users)),
            ReviewItem.objects.filter(article__in=Article.objects.filter(text_contains_q(Article, ARTICLE_TITLE, term))),
            ReviewItem.objects.filter(article__author__in=_users(Q(display_name__icontains=term))),
        )  # fmt: skip
        condition = Q()
        for branch in branches:
            condition |= Q(pk__in=branch.values("pk"))
        queryset = queryset.filter(condition)
    return queryset


def _queue_search_pg(queryset: QuerySet, search_term: str) -> QuerySet:
    """PostgreSQL: the queue's own copy of those texts (migration ``moderation/0007_queue_search``), so that a
    word is one condition on the queue's rows: pg_trgm on ``search_text`` for three characters or more; a
    shorter word in the body's or quote's words (``search_words``) or inside a name or title."""
    for term in admin_search_terms(search_term):
        if len(term) >= FRAGMENT_MIN_LENGTH:
            condition = undeclared_contains_q("search_text", term)
        else:
            condition = undeclared_words_q("search_words", term) | undeclared_contains_q("search_names", term)
        queryset = queryset.filter(condition)
    return queryset


def _users(condition: Q):
    return User.objects.filter(condition).values("pk")


def _content_list_search(queryset: QuerySet, search_term: str, *, model, text: str, author_field: str):
    """Every word in ``text`` or in the display name of the user at ``author_field``."""
    for term in admin_search_terms(search_term):
        queryset = queryset.filter(
            text_contains_q(model, text, term) | author_in_q(author_field, term, fields=("display_name",))
        )
    return queryset


def comment_list_search(queryset: QuerySet, search_term: str) -> QuerySet:
    """The comment list: every word in the text or the author's display name."""
    return _content_list_search(
        queryset, search_term, model=Comment, text=COMMENT_BODY, author_field="author_id"
    )


def repost_list_search(queryset: QuerySet, search_term: str) -> QuerySet:
    """The repost list: every word in the quote or the reposter's display name."""
    return _content_list_search(
        queryset, search_term, model=Repost, text=REPOST_QUOTE, author_field="user_id"
    )


def audit_log_search(queryset: QuerySet, search_term: str) -> QuerySet:
    """The audit log: every word in the actor, the action code or the reason."""
    for term in admin_search_terms(search_term):
        condition = Q()
        for text in AUDIT_TEXTS:
            condition |= text_contains_q(AuditLogEntry, text, term)
        queryset = queryset.filter(condition)
    return queryset


class IndexedSearchMixin:
    """A ModelAdmin whose search goes through ``indexed_search(queryset, search_term)``: the same rows as
    Django's search of its ``search_fields``, found through the indexes, never duplicated (no joins)."""

    indexed_search = None

    def get_search_results(self, request, queryset, search_term):
        if not search_term or self.indexed_search is None:
            return queryset, False
        return self.indexed_search(queryset, search_term), False
