"""Writing comments: a new comment or reply (form post or board.js), the reply, edit and delete pages
without JavaScript, and their answers (a redirect to the right anchor, JSON or an HTML fragment)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from board import access, selectors, services
from board.exceptions import ApplicationError, NotFound, PermissionDenied
from board.models import ModerationState
from board.web import presenters
from board.web.forms import CommentForm, add_domain_errors
from board.web.http import (
    back_url,
    csrf_for_signed_in,
    domain_error,
    found,
    fragment_level,
    is_fetch,
    login_first,
    query_string,
    safe_local_url,
    throttled,
    viewer_of,
    with_anchor,
)
from board.web.throttling import write_throttle_wait
from board.web.views.reading import comments_fragment


def _form_errors_json(form) -> JsonResponse:
    errors = {
        name: [error["message"] for error in errors] for name, errors in form.errors.get_json_data().items()
    }
    return JsonResponse({"detail": "Please correct the comment.", "errors": errors}, status=400)


@csrf_for_signed_in
@require_http_methods(["GET", "POST"])
def article_comments(request, slug):
    """GET ``?fragment=1``: the next page of comments; GET otherwise: the article page at that page.
    POST: add a comment (or, with ``parent``, a reply)."""
    viewer = viewer_of(request)
    article = found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
    if request.method == "GET":
        if request.GET.get("fragment"):
            return comments_fragment(request, article)
        query = query_string(ordering=request.GET.get("ordering"), cursor=request.GET.get("cursor"))
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
    wait = write_throttle_wait(request, "comment_write", text_write=True)
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
    return _comment_posted(request, comment=comment, article=article, parent=parent)


def _comment_posted(request, *, comment, article, parent):
    """The answer to a new comment: its HTML for board.js, else a redirect to it (on the article's page, or
    on its parent's while the reply is on the parent's first page) with a message."""
    if is_fetch(request):
        node = presenters.comment_node(comment, viewer=viewer_of(request))
        node.level = fragment_level(request.POST.get("level"), default=1) if parent is not None else 0
        html = render_to_string("board/_comment.html", {"n": node}, request=request)
        return HttpResponse(html, status=201)
    if comment.moderation_state == ModerationState.VISIBLE:
        messages.success(request, "Your comment is posted.")
    else:
        messages.success(
            request, "Your comment is posted and under review: only you can see it until it is approved."
        )
    if parent is None:
        return redirect(with_anchor(article.get_absolute_url(), f"c{comment.pk}"))
    page = parent if parent.reply_count < settings.BOARD_COMMENT_PAGE_SIZE else comment
    return redirect(with_anchor(reverse("board:comment", args=[page.pk]), f"c{comment.pk}"))


@csrf_for_signed_in
@require_http_methods(["GET", "POST"])
def comment_reply(request, comment_id):
    """Without JavaScript, "Reply" leads here: the comment and a form; the POST adds the reply."""
    viewer = viewer_of(request)
    parent = found(access.comment_get_open, viewer=viewer, comment_id=comment_id)
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
    wait = write_throttle_wait(request, "comment_write", text_write=True)
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
