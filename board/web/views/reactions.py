"""Buttons: likes, rewards, reposts and shares. Each is a form post answered with a redirect back to its
anchor, or JSON for board.js with the counts the service set."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from board import access, selectors, services
from board.exceptions import ApplicationError
from board.models import ModerationState
from board.web.forms import LikeForm, RepostForm, RewardForm, ShareForm
from board.web.http import (
    back_url,
    csrf_for_signed_in,
    domain_error,
    found,
    invalid_form,
    is_fetch,
    site_url,
    throttled,
    viewer_of,
    with_anchor,
    write_guard,
)
from board.web.throttling import write_throttle_wait


@csrf_for_signed_in
@require_POST
def comment_like(request, comment_id):
    viewer = viewer_of(request)
    back = with_anchor(back_url(request, "/"), f"c{comment_id}")
    refused = write_guard(request, "reaction_write", back)
    if refused:
        return refused
    form = LikeForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form, back)
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
        return JsonResponse({"liked": liked, "like_count": comment.like_count})
    return redirect(back)


def _reward_answer(request, reward, *, target, back, message_target: str):
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
    refused = write_guard(request, "reward_write", back)
    if refused:
        return refused
    form = RewardForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form, back)
    try:
        target = fetch_target()
        reward, _replayed = services.reward_create(
            giver=request.user, points=form.cleaned_data["points"], **{target_field: target}
        )
    except ApplicationError as exc:
        return domain_error(request, exc, back=back)
    return _reward_answer(request, reward, target=target, back=back, message_target=message_target)


@csrf_for_signed_in
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


@csrf_for_signed_in
@require_POST
def article_reward(request, slug):
    viewer = viewer_of(request)
    article = found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
    return _reward_post(
        request,
        back=with_anchor(back_url(request, article.get_absolute_url()), "actions"),
        fetch_target=lambda: article,
        target_field="article",
        message_target="the article's author",
    )


@csrf_for_signed_in
@require_POST
def article_repost(request, slug):
    """Repost (with an optional quote), change one's quote, or undo (``do=undo``)."""
    viewer = viewer_of(request)
    article = found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
    back = with_anchor(back_url(request, article.get_absolute_url()), "actions")
    refused = write_guard(request, "reaction_write", back, text_write=True)
    if refused:
        return refused
    form = RepostForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form, back)
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


@csrf_for_signed_in
@require_POST
def article_share(request, slug):
    """Record a share and hand back the link (with the sharer's referral code). Anonymous readers may
    share too, as in the API."""
    viewer = viewer_of(request)
    article = found(selectors.article_get_by_slug, viewer=viewer, slug=slug)
    back = with_anchor(back_url(request, article.get_absolute_url()), "actions")
    wait = write_throttle_wait(request, "reaction_write")
    if wait is not None:
        return throttled(request, wait)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form, back)
    user = request.user if request.user.is_authenticated else None
    try:
        services.share_create(article=article, user=user, channel=form.cleaned_data["channel"])
    except ApplicationError as exc:
        return domain_error(request, exc, back=back)
    url = services.share_url(article=article, user=user, base_url=site_url(request))
    if is_fetch(request):
        return JsonResponse({"url": url, "share_count": article.share_count})
    messages.success(request, url, extra_tags="share")
    return redirect(back)
