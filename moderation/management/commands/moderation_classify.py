"""``python manage.py moderation_classify < in.jsonl > out.jsonl``

Reads JSON Lines on stdin, each ``{"id": ..., "text": ...}``, and writes one JSON line per input line, in
order: ``{"id": ..., "spam": {"score": float, "flagged": bool}, "financial_advice": {...}, "evidence":
[...]}``. ``flagged`` is true where the policy would act on that label (level medium or high). A line that
is not such an object gets ``{"id": <its id or null>, "error": "..."}`` in its place. Blank lines are not
inputs.

The workers' code path without the database's behaviour signals: the settings' thresholds (or, with
``--live-config``, the moderators' thresholds and watched words from the database) and the active model.
Needs neither Redis nor a migrated database.
"""

import json
import sys

from django.core.management.base import BaseCommand

from moderation.batch import classify_texts, verdict_line


class Command(BaseCommand):
    help = "Classify JSON Lines {id, text} from stdin; write one JSON line of scores per input to stdout."
    requires_system_checks = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "--live-config",
            action="store_true",
            help="use the moderators' thresholds and watched words from the database",
        )

    def handle(self, *args, **options):
        stream = options.get("stdin") or sys.stdin
        raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", errors="replace")
        items: list[tuple[object, str | None, str | None]] = []  # (id, text, error)
        for line in raw.splitlines():
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                items.append((None, None, f"invalid JSON: {exc}"))
                continue
            if not isinstance(row, dict):
                items.append((None, None, "not a JSON object"))
            elif not isinstance(row.get("text"), str):
                items.append((row.get("id"), None, "missing or non-string 'text'"))
            else:
                items.append((row.get("id"), row["text"], None))

        config = None
        if options["live_config"]:
            from moderation.runtime import live_config

            config = live_config()
        texts = [text for _, text, error in items if error is None]
        verdicts = iter(classify_texts(texts, config=config))
        out = []
        for identifier, _text, error in items:
            if error is not None:
                out.append(json.dumps({"id": identifier, "error": error}, ensure_ascii=False))
            else:
                out.append(json.dumps(verdict_line(identifier, next(verdicts)), ensure_ascii=False))
        if out:
            self.stdout.write("\n".join(out), ending="\n")
