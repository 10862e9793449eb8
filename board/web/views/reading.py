"""Reading: the feed, an article with a page of its comments (or the next page as a fragment), a
comment's own page with its replies, and disclaimers."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from board import access, selectors
from board.caching import FEED, article_page_versions, hot_read
from board.exceptions import ApplicationError
from board.models import TextKind
from board.text import render_markdown
from board.translation import ORIGINAL, original_requested, request_language, translations_attach
from board.translation.backends import translation_enabled
from board.web import presenters
from board.web.forms import DEFAULT_REWARD_POINTS, CommentForm
from board.web.http import found, fragment_level, query_string, viewer_of

ORDERINGS = (("newest", "Newest"), ("top", "Top"), ("oldest", "Oldest"))


@require_GET
@vary_on_headers("Accept-Language")
@hot_read("page:feed", params=("cursor", "lang"), versions=lambda: [FEED])
def feed(request):
    viewer = viewer_of(request)
    try:
        page = selectors.article_page(
            viewer=viewer,
            cursor=request.GET.get("cursor") or None,
            page_size=settings.BOARD_ARTICLE_PAGE_SIZE,
        )
    except ApplicationError:  # a stale or mangled cursor: start from the top
        return redirect("board:feed")
    translations_attach(kind=TextKind.ARTICLE, contents=page.items, language=request_language(request))
    next_url = f"{reverse('board:feed')}?{query_string(cursor=page.next_cursor)}" if page.next_cursor else ""
    return render(
        request,
        "board/feed.html",
        {"articles": page.items, "next_url": next_url, "first_page": not request.GET.get("cursor")},
    )


def _comment_links(article, ordering: str, cursor: str | None, lang: str = "") -> dict:
    """ "View More": a page URL (works without JavaScript) and the fragment board.js appends; both keep
    ``?lang=original`` (the reader's "View Original" sticks for the page)."""
    if not cursor:
        return {"more_url": "", "more_fragment": ""}
    query = query_string(ordering=ordering if ordering != "newest" else "", cursor=cursor, lang=lang)
    base = article.get_absolute_url()
    return {
        "more_url": f"{base}?{query}#comments",
        "more_fragment": f"{base}comments/?{query}&fragment=1",
    }


@require_GET
@vary_on_headers("Accept-Language")
@hot_read("page:article", params=("ordering", "cursor", "lang"), versions=article_page_versions)
def article_detail(request, slug):
    viewer = viewer_of(request)
    article = found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
    ordering = request.GET.get("ordering") or "newest"
    cursor = request.GET.get("cursor") or None
    try:
        page = selectors.comment_thread_page(
            viewer=viewer,
            article=article,
            ordering=ordering,
            cursor=cursor,
            page_size=settings.BOARD_COMMENT_PAGE_SIZE,
        )
    except ApplicationError:  # unknown ordering or a mangled cursor: the article as it opens
        return redirect(article.get_absolute_url())
    language = request_language(request)
    translations_attach(kind=TextKind.ARTICLE, contents=[article], language=language)
    translation = article.translation
    lang = ORIGINAL if original_requested(request) else ""
    context = {
        "article": article,
        "translation": translation,
        "translated_body_html": render_markdown(translation.text or "")
        if translation and translation.ready
        else "",
        "showing_originals": bool(lang) and translation_enabled(),
        "nodes": presenters.comment_nodes(page.items, viewer=viewer, language=language),
        "ordering": ordering,
        "orderings": ORDERINGS,
        "later_page": bool(cursor),
        "comment_form": CommentForm(),
        "reward_points": DEFAULT_REWARD_POINTS,
        **_comment_links(article, ordering, page.next_cursor, lang),
    }
    return render(request, "board/article.html", context)


def comments_fragment(request, article):
    """The next page of top-level comments as list items, with the next "View More" (board.js appends it)."""
    viewer = viewer_of(request)
    ordering = request.GET.get("ordering") or "newest"
    try:
        page = selectors.comment_thread_page(
            viewer=viewer,
            article=article,
            ordering=ordering,
            cursor=request.GET.get("cursor") or None,
            page_size=settings.BOARD_COMMENT_PAGE_SIZE,
        )
    except ApplicationError as exc:
        return JsonResponse({"detail": exc.message, "code": exc.code}, status=400)
    nodes = presenters.comment_nodes(page.items, viewer=viewer, language=request_language(request))
    context = {"nodes": nodes, "target": "comment-list"}
    context.update(
        _comment_links(article, ordering, page.next_cursor, ORIGINAL if original_requested(request) else "")
    )
    return render(request, "board/_comment_page.html", context)


@require_GET
def disclaimer_detail(request, key):
    version = request.GET.get("version")
    try:
        version_number = int(version) if version else None
    except ValueError as exc:
        raise Http404("No such version.") from exc
    disclaimer = found(selectors.disclaimer_get, key=key, version=version_number)
    latest = disclaimer if version_number is None else selectors.disclaimer_latest(key=key)
    return render(request, "board/disclaimer.html", {"disclaimer": disclaimer, "latest": latest})


@require_GET
@vary_on_headers("Accept-Language")
def comment_thread(request, comment_id):
    """A comment with its replies (oldest first, a page at a time); ``?fragment=1`` gives only the replies,
    for board.js to append under the comment wherever it is shown."""
    viewer = viewer_of(request)
    comment = found(access.comment_get_readable, viewer=viewer, comment_id=comment_id)
    cursor = request.GET.get("cursor") or None
    try:
        page = selectors.comment_replies_page(
            viewer=viewer, comment=comment, cursor=cursor, page_size=settings.BOARD_COMMENT_PAGE_SIZE
        )
    except ApplicationError as exc:
        if request.GET.get("fragment"):
            return JsonResponse({"detail": exc.message, "code": exc.code}, status=400)
        return redirect("board:comment", comment_id=comment.pk)
    base = reverse("board:comment", args=[comment.pk])
    more = {"more_url": "", "more_fragment": ""}
    if request.GET.get("fragment"):
        level = fragment_level(request.GET.get("level"), default=1)
        if page.next_cursor:
            query = query_string(cursor=page.next_cursor)
            more = {
                "more_url": f"{base}?{query}",
                "more_fragment": f"{base}?{query}&fragment=1&level={level}",
            }
        nodes = presenters.comment_nodes(
            page.items, viewer=viewer, level=level, language=request_language(request)
        )
        context = {"nodes": nodes, "target": f"r{comment.pk}", "more_label": "View more replies", **more}
        return render(request, "board/_comment_page.html", context)
    comment.preview_replies = page.items
    focus = presenters.comment_nodes(
        [comment],
        viewer=viewer,
        budget=presenters.PAGE_COMMENT_BUDGET + 1,
        language=request_language(request),
    )[0]
    # The replies shown are this page's: "more" continues after it, however many replies exist.
    focus.more_count = 1 if page.next_cursor else 0
    focus.more_cursor = page.next_cursor or ""
    focus.more_exact = False
    return render(
        request,
        "board/comment_thread.html",
        {
            "focus": focus,
            "article": comment.article,
            "later_page": bool(cursor),
            "decision": selectors.comment_decisions(viewer=viewer, comments=[comment]).get(comment.pk),
        },
    )
