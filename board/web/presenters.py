"""Comment trees as the readers' pages show them: what each reader sees of each comment, decided once in
Python so that templates only print (no query, no rule in a template).

The selectors hand over a page of comments with their reply previews nested (``preview_replies``). A page
shows at most ``PAGE_COMMENT_BUDGET`` of them, filled breadth-first like the selectors' own cap: every
top-level comment, then their first replies, then the replies to those, until the budget runs out. What
is left out stays one link away ("View N more replies"), on the comment's own page.
"""

from dataclasses import dataclass, field
from functools import cache

from django.urls import reverse

from board.access import Viewer, comment_is_open_to
from board.models import Comment, TextKind
from board.pagination import encode_cursor
from board.selectors import REPLY_ORDERING, comment_presentation, comment_viewer_flags
from board.text import render_comment_body
from board.translation import TranslationView, translations_attach

# The most comments one HTML page carries. A shown comment costs about 1.2 KB of HTML with a typical
# 150-character text; 120 keep the first page of the busiest thread near 150 KB (measured by
# tests/board/pages/test_article_performance.py), where the API's 500 would make it 600 KB.
PAGE_COMMENT_BUDGET = 120
# Replies are indented this many levels; deeper ones line up under the last indented level and say whom
# they answer, so a long back-and-forth stays readable on a phone.
INDENT_MAX = 3


@dataclass
class CommentNode:
    comment: Comment
    level: int  # depth below the first comment of the page
    status: str  # visible | under_review | removed | deleted
    text_shown: bool
    own: bool
    open: bool  # may be replied to, liked, rewarded
    liked: bool = False
    rewarded: bool = False
    body_html: str = ""
    replying_to: str = ""  # the parent's author, on flattened replies
    muted: bool = False  # written by a reader this reader muted: shown collapsed
    replies: list["CommentNode"] = field(default_factory=list)
    more_count: int = 0  # replies not shown here
    more_cursor: str = ""  # where the comment's replies page continues after the ones shown
    more_exact: bool = True  # whether ``more_count`` is the number left (False: "more" only)
    translation: TranslationView | None = None  # in the reader's language, when one applies
    translated_html: str = ""  # the translation rendered as the body is, once ready

    @property
    def pk(self) -> int:
        return self.comment.pk

    @property
    def url(self) -> str:
        """``/comments/<id>/``; its actions are below it (``like/``, ``reward/``, ``reply/``...)."""
        return f"{_comments_prefix()}{self.comment.pk}/"

    @property
    def flat(self) -> bool:
        """Are this comment's replies shown without a further indent?"""
        return self.level >= INDENT_MAX

    @property
    def editable(self) -> bool:
        return self.own and self.status not in ("deleted", "removed")


@cache
def _comments_prefix() -> str:
    # Reversed once, not once per link: a page of 120 comments has 600 of them.
    return reverse("board:comment", args=[1]).removesuffix("1/")


def _kept(roots: list[Comment], budget: int) -> set[int]:
    """The ids shown: all of ``roots``, then their previewed replies breadth-first while the budget lasts."""
    kept = {comment.pk for comment in roots}
    budget -= len(roots)
    level = roots
    while level and budget > 0:
        next_level = []
        for comment in level:
            for reply in getattr(comment, "preview_replies", ()):
                if budget <= 0:
                    break
                kept.add(reply.pk)
                next_level.append(reply)
                budget -= 1
        level = next_level
    return kept


def _node(comment, *, viewer, flags, kept, level, parent_name) -> CommentNode:
    presentation = comment_presentation(comment, viewer)
    comment_flags = flags.get(comment.pk, {})
    node = CommentNode(
        comment=comment,
        level=level,
        status=presentation.status,
        text_shown=presentation.text_shown,
        own=viewer.owns(comment),
        open=comment_is_open_to(comment, viewer),
        liked=comment_flags.get("liked", False),
        rewarded=comment_flags.get("rewarded", False),
        body_html=render_comment_body(comment.body, comment.mentions) if presentation.text_shown else "",
        muted=presentation.text_shown and viewer.has_muted(comment.author_id),
        replying_to=parent_name if level > INDENT_MAX else "",
    )
    translation = getattr(comment, "translation", None) if presentation.text_shown else None
    if translation is not None:
        node.translation = translation
        if translation.ready:
            node.translated_html = render_comment_body(translation.text or "")
    name = comment.author.display_name if presentation.text_shown else ""
    previews = getattr(comment, "preview_replies", ())
    for reply in previews:
        if reply.pk in kept:
            node.replies.append(
                _node(reply, viewer=viewer, flags=flags, kept=kept, level=level + 1, parent_name=name)
            )
    shown_counted = sum(1 for child in node.replies if child.comment.counts_as_visible)
    node.more_count = max(comment.reply_count - shown_counted, len(previews) - len(node.replies), 0)
    if node.more_count and node.replies:
        node.more_cursor = encode_cursor(REPLY_ORDERING, node.replies[-1].comment)
    return node


def _translate(comments: list[Comment], *, viewer: Viewer, language: str | None) -> None:
    """The translations of the comments whose text this reader is shown (one query; see
    ``translations_attach``)."""
    shown = [comment for comment in comments if comment_presentation(comment, viewer).text_shown]
    translations_attach(kind=TextKind.COMMENT, contents=shown, language=language)


def _tree(comments: list[Comment], kept: set[int]) -> list[Comment]:
    found, stack = [], list(comments)
    while stack:
        comment = stack.pop()
        if comment.pk in kept:
            found.append(comment)
            stack.extend(getattr(comment, "preview_replies", ()))
    return found


def comment_nodes(
    comments: list[Comment],
    *,
    viewer: Viewer,
    level: int = 0,
    budget: int = PAGE_COMMENT_BUDGET,
    language: str | None = None,
) -> list[CommentNode]:
    """The page's comments as nodes, with the reader's like/reward flags (one query when signed in) and
    translations into ``language`` (one query when a translation service is configured)."""
    kept = _kept(comments, budget)
    _translate(_tree(comments, kept), viewer=viewer, language=language)
    flags = comment_viewer_flags(viewer=viewer, comment_ids=sorted(kept)) if viewer.is_authenticated else {}
    return [
        _node(comment, viewer=viewer, flags=flags, kept=kept, level=level, parent_name="")
        for comment in comments
    ]


def comment_node(
    comment: Comment, *, viewer: Viewer, flags: dict | None = None, language: str | None = None
) -> CommentNode:
    """One comment without its replies (a card that was just posted, edited or quoted)."""
    if not hasattr(comment, "preview_replies"):
        comment.preview_replies = []
    if language is not None and not hasattr(comment, "translation"):
        _translate([comment], viewer=viewer, language=language)
    return _node(comment, viewer=viewer, flags=flags or {}, kept=set(), level=0, parent_name="")
