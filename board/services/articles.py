"""Disclaimers and articles: versioned disclaimers, publishing and editing articles (screened through the
content-submitted hooks), and their abstracts (written by a task after commit)."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from kombu.exceptions import OperationalError as BrokerError

from board.abstracts import summarize
from board.caching import article_changed, feed_changed, site_changed
from board.exceptions import ApplicationError, NotFound, PermissionDenied
from board.extensions import content_submitted
from board.language import detect_language
from board.models import AbstractStatus, Article, Disclaimer, TextKind, User
from board.services.translations import translations_drop
from board.text import markdown_to_text, render_markdown

logger = logging.getLogger(__name__)


@transaction.atomic
def disclaimer_save(
    *, key: str, title: str, text: str, make_default: bool = False, actor: User | None = None
) -> Disclaimer:
    """Write a new version of the disclaimer ``key`` (version 1 if new). Old versions stay as they were."""
    latest = Disclaimer.objects.select_for_update().filter(key=key).order_by("-version").first()
    if latest and latest.title == title and latest.text == text and (latest.is_default or not make_default):
        return latest
    was_default = bool(latest and latest.is_default)
    if make_default or was_default:
        Disclaimer.objects.filter(is_default=True).update(is_default=False)
    disclaimer = Disclaimer(
        key=key,
        version=(latest.version + 1) if latest else 1,
        title=title,
        text=text,
        is_default=make_default or was_default,
        created_by=actor,
    )
    disclaimer.full_clean()
    disclaimer.save()
    site_changed()  # every article page shows its disclaimer
    return disclaimer


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=False)[:100] or "article"
    slug, suffix = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _article_language(title: str, body: str) -> str:
    """The detected language of an article's text (title and body as plain text); "" when unsure."""
    return detect_language(f"{title}\n{markdown_to_text(body or '')}").code or ""


def _abstract_enqueue(article_id: int) -> None:
    """Queue the abstract; a broker that is down only delays it (``abstracts_sweep_task`` queues it again)."""
    from board.tasks import article_abstract_generate_task

    try:
        article_abstract_generate_task.delay(article_id)
    except (BrokerError, ConnectionError, OSError):
        logger.warning("abstract not queued; the sweep will retry", extra={"article_id": article_id})


@transaction.atomic
def article_publish(
    *,
    author: User,
    title: str,
    body: str,
    source_name: str = "",
    original_url: str = "",
    language: str | None = None,
    disclaimer: Disclaimer | None = None,
    published_at=None,
    is_pinned: bool = False,
    slug: str | None = None,
) -> Article:
    """Publish an article by staff or a bot; its abstract starts ``pending`` and is queued after commit.

    ``language`` None: detected from the title and body ("" when unsure)."""
    if not (author.is_staff or author.is_bot):
        raise PermissionDenied("Only staff and bot accounts publish articles.")
    if disclaimer is None:
        disclaimer = Disclaimer.objects.filter(is_default=True).first()
    if disclaimer is None:
        raise ApplicationError(
            "No disclaimer given and no site default.", fields={"disclaimer": ["Required."]}
        )
    article = Article(
        author=author,
        title=(title or "").strip(),
        slug=slug or _unique_slug(title or ""),
        body=body,
        body_html=render_markdown(body or ""),
        source_name=source_name,
        original_url=original_url,
        language=_article_language(title or "", body or "") if language is None else language,
        disclaimer=disclaimer,
        published_at=published_at or timezone.now(),
        is_pinned=is_pinned,
    )
    article.full_clean()
    article.save()
    feed_changed()
    content_submitted(kind="article", obj=article)
    transaction.on_commit(lambda: _abstract_enqueue(article.pk))
    return article


@transaction.atomic
def article_abstract_generate(*, article_id: int) -> Article | None:
    """Write the abstract of an article and mark it ``ready``; nothing to do if it is already ready.

    Idempotent: safe to run twice (a redelivered task). None if the article no longer exists.
    """
    article = Article.objects.select_for_update().filter(pk=article_id).first()
    if article is None or article.abstract_status == AbstractStatus.READY:
        return article
    article.abstract = summarize(
        markdown_to_text(article.body),
        max_chars=settings.BOARD_ABSTRACT_MAX_CHARS,
        max_chars_cjk=settings.BOARD_ABSTRACT_MAX_CHARS_CJK,
    )
    article.abstract_status = AbstractStatus.READY
    article.save(update_fields=["abstract", "abstract_status", "updated_at"])
    article_changed(article.pk)
    return article


@transaction.atomic
def article_abstract_mark_failed(*, article_id: int) -> bool:
    """Give up on an abstract after the task's last retry. True if it was still pending."""
    changed = Article.objects.filter(pk=article_id, abstract_status=AbstractStatus.PENDING).update(
        abstract_status=AbstractStatus.FAILED, updated_at=timezone.now()
    )
    article_changed(article_id)
    return changed > 0


def article_editor_check(user: User) -> None:
    """Refuse anyone but staff (the editors) a change to a published article (403)."""
    if not user.is_staff:
        raise PermissionDenied("Only staff edit articles.")


ARTICLE_EDITABLE_FIELDS = (
    "title",
    "body",
    "source_name",
    "original_url",
    "language",
    "disclaimer",
    "published_at",
    "is_pinned",
)


@transaction.atomic
def article_update(*, actor: User, article: Article, **changes) -> Article:
    """Staff change an article (the admin): any of ``ARTICLE_EDITABLE_FIELDS``; the rest stays.

    A new title or body is a new revision: the HTML is rendered again, the text is screened again, the
    abstract is written again (queued after commit), the language is detected again (unless ``language`` is
    among the changes) and the translations are dropped. Returns the article (updated in place too).
    """
    article_editor_check(actor)
    unknown = set(changes) - set(ARTICLE_EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"Not editable: {', '.join(sorted(unknown))}.")
    locked = Article.objects.select_for_update().filter(pk=article.pk).first()
    if locked is None:
        raise NotFound("Article not found.")
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, changes[name])
    text_changed = "title" in changed or "body" in changed
    if text_changed:
        locked.title = (locked.title or "").strip()
        locked.body_html = render_markdown(locked.body or "")
        locked.revision += 1
        changed += ["body_html", "revision"]
        if "language" not in changes:
            locked.language = _article_language(locked.title, locked.body)
            changed.append("language")
    if "body" in changed:
        locked.abstract_status = AbstractStatus.PENDING
        changed.append("abstract_status")
    locked.full_clean(exclude=["author", "disclaimer"], validate_unique=False)
    locked.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
    for name in changed:
        setattr(article, name, getattr(locked, name))
    article_changed(locked.pk)
    if text_changed:
        translations_drop(kind=TextKind.ARTICLE, object_id=locked.pk)
        content_submitted(kind="article", obj=locked)
    if "body" in changed:
        transaction.on_commit(lambda: _abstract_enqueue(locked.pk))
    return locked


@transaction.atomic
def article_pinned_set(*, article: Article, pinned: bool) -> bool:
    """Pin an article to the top of the feed, or unpin it; True if it changed. Not a new revision. For
    moderation, which checks the actor (``article_editor_check``) and audits."""
    changed = (
        Article.objects.filter(pk=article.pk)
        .exclude(is_pinned=pinned)
        .update(is_pinned=pinned, updated_at=timezone.now())
    )
    article.is_pinned = pinned
    article_changed(article.pk)
    return changed > 0
