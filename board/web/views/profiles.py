"""A reader's profile: their comments, page by page, and their latest reposts."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from board import selectors
from board.exceptions import ApplicationError
from board.models import TextKind
from board.translation import language_name, offered_languages, request_language, translations_attach
from board.web import presenters
from board.web.http import found, query_string, viewer_of

PROFILE_REPOSTS = 20


@require_GET
def profile(request, display_name):
    viewer = viewer_of(request)
    person = found(selectors.user_get_by_display_name, display_name=display_name)
    try:
        page = selectors.user_comment_page(
            viewer=viewer,
            author=person,
            cursor=request.GET.get("cursor") or None,
            page_size=settings.BOARD_COMMENT_PAGE_SIZE,
        )
    except ApplicationError:
        return redirect(request.path)
    reposts = selectors.user_repost_list(viewer=viewer, user=person, limit=PROFILE_REPOSTS)
    language = request_language(request)
    shown = [comment for comment in page.items if selectors.comment_presentation(comment, viewer).text_shown]
    translations_attach(kind=TextKind.COMMENT, contents=shown, language=language)
    quoted = [repost for repost in reposts if selectors.repost_quote_shown(repost, viewer)]
    translations_attach(kind=TextKind.REPOST, contents=quoted, language=language)
    is_self = viewer.user is not None and viewer.user.pk == person.pk
    return render(
        request,
        "board/profile.html",
        {
            "person": person,
            "is_self": is_self,
            "languages": [(code, language_name(code)) for code in offered_languages()] if is_self else [],
            "muted": viewer.has_muted(person.pk),
            "comment_nodes": [presenters.comment_node(comment, viewer=viewer) for comment in page.items],
            "reposts": [(repost, selectors.repost_quote_shown(repost, viewer)) for repost in reposts],
            "next_url": f"{request.path}?{query_string(cursor=page.next_cursor)}" if page.next_cursor else "",
            "later_page": bool(request.GET.get("cursor")),
        },
    )
