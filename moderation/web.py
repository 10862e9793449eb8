"""Moderation's part of the readers' pages: the appeal form under an author's held or removed comment
(``POST /comments/<id>/appeal/``, routed in ``config/urls.py``), on the board's web plumbing."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from board.access import comment_get_readable
from board.exceptions import ApplicationError
from board.web.http import domain_error, viewer_of, write_guard
from moderation.services import appeal_create


@require_POST
def comment_appeal(request, comment_id):
    back = f"/comments/{comment_id}/#decision"
    refused = write_guard(request, "appeal_write", back)
    if refused:
        return refused
    try:
        comment = comment_get_readable(viewer=viewer_of(request), comment_id=comment_id)
        appeal_create(author=request.user, content=comment, text=request.POST.get("text", ""))
    except ApplicationError as exc:
        return domain_error(request, exc, back=back)
    messages.success(request, "Your appeal is sent: a moderator will look at it, and you will be notified.")
    return redirect(back)
