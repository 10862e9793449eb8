"""Reposts and shares: a repost puts an article on the reader's profile with an optional quote (moderated
like a comment), once per reader; a share is one event of handing the link on, as often as one likes."""

from django.db import IntegrityError, transaction

from board.caching import article_changed
from board.exceptions import ApplicationError
from board.extensions import content_submitted
from board.language import detect_language
from board.models import QUOTE_MAX_LENGTH, Article, Repost, Share, ShareChannel, TextKind, User
from board.services.accounts import ensure_not_silenced
from board.services.comments import moderation_state_clean
from board.services.common import NEW_CONTENT_STATE, counters_add, counters_read, rows_delete_counted
from board.services.translations import translations_drop


def _quote_language(text: str) -> str:
    return (detect_language(text).code or "") if text else ""


def _quote_clean(quote) -> str:
    if quote is None:
        return ""
    if not isinstance(quote, str):
        raise ApplicationError("Invalid quote.", fields={"quote": ["Must be text."]})
    text = quote.strip()
    if len(text) > QUOTE_MAX_LENGTH:
        raise ApplicationError(
            "Quote too long.", fields={"quote": [f"At most {QUOTE_MAX_LENGTH} characters."]}
        )
    return text


def _repost_requote(repost: Repost, text: str) -> Repost:
    """The reader's existing repost (a repeated or concurrent repost), with ``text`` as its quote."""
    if repost.quote != text:
        repost.quote = text
        repost.revision += 1
        repost.language = _quote_language(text)
        repost.moderation_state = NEW_CONTENT_STATE
        repost.save(update_fields=["quote", "revision", "language", "moderation_state"])
        translations_drop(kind=TextKind.REPOST, object_id=repost.pk)
        if text:
            content_submitted(kind="repost", obj=repost)
    return repost


@transaction.atomic
def repost_create(*, user: User, article: Article, quote: str = "") -> tuple[Repost, bool]:
    """Repost an article, or change the quote of one's repost. Returns ``(repost, created)``, and sets
    ``article.repost_count`` to the stored count.

    One per reader (a unique constraint): concurrent requests insert once and count once; the others update.
    A new or changed quote starts in ``NEW_CONTENT_STATE`` and is submitted (the content-submitted hooks).
    """
    ensure_not_silenced(user)
    text = _quote_clean(quote)
    try:
        with transaction.atomic():
            repost = Repost.objects.create(
                article=article,
                user=user,
                quote=text,
                language=_quote_language(text),
                moderation_state=NEW_CONTENT_STATE,
            )
    except IntegrityError:
        repost = Repost.objects.select_for_update().filter(article=article, user=user).first()
        if repost is None:
            raise
        counters_read(article, "repost_count")
        return _repost_requote(repost, text), False
    counters_add(article, repost_count=1)
    if text:
        content_submitted(kind="repost", obj=repost)
    return repost, True


@transaction.atomic
def repost_delete(*, user: User, article: Article) -> bool:
    """Undo one's repost. True if there was one; ``article.repost_count`` is set to the stored count."""
    rows = Repost.objects.filter(user=user, article=article)
    repost_id = rows.values_list("pk", flat=True).first()
    if repost_id is not None:
        translations_drop(kind=TextKind.REPOST, object_id=repost_id)
    return rows_delete_counted(rows, counted=article, field="repost_count")


@transaction.atomic
def repost_set_moderation_state(*, repost: Repost, state: str) -> bool:
    """Move a repost's quote to ``state``; for moderation. Idempotent: returns whether it changed.

    ``repost_count`` counts reposts, not quotes, so no counter moves; a hidden quote is simply not shown.
    """
    moderation_state_clean(state)
    changed = (
        Repost.objects.filter(pk=repost.pk).exclude(moderation_state=state).update(moderation_state=state)
    )
    repost.moderation_state = state
    article_changed(repost.article_id)
    return changed > 0


@transaction.atomic
def share_create(*, article: Article, user: User | None, channel: str) -> Share:
    """Record one share of an article (readers may share as often as they like); sets
    ``article.share_count`` to the stored count."""
    if channel not in ShareChannel.values:
        raise ApplicationError(
            "Unknown channel.", fields={"channel": [f"One of {', '.join(ShareChannel.values)}."]}
        )
    share = Share.objects.create(article=article, user=user, channel=channel)
    counters_add(article, share_count=1)
    return share


def share_url(*, article: Article, user: User | None, base_url: str) -> str:
    """The canonical URL of an article, with the sharer's referral code when they are signed in."""
    url = base_url.rstrip("/") + article.get_absolute_url()
    if user is not None and user.is_authenticated and user.referral_code:
        url += f"?ref={user.referral_code}"
    return url
