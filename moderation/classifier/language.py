"""Language identification for screened text: the board's (``board.language``), so that the language a
comment is stored with and the one its classification records are the same function's answer."""

from board.language import LanguageGuess, detect_language, language_status, script_mix

__all__ = ["LanguageGuess", "detect_language", "language_status", "script_mix"]
