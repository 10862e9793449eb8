"""The board's extension points: what the apps built on top of it plug in, named in settings.

The board never imports those apps. It reads dotted paths from settings and resolves them with
``import_string`` when it first needs them (the way DRF reads ``DEFAULT_THROTTLE_CLASSES``); with a list
empty, the board does that part of its work alone.

- ``BOARD_CONTENT_SUBMITTED_HOOKS``: callables called as ``hook(kind=, object_id=, revision=)`` whenever a
  reader's or an editor's text is written or changed (``kind`` is "comment", "repost" or "article"),
  inside the transaction that writes it; whatever they write commits or rolls back with the text.
  Moderation registers its screening request here.
- ``BOARD_WRITE_THROTTLES``: DRF throttle classes that limit writes of such text (comments and repost
  quotes) beside the write's own scope, in the API and on the readers' pages alike. Moderation registers
  its trust-aware throttle here.
- ``BOARD_ACCOUNT_ERASED_HOOKS``: callables called as ``hook(user_id=, erased=)`` inside the transaction
  that erases a reader's account (``board.services.account_erase``), after the board has erased its own
  rows; ``erased`` is ``ErasedIdentity`` (the ids of their comments and reposts, and the email and
  display name they had, for scrubbing copies). Each app removes the person from its rows and keeps the
  facts. Moderation anonymises its audit log, reports and decisions here.
- ``BOARD_EXPORT_SECTIONS``: ``{section name: dotted path}`` of callables ``section(*, user) -> JSON-able``
  that add a section to a reader's data export, beside the board's own (``board.exports``). The app that
  owns the data owns its section: moderation adds its reports and decisions.
- ``BOARD_DECISION_PROVIDER``: one callable, ``provider(kind=, object_ids=)`` returning ``{id: statement}``,
  the statement of reasons (label, automated or moderator, reason, when, appealable until, the appeal) of
  each of the author's own held or removed comments or quotes. Called only for the author's own view, only
  when there is such content on the page. Moderation registers ``decision_statements``; empty, none shown.
"""

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from rest_framework.throttling import BaseThrottle


@cache
def _resolved(paths: tuple[str, ...]) -> tuple:
    return tuple(import_string(path) for path in paths)


def content_submitted_hooks() -> tuple[Callable[..., object], ...]:
    return _resolved(tuple(settings.BOARD_CONTENT_SUBMITTED_HOOKS))


def content_submitted(*, kind: str, obj) -> None:
    """Tell every hook that this revision of ``obj`` needs their attention (inside the caller's transaction)."""
    for hook in content_submitted_hooks():
        hook(kind=kind, object_id=obj.pk, revision=obj.revision)


def account_erased_hooks() -> tuple[Callable[..., object], ...]:
    return _resolved(tuple(settings.BOARD_ACCOUNT_ERASED_HOOKS))


def account_erased(*, user_id: int, erased) -> None:
    """Tell every hook that this account has been erased (inside the caller's transaction)."""
    for hook in account_erased_hooks():
        hook(user_id=user_id, erased=erased)


def export_sections() -> dict[str, Callable[..., object]]:
    """``{name: section}`` of the sections the apps built on the board add to a data export."""
    paths = dict(settings.BOARD_EXPORT_SECTIONS)
    return dict(zip(paths, _resolved(tuple(paths.values())), strict=True))


def write_throttles() -> list[BaseThrottle]:
    """A fresh instance of every ``BOARD_WRITE_THROTTLES`` class (DRF throttles keep per-request state)."""
    return [throttle_class() for throttle_class in _resolved(tuple(settings.BOARD_WRITE_THROTTLES))]


def decision_statements(*, kind: str, object_ids: list[int]) -> dict[int, dict]:
    """The statements of reasons of these held or removed pieces of content (``BOARD_DECISION_PROVIDER``);
    ``{}`` without a provider or without ids (no query)."""
    path = getattr(settings, "BOARD_DECISION_PROVIDER", "")
    if not path or not object_ids:
        return {}
    (provider,) = _resolved((path,))
    return provider(kind=kind, object_ids=list(object_ids))
