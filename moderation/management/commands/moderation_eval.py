"""``python manage.py moderation_eval --data FILE.jsonl``

Scores the classifier (the active model, the settings' thresholds: what ``moderation_classify`` does) on
lines with ``text``, ``spam`` and ``financial_advice`` booleans, and prints precision, recall and F1 per
label, the confusion counts, and the share of honest lines (neither label) flagged for either label.
Without ``--data``, the repo corpus' held-out split. Needs neither Redis nor a migrated database.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from moderation.batch import classify_texts


class Command(BaseCommand):
    help = "Precision, recall, F1 and confusion counts per label on a labelled JSONL file."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", help="JSONL with text, spam, financial_advice (default: held-out split)"
        )
        parser.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
        parser.add_argument(
            "--show-errors", type=int, default=0, help="also print this many misclassified lines"
        )

    def handle(self, *args, **options):
        from moderation.classifier.training import evaluate, format_metrics, load_corpus
        from moderation.runtime import active_bundle

        try:
            examples = load_corpus(options["data"]) if options["data"] else load_corpus(split="test")
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if not examples:
            raise CommandError("no examples to evaluate")
        metrics = evaluate(examples, classify_texts)
        metrics["model_version"] = active_bundle().full_version
        if options["json"]:
            self.stdout.write(
                json.dumps({k: v for k, v in metrics.items() if k != "errors"}, ensure_ascii=False)
            )
            return
        self.stdout.write(format_metrics(metrics))
        for error in metrics["errors"][: options["show_errors"]]:
            self.stdout.write(json.dumps(error, ensure_ascii=False))
