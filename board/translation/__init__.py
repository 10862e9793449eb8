"""Comments, repost quotes and articles in the reader's language.

- **Source language**: every text records its language when it is written or edited (``board.language``,
  offline; empty when unsure).
- **The reader's language** (``reader_language``): ``?lang=xx`` on the read, else the profile's
  (``User.language``), else the first ``Accept-Language`` entry the board offers (``TRANSLATION_LANGUAGES``);
  ``?lang=original``, or nothing chosen and no header, means originals.
- **Translations** (``board.models.ContentTranslation``): one row per content revision and target language,
  shared by every reader. A read attaches what exists (``translations_attach``: one query for a whole page)
  and asks for what is missing (``board.services.translations_request``: one insert, the task queued after
  it); the task (``board.tasks.content_translate_task``) calls the service named by ``TRANSLATION_BACKEND``
  (``board.translation.backends``). A read never waits for the service: until the task is done the
  translation says ``pending``; when the service fails it says ``failed`` and the sweep tries again later.
- **What is translated**: only text shown to the reader asking (visible content, or what moderators and the
  author may see), whose language is known and differs from the reader's. Moderation screens the original:
  translations live in their own table and nothing reads them but the readers' answers and the admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation.trans_real import parse_accept_lang_header

from board.exceptions import ApplicationError
from board.models import AbstractStatus, TextKind, TranslationStatus
from board.translation.backends import translation_enabled

# ``?lang=`` value asking for every text as written.
ORIGINAL = "original"
# Names where Django's own (LANG_INFO) is not the one a reader expects ("Simplified Chinese").
_NAMES = {"zh": "Chinese", "hi": "Hindi", "id": "Indonesian"}


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code ("zh" is "Chinese"); the code itself when unknown."""
    if code in _NAMES:
        return _NAMES[code]
    info = LANG_INFO.get(code)
    return info["name"] if info and "name" in info else code


def offered_languages() -> list[str]:
    return list(settings.TRANSLATION_LANGUAGES)


def language_choice_clean(value, *, field: str = "language") -> str:
    """A reader's chosen language as stored: "" (none: the browser's) or one of ``TRANSLATION_LANGUAGES``."""
    if value is None or value == "":
        return ""
    code = value.strip().lower() if isinstance(value, str) else None
    if code not in settings.TRANSLATION_LANGUAGES:
        raise ApplicationError(
            "Unknown language.", fields={field: [f"One of {', '.join(settings.TRANSLATION_LANGUAGES)}."]}
        )
    return code


def _accepted(header: str) -> str | None:
    offered = set(settings.TRANSLATION_LANGUAGES)
    for tag, _quality in parse_accept_lang_header(header or ""):
        primary = tag.split("-")[0].lower()
        if primary in offered:
            return primary
    return None


def reader_language(
    *, query: str | None, profile: str = "", accept_language: str = "", strict: bool
) -> str | None:
    """The language this read is answered in, or None for originals (see the module docstring).

    ``strict`` (the API): an unknown ``?lang=`` is a 400 with a field error; the pages ignore it.
    """
    if query:
        if query.strip().lower() == ORIGINAL:
            return None
        try:
            return language_choice_clean(query, field="lang")
        except ApplicationError:
            if strict:
                raise ApplicationError(
                    "Unknown language.",
                    fields={"lang": [f"One of {ORIGINAL}, {', '.join(settings.TRANSLATION_LANGUAGES)}."]},
                ) from None
    if profile:
        return profile
    return _accepted(accept_language)


def request_language(request, *, strict: bool = False) -> str | None:
    """``reader_language`` of a Django (or DRF) request: its ``?lang=``, its user's profile, its
    ``Accept-Language``. ``strict`` for the API (400 on an unknown ``?lang=``); pages and the admin ignore it."""
    user = getattr(request, "user", None)
    return reader_language(
        query=request.GET.get("lang"),
        profile=user.language if user is not None and user.is_authenticated else "",
        accept_language=request.headers.get("Accept-Language", ""),
        strict=strict,
    )


def original_requested(request) -> bool:
    """Did this read ask for every text as written (``?lang=original``, the no-JavaScript "View Original")?"""
    return (request.GET.get("lang") or "").strip().lower() == ORIGINAL


@dataclass(frozen=True)
class TranslationView:
    """What a reader is shown of a translation: ``text`` (and an article's ``title``/``abstract``) once
    ready, None before."""

    language: str
    source_language: str
    status: str
    text: str | None = None
    title: str | None = None
    abstract: str | None = None

    @property
    def ready(self) -> bool:
        return self.status == TranslationStatus.READY

    @property
    def source_name(self) -> str:
        return language_name(self.source_language)


def _source_text(kind: str, content) -> str:
    if kind == TextKind.COMMENT:
        return content.body
    if kind == TextKind.REPOST:
        return content.quote
    return content.body or content.title


def _needs_translation(kind: str, content, language: str) -> bool:
    if not content.language or content.language == language or not _source_text(kind, content):
        return False
    # An article waits for its abstract, which is translated with it.
    return not (kind == TextKind.ARTICLE and content.abstract_status == AbstractStatus.PENDING)


def _view(content, row, language: str) -> TranslationView:
    if row is None:  # just requested
        return TranslationView(
            language=language, source_language=content.language, status=TranslationStatus.PENDING
        )
    if row.status != TranslationStatus.READY:
        return TranslationView(language=language, source_language=row.source_language, status=row.status)
    return TranslationView(
        language=language,
        source_language=row.source_language,
        status=row.status,
        text=row.text,
        title=row.title,
        abstract=row.abstract,
    )


def translations_attach(*, kind: str, contents: list, language: str | None) -> list:
    """Set ``translation`` on each of ``contents`` (comments, reposts or articles whose text the reader is
    shown): a ``TranslationView`` in ``language``, or None when none applies (no backend, originals asked
    for, unknown or same language). Missing translations are requested (pending rows, tasks queued).

    Queries: none without a backend or a language; one read for all of ``contents``, plus one insert when
    some are missing. Never calls the translation service.
    """
    for content in contents:
        content.translation = None
    if language is None or not translation_enabled() or not contents:
        return contents
    # Here, not at the top: board.services imports this package (the profile's language rule).
    from board.selectors import content_translations
    from board.services import translations_request

    wanted = [content for content in contents if _needs_translation(kind, content, language)]
    if not wanted:
        return contents
    rows = content_translations(kind=kind, contents=wanted, language=language)
    missing = [content for content in wanted if content.pk not in rows]
    if missing:
        translations_request(kind=kind, contents=missing, language=language)
    for content in wanted:
        content.translation = _view(content, rows.get(content.pk), language)
    return contents
