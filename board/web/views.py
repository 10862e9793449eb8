"""The readers' pages: the feed, an article with its comments, a comment's thread, disclaimers, profiles,
and the form posts behind every button.

Each view parses, calls the same selectors and services as the REST API, and renders; the rules live in
those. Every write is throttled with the API's scope for it (``board.web.throttling``), needs a signed-in
reader (anonymous ones are sent to log in and back), and answers a plain form post with a redirect to the
right anchor, or board.js's ``fetch`` with JSON or an HTML fragment.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from board import access, selectors, services
from board.exceptions import ApplicationError, NotFound, PermissionDenied
from board.models import ModerationState
from board.web import presenters
from board.web.forms import CommentForm, LikeForm, RepostForm, RewardForm, ShareForm, add_domain_errors
from board.web.http import (
    back_url,
    domain_error,
    is_fetch,
    login_first,
    safe_local_url,
    site_url,
    throttled,
    viewer_of,
    with_anchor,
)
from board.web.throttling import write_throttle_wait

ORDERINGS = (("newest", "Newest"), ("top", "Top"), ("oldest", "Oldest"))
DEFAULT_REWARD_POINTS = 10
PROFILE_REPOSTS = 20


def _found(function, **kwargs):
    """Call a selector or access helper; its ``NotFound`` (missing or hidden alike) is a 404 page."""
    try:
        return function(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _level(value, *, default: int) -> int:
    """The depth below the page's first comment at which board.js inserts a fragment (it only chooses
    the indentation); anything odd is ``default``."""
    try:
        return min(max(int(value), 1), 50)
    except (TypeError, ValueError):
        return default


def _form_errors_json(form) -> JsonResponse:
    errors = {
        name: [error["message"] for error in errors] for name, errors in form.errors.get_json_data().items()
    }
    return JsonResponse({"detail": "Please correct the comment.", "errors": errors}, status=400)


def _query(**params) -> str:
    return urlencode({key: value for key, value in params.items() if value})


# ---------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------


@require_GET
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
    next_url = f"{reverse('board:feed')}?{_query(cursor=page.next_cursor)}" if page.next_cursor else ""
    return render(
        request,
        "board/feed.html",
        {"articles": page.items, "next_url": next_url, "first_page": not request.GET.get("cursor")},
    )


def _comment_links(article, ordering: str, cursor: str | None) -> dict:
    """ "View More": a page URL (works without JavaScript) and the fragment board.js appends."""
    if not cursor:
        return {"more_url": "", "more_fragment": ""}
    query = _query(ordering=ordering if ordering != "newest" else "", cursor=cursor)
    base = article.get_absolute_url()
    return {
        "more_url": f"{base}?{query}#comments",
        "more_fragment": f"{base}comments/?{query}&fragment=1",
    }


@require_GET
def article_detail(request, slug):
    viewer = viewer_of(request)
    article = _found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
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
    context = {
        "article": article,
        "nodes": presenters.comment_nodes(page.items, viewer=viewer),
        "ordering": ordering,
        "orderings": ORDERINGS,
        "later_page": bool(cursor),
        "comment_form": CommentForm(),
        "reward_points": DEFAULT_REWARD_POINTS,
        **_comment_links(article, ordering, page.next_cursor),
    }
    return render(request, "board/article.html", context)


def _comments_fragment(request, article):
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
    context = {"nodes": presenters.comment_nodes(page.items, viewer=viewer), "target": "comment-list"}
    context.update(_comment_links(article, ordering, page.next_cursor))
    return render(request, "board/_comment_page.html", context)


@require_http_methods(["GET", "POST"])
def article_comments(request, slug):
    """GET ``?fragment=1``: the next page of comments; GET otherwise: the article page at that page.
    POST: add a comment (or, with ``parent``, a reply)."""
    viewer = viewer_of(request)
    article = _found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
    if request.method == "GET":
        if request.GET.get("fragment"):
            return _comments_fragment(request, article)
        query = _query(ordering=request.GET.get("ordering"), cursor=request.GET.get("cursor"))
        return redirect(
            f"{article.get_absolute_url()}?{query}#comments" if query else article.get_absolute_url()
        )
    return _comment_post(request, article=article, parent=None)


def _comment_form_context(request, *, form, article, parent=None, **extra) -> dict:
    """What the page with one comment form shows: a reply, an edit, or a new comment to try again."""
    context = {
        "form": form,
        "article": article,
        "parent_node": presenters.comment_node(parent, viewer=viewer_of(request)) if parent else None,
        "next": back_url(request, article.get_absolute_url()),
        "action": request.path,
        "heading": "Reply" if parent is not None else "Add a comment",
        "submit_label": "Post reply" if parent is not None else "Post comment",
    }
    context.update(extra)
    return context


def _comment_form_page(request, *, form, article, parent=None, status=200, **extra):
    context = _comment_form_context(request, form=form, article=article, parent=parent, **extra)
    return render(request, "board/comment_form.html", context, status=status)


def _comment_post(request, *, article, parent):
    """Create a comment or a reply from a form post: the shared body of the article's and reply's POSTs."""
    viewer = viewer_of(request)
    back = back_url(request, article.get_absolute_url())
    if not viewer.is_authenticated:
        return login_first(request, back)
    form = CommentForm(request.POST)
    wait = write_throttle_wait(request, "comment_write", screened_content=True)
    if wait is not None:
        form.is_valid()  # to show the text back
        context = _comment_form_context(request, form=form, article=article, parent=parent, next=back)
        return throttled(request, wait, template="board/comment_form.html", context=context)
    if not form.is_valid():
        if is_fetch(request):
            return _form_errors_json(form)
        return _comment_form_page(request, form=form, article=article, parent=parent, status=400)
    try:
        if parent is None and form.cleaned_data.get("parent"):
            try:
                parent = access.comment_get_open(viewer=viewer, comment_id=form.cleaned_data["parent"])
            except NotFound as exc:
                raise ApplicationError("Unknown parent.", fields={"parent": ["Not found."]}) from exc
        comment = services.comment_create(
            author=request.user, article=article, body=form.cleaned_data["body"], parent=parent
        )
    except ApplicationError as exc:
        if is_fetch(request):
            return domain_error(request, exc, back=back)
        add_domain_errors(form, exc)
        return _comment_form_page(request, form=form, article=article, parent=parent, status=exc.status_code)
    if is_fetch(request):
        node = presenters.comment_node(comment, viewer=viewer)
        node.level = _level(request.POST.get("level"), default=1) if parent is not None else 0
        html = render_to_string("board/_comment.html", {"n": node}, request=request)
        return HttpResponse(html, status=201)
    if parent is None:
        messages.success(request, _posted_message(comment))
        return redirect(with_anchor(article.get_absolute_url(), f"c{comment.pk}"))
    messages.success(request, _posted_message(comment))
    if parent.reply_count < settings.BOARD_COMMENT_PAGE_SIZE:
        return redirect(with_anchor(reverse("board:comment", args=[parent.pk]), f"c{comment.pk}"))
    return redirect(with_anchor(reverse("board:comment", args=[comment.pk]), f"c{comment.pk}"))


def _posted_message(comment) -> str:
    if comment.moderation_state == ModerationState.VISIBLE:
        return "Your comment is posted."
    return "Your comment is posted and under review: only you can see it until it is approved."


@require_GET
def disclaimer_detail(request, key):
    version = request.GET.get("version")
    try:
        version_number = int(version) if version else None
    except ValueError as exc:
        raise Http404("No such version.") from exc
    disclaimer = _found(selectors.disclaimer_get, key=key, version=version_number)
    latest = disclaimer if version_number is None else selectors.disclaimer_latest(key=key)
    return render(request, "board/disclaimer.html", {"disclaimer": disclaimer, "latest": latest})


# ---------------------------------------------------------------------------------------------------------
# A comment's own page (its replies, page by page) and the reply, edit and delete pages
# ---------------------------------------------------------------------------------------------------------


@require_GET
def comment_thread(request, comment_id):
    """A comment with its replies (oldest first, a page at a time); ``?fragment=1`` gives only the replies,
    for board.js to append under the comment wherever it is shown."""
    viewer = viewer_of(request)
    comment = _found(access.comment_get_readable, viewer=viewer, comment_id=comment_id)
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
        level = _level(request.GET.get("level"), default=1)
        if page.next_cursor:
            query = _query(cursor=page.next_cursor)
            more = {
                "more_url": f"{base}?{query}",
                "more_fragment": f"{base}?{query}&fragment=1&level={level}",
            }
        nodes = presenters.comment_nodes(page.items, viewer=viewer, level=level)
        context = {"nodes": nodes, "target": f"r{comment.pk}", "more_label": "View more replies", **more}
        return render(request, "board/_comment_page.html", context)
    comment.preview_replies = page.items
    focus = presenters.comment_nodes([comment], viewer=viewer, budget=presenters.PAGE_COMMENT_BUDGET + 1)[0]
    # The replies shown are this page's: "more" continues after it, however many replies exist.
    focus.more_count = 1 if page.next_cursor else 0
    focus.more_cursor = page.next_cursor or ""
    focus.more_exact = False
    return render(
        request,
        "board/comment_thread.html",
        {"focus": focus, "article": comment.article, "later_page": bool(cursor)},
    )


@require_http_methods(["GET", "POST"])
def comment_reply(request, comment_id):
    """Without JavaScript, "Reply" leads here: the comment and a form; the POST adds the reply."""
    viewer = viewer_of(request)
    parent = _found(access.comment_get_open, viewer=viewer, comment_id=comment_id)
    if request.method == "POST":
        return _comment_post(request, article=parent.article, parent=parent)
    if not viewer.is_authenticated:
        return login_first(request, request.get_full_path())
    return _comment_form_page(request, form=CommentForm(), article=parent.article, parent=parent)


def _own_comment(request, comment_id):
    """The reader's own comment: 404 when missing or unseen, 403 when it is someone else's."""
    try:
        return access.comment_get_for_edit(user=request.user, comment_id=comment_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc


def _card_html(request, comment) -> str:
    viewer = viewer_of(request)
    flags = selectors.comment_viewer_flags(viewer=viewer, comment_ids=[comment.pk])
    node = presenters.comment_node(comment, viewer=viewer, flags=flags)
    return render_to_string("board/_card.html", {"n": node}, request=request)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, comment_id):
    comment = _own_comment(request, comment_id)
    back = back_url(request, reverse("board:comment", args=[comment.pk]))
    form = (
        CommentForm(request.POST) if request.method == "POST" else CommentForm(initial={"body": comment.body})
    )
    form_page = _comment_form_context(
        request,
        form=form,
        article=comment.article,
        heading="Edit your comment",
        submit_label="Save changes",
        next=back,
    )
    if request.method == "GET":
        return render(request, "board/comment_form.html", form_page)
    wait = write_throttle_wait(request, "comment_write", screened_content=True)
    if wait is not None:
        form.is_valid()
        return throttled(request, wait, template="board/comment_form.html", context=form_page)
    if not form.is_valid():
        if is_fetch(request):
            return _form_errors_json(form)
        return render(request, "board/comment_form.html", form_page, status=400)
    try:
        comment = services.comment_edit(actor=request.user, comment=comment, body=form.cleaned_data["body"])
    except ApplicationError as exc:
        if is_fetch(request):
            return domain_error(request, exc, back=back)
        add_domain_errors(form, exc)
        return render(request, "board/comment_form.html", form_page, status=exc.status_code)
    if is_fetch(request):
        return HttpResponse(_card_html(request, comment))
    messages.success(request, "Your comment is updated.")
    return redirect(with_anchor(back, f"c{comment.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, comment_id):
    """GET: "Delete this comment?" (the page without JavaScript); POST: delete it."""
    viewer = viewer_of(request)
    comment = _own_comment(request, comment_id)
    article_url = comment.article.get_absolute_url()
    if request.method == "GET":
        return render(
            request,
            "board/comment_delete.html",
            {
                "n": presenters.comment_node(comment, viewer=viewer),
                "article": comment.article,
                "next": back_url(request, article_url),
            },
        )
    back = back_url(request, article_url)
    wait = write_throttle_wait(request, "comment_write")
    if wait is not None:
        return throttled(request, wait)
    try:
        services.comment_delete(actor=request.user, comment=comment)
    except ApplicationError as exc:
        return domain_error(request, exc, back=back)
    if is_fetch(request):
        if access.comment_is_readable(comment, viewer):  # visible replies keep it as a tombstone
            return HttpResponse(_card_html(request, comment))
        return HttpResponse(status=204)
    messages.success(request, "Your comment is deleted.")
    if safe_local_url(request, back) == reverse("board:comment", args=[comment.pk]):
        back = article_url  # its own page is gone with it
    return redirect(back)


# ---------------------------------------------------------------------------------------------------------
# Reactions and rewards
# ---------------------------------------------------------------------------------------------------------


def _write_guard(request, scope: str, back: str, *, screened_content: bool = False):
    """The checks every button write shares: signed in, then the API's throttle for ``scope``."""
    if not request.user.is_authenticated:
        return login_first(request, back)
    wait = write_throttle_wait(request, scope, screened_content=screened_content)
    if wait is not None:
        return throttled(request, wait)
    return None


def _invalid(request, form, back):
    exc = ApplicationError("Invalid input.", fields={k: list(v) for k, v in form.errors.items()})
    return domain_error(request, exc, back=back)


@require_POST
def comment_like(request, comment_id):
    viewer = viewer_of(request)
    back = with_anchor(back_url(request, "/"), f"c{comment_id}")
    refused = _write_guard(request, "reaction_write", back)
    if refused:
        return refused
    form = LikeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, back)
    liked = form.cleaned_data["do"] != "unlike"
    try:
        if liked:
            comment = access.comment_get_open(viewer=viewer, comment_id=comment_id)
            services.comment_like(user=request.user, comment=comment)
        else:
            comment = access.comment_get_readable(viewer=viewer, comment_id=comment_id)
            services.comment_unlike(user=request.user, comment=comment)
    except ApplicationError as exc:
        return domain_error(request, exc, back=back)
    if is_fetch(request):
        comment.refresh_from_db(fields=["like_count"])
        return JsonResponse({"liked": liked, "like_count": comment.like_count})
    return redirect(back)


def _reward_answer(request, reward, *, target, back, message_target: str):
    target.refresh_from_db(fields=["reward_count", "reward_points"])
    if is_fetch(request):
        return JsonResponse(
            {
                "points": reward.points,
                "reward_count": target.reward_count,
                "reward_points": target.reward_points,
                "balance": reward.balance_after,
            }
        )
    messages.success(
        request, f"You gave {reward.points} points to {message_target}. Your balance: {reward.balance_after}."
    )
    return redirect(back)


def _reward_post(request, *, back: str, fetch_target, target_field: str, message_target: str):
    """The body both reward buttons share: guard, validate points, reward the target's author, answer."""
    refused = _write_guard(request, "reward_write", back)
    if refused:
        return refused
    form = RewardForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, back)
    try:
        target = fetch_target()
        reward, _replayed = services.reward_create(
            giver=request.user, points=form.cleaned_data["points"], **{target_field: target}
        )
    except ApplicationError as exc:
        return domain_error(request, exc, back=back)
    return _reward_answer(request, reward, target=target, back=back, message_target=message_target)


@require_POST
def comment_reward(request, comment_id):
    viewer = viewer_of(request)
    return _reward_post(
        request,
        back=with_anchor(back_url(request, "/"), f"c{comment_id}"),
        fetch_target=lambda: access.comment_get_open(viewer=viewer, comment_id=comment_id),
        target_field="comment",
        message_target="the comment's author",
    )


@require_POST
def article_reward(request, slug):
    viewer = viewer_of(request)
    article = _found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
    return _reward_post(
        request,
        back=with_anchor(back_url(request, article.get_absolute_url()), "actions"),
        fetch_target=lambda: article,
        target_field="article",
        message_target="the article's author",
    )


@require_POST
def article_repost(request, slug):
    """Repost (with an optional quote), change one's quote, or undo (``do=undo``)."""
    viewer = viewer_of(request)
    article = _found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
    back = with_anchor(back_url(request, article.get_absolute_url()), "actions")
    refused = _write_guard(request, "reaction_write", back, screened_content=True)
    if refused:
        return refused
    form = RepostForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, back)
    undo = request.POST.get("do") == "undo"
    try:
        if undo:
            services.repost_delete(user=request.user, article=article)
            repost = None
        else:
            repost, _created = services.repost_create(
                user=request.user, article=article, quote=form.cleaned_data["quote"]
            )
    except ApplicationError as exc:
        return domain_error(request, exc, back=back)
    article.refresh_from_db(fields=["repost_count"])
    under_review = bool(repost and repost.quote and repost.moderation_state != ModerationState.VISIBLE)
    if is_fetch(request):
        return JsonResponse(
            {"reposted": not undo, "repost_count": article.repost_count, "quote_under_review": under_review}
        )
    if undo:
        messages.success(request, "Your repost is undone.")
    elif under_review:
        messages.success(request, "Reposted. Your quote is under review: others see it once approved.")
    else:
        messages.success(request, "Reposted to your profile.")
    return redirect(back)


@require_POST
def article_share(request, slug):
    """Record a share and hand back the link (with the sharer's referral code). Anonymous readers may
    share too, as in the API."""
    viewer = viewer_of(request)
    article = _found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
    back = with_anchor(back_url(request, article.get_absolute_url()), "actions")
    wait = write_throttle_wait(request, "reaction_write")
    if wait is not None:
        return throttled(request, wait)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, back)
    user = request.user if request.user.is_authenticated else None
    try:
        services.share_create(article=article, user=user, channel=form.cleaned_data["channel"])
    except ApplicationError as exc:
        return domain_error(request, exc, back=back)
    url = services.share_url(article=article, user=user, base_url=site_url(request))
    article.refresh_from_db(fields=["share_count"])
    if is_fetch(request):
        return JsonResponse({"url": url, "share_count": article.share_count})
    messages.success(request, url, extra_tags="share")
    return redirect(back)


# ---------------------------------------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------------------------------------


@require_GET
def profile(request, display_name):
    viewer = viewer_of(request)
    person = _found(selectors.user_get_by_display_name, display_name=display_name)
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
    return render(
        request,
        "board/profile.html",
        {
            "person": person,
            "is_self": viewer.user is not None and viewer.user.pk == person.pk,
            "comment_nodes": [presenters.comment_node(comment, viewer=viewer) for comment in page.items],
            "reposts": [(repost, selectors.repost_quote_shown(repost, viewer)) for repost in reposts],
            "next_url": f"{request.path}?{_query(cursor=page.next_cursor)}" if page.next_cursor else "",
            "later_page": bool(request.GET.get("cursor")),
        },
    )
