"""Translation services behind one small interface, chosen by ``TRANSLATION_BACKEND``.

A backend translates a few texts from one language into another, or raises ``TranslationError`` saying
whether trying again later may help. Backends are called only by the translation task (never by a reader's
request), with timeouts, so a service that is down, slow or answers garbage costs a worker an attempt and
readers nothing. Another provider is one class with ``translate`` (and ``languages``), named in
``TRANSLATION_BACKEND`` by its dotted path.
"""

from __future__ import annotations

import threading
import time
from functools import cache

import requests
from django.conf import settings
from django.utils.module_loading import import_string

# The languages a LibreTranslate server offers change only when it is redeployed: asked again after this.
LANGUAGES_TTL_SECONDS = 600.0
# Whatever a broken proxy or service puts in an error message, this much of it is kept.
ERROR_DETAIL_MAX = 300


class TranslationError(Exception):
    """The service did not translate. ``transient``: worth another attempt later (down, slow, throttled,
    garbage); otherwise (the pair is not offered, the text refused) it will not get better."""

    def __init__(self, message: str, *, transient: bool = True):
        super().__init__(message[:ERROR_DETAIL_MAX])
        self.transient = transient


class TranslationBackend:
    """The interface. ``configured`` False means readers are shown originals and nothing calls out."""

    configured = True

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        """``texts`` (plain text) from ISO 639-1 ``source`` into ``target``, in order."""
        raise NotImplementedError

    def languages(self) -> set[str]:
        """The ISO 639-1 codes it translates between (may call the service)."""
        raise NotImplementedError


class NoTranslation(TranslationBackend):
    """``TRANSLATION_BACKEND=none``: no translations, no "View Original"."""

    configured = False

    def translate(self, texts, *, source, target):
        raise TranslationError("No translation backend is configured.", transient=False)

    def languages(self) -> set[str]:
        return set()


class LibreTranslate(TranslationBackend):
    """A LibreTranslate server (https://docs.libretranslate.com/): ``GET /languages`` lists what it offers
    (codes such as ``en``, ``zh`` or ``zh-Hans``), ``POST /translate`` with ``q`` (a string or a list),
    ``source``, ``target``, ``format`` and ``api_key`` answers ``{"translatedText": ...}`` of the same shape;
    errors are ``{"error": "..."}`` with 400 (bad request, unsupported language), 403 (API key), 429 (its
    own limits) or 500."""

    def __init__(self, *, url: str, api_key: str = "", connect_timeout: float, timeout: float):
        if not url:
            raise ValueError("TRANSLATION_URL is required with TRANSLATION_BACKEND=libretranslate.")
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeouts = (connect_timeout, timeout)
        self.session = requests.Session()
        self._lock = threading.Lock()
        self._codes: dict[str, str] = {}
        self._codes_at = 0.0

    def _request(self, method: str, path: str, **kwargs):
        try:
            response = self.session.request(method, self.url + path, timeout=self.timeouts, **kwargs)
        except requests.Timeout as exc:
            raise TranslationError(f"timed out: {exc}") from exc
        except requests.RequestException as exc:
            raise TranslationError(f"unreachable: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code != 200:
            detail = body.get("error") if isinstance(body, dict) else response.text[:ERROR_DETAIL_MAX]
            # 400 is this request's fault (an unsupported pair, a refused text): trying again will not help.
            raise TranslationError(
                f"HTTP {response.status_code}: {detail}", transient=response.status_code != 400
            )
        if body is None:
            raise TranslationError(f"not JSON: {response.text[:100]!r}")
        return body

    def _server_codes(self) -> dict[str, str]:
        """ISO 639-1 code to the server's code (``zh`` to ``zh-Hans`` where the server says so)."""
        with self._lock:
            if self._codes and time.monotonic() - self._codes_at < LANGUAGES_TTL_SECONDS:
                return self._codes
            body = self._request("GET", "/languages")
            if not isinstance(body, list):
                raise TranslationError("/languages: not a list")
            codes: dict[str, str] = {}
            for entry in body:
                code = entry.get("code") if isinstance(entry, dict) else None
                if not isinstance(code, str) or not code:
                    continue
                primary = code.split("-")[0].lower()
                if primary == code.lower() or primary not in codes:
                    codes[primary] = code
            self._codes, self._codes_at = codes, time.monotonic()
            return codes

    def languages(self) -> set[str]:
        return set(self._server_codes())

    def translate(self, texts, *, source, target):
        codes = self._server_codes()
        if source not in codes or target not in codes:
            raise TranslationError(f"{source} to {target} is not offered by the service", transient=False)
        payload = {
            "q": texts if len(texts) != 1 else texts[0],
            "source": codes[source],
            "target": codes[target],
            "format": "text",
            "api_key": self.api_key,
        }
        body = self._request("POST", "/translate", json=payload)
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if isinstance(translated, str):
            translated = [translated]
        if (
            not isinstance(translated, list)
            or len(translated) != len(texts)
            or not all(isinstance(item, str) for item in translated)
        ):
            raise TranslationError(f"unexpected answer: {str(body)[:100]}")
        if any(text.strip() and not item.strip() for text, item in zip(texts, translated, strict=True)):
            raise TranslationError("empty translation of a text that was not empty")
        return translated


@cache
def _backend(name: str, url: str, api_key: str, connect_timeout: float, timeout: float) -> TranslationBackend:
    if name in ("", "none"):
        return NoTranslation()
    if name == "libretranslate":
        return LibreTranslate(url=url, api_key=api_key, connect_timeout=connect_timeout, timeout=timeout)
    return import_string(name)()


def translation_backend() -> TranslationBackend:
    """The backend the settings name, one per process (and per settings, which tests change)."""
    return _backend(
        settings.TRANSLATION_BACKEND,
        settings.TRANSLATION_URL,
        settings.TRANSLATION_API_KEY,
        settings.TRANSLATION_CONNECT_TIMEOUT_SECONDS,
        settings.TRANSLATION_TIMEOUT_SECONDS,
    )


def translation_enabled() -> bool:
    """Is a translation service configured? (Reads only settings: never calls out.)"""
    return settings.TRANSLATION_BACKEND not in ("", "none")
