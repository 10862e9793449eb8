"""``python manage.py moderation_eval [--data FILE.jsonl]``

Scores the classifier (the active model, the settings' thresholds: what ``moderation_classify`` does) on
lines with ``text``, ``spam`` and ``financial_advice`` booleans (optional ``lang`` and ``hard``), and prints
per label precision, recall and F1 with 95% bootstrap intervals, the confusion counts, the share of honest
lines (neither label) flagged for either label, the share fully right, and the same per language and for
hard vs easy lines. Without ``--data``: the independent dev and test sets (``moderation/corpus/dev.jsonl``,
``test.jsonl``), never the template corpus. Needs neither Redis nor a migrated database.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from moderation.batch import classify_texts


class Command(BaseCommand):
    help = "Per-label P/R/F1 with 95% intervals, per language and hard vs easy, on labelled JSONL files."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--data", help="JSONL with text, spam, financial_advice (default: dev and test)")
        parser.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
        parser.add_argument(
            "--json-out", metavar="FILE", help="also write the metrics as one JSON object to FILE"
        )
        parser.add_argument(
            "--show-errors", type=int, default=0, help="also print this many misclassified lines"
        )

    def handle(self, *args, **options):
        from moderation.classifier.evaluation import evaluate, format_metrics
        from moderation.classifier.training import DEV_PATH, TEST_PATH, load_corpus
        from moderation.runtime import active_bundle

        paths = {"data": options["data"]} if options["data"] else {"dev": DEV_PATH, "test": TEST_PATH}
        try:
            sets = {name: load_corpus(path) for name, path in paths.items()}
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if not all(sets.values()):
            raise CommandError("no examples to evaluate")
        version = active_bundle().full_version
        results = {}
        for name, examples in sets.items():
            results[name] = evaluate(examples, classify_texts)
            results[name]["model_version"] = version
        plain = {name: {k: v for k, v in m.items() if k != "errors"} for name, m in results.items()}
        as_json = json.dumps(plain["data"] if options["data"] else plain, ensure_ascii=False)
        if options["json_out"]:
            try:
                with open(options["json_out"], "w", encoding="utf-8") as out:
                    out.write(as_json + "\n")
            except OSError as exc:
                raise CommandError(f"cannot write {options['json_out']}: {exc}") from exc
        if options["json"]:
            self.stdout.write(as_json)
            return
        for name, metrics in results.items():
            if not options["data"]:
                self.stdout.write(f"== {name} ({paths[name].name})")
            self.stdout.write(format_metrics(metrics))
            for error in metrics["errors"][: options["show_errors"]]:
                self.stdout.write(json.dumps(error, ensure_ascii=False))
