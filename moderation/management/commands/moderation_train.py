"""``python manage.py moderation_train``

Retrains the classifier from the repo's training data plus moderators' decisions (confirmed and rejected
labels, approvals and removals), prints its metrics on the independent dev set beside the active model's,
and activates the new version only if it is not worse there (every label's F1 at least as high, no more
honest comments flagged). Workers pick the new version up within ``MODERATION_CONFIG_TTL_SECONDS``.

With no decisions it rebuilds the shipped model's recipe: same content hash, metrics equal within the
floating-point tolerance of another CPU, nothing activated.
"""

import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Retrain from the corpus and moderators' decisions; activate if not worse."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--no-activate", action="store_true", help="train and report only")
        parser.add_argument("--force", action="store_true", help="activate even if worse")
        parser.add_argument("--corpus-only", action="store_true", help="ignore moderators' decisions")
        parser.add_argument("--json", action="store_true", help="print the result as one JSON object")

    def handle(self, *args, **options):
        from moderation.classifier.training import format_metrics
        from moderation.services import model_train

        result = model_train(
            seed=options["seed"],
            activate=not options["no_activate"],
            force=options["force"],
            use_decisions=not options["corpus_only"],
        )
        if options["json"]:
            strip = {k: v for k, v in result.items() if k not in ("metrics", "active_metrics")}
            strip["metrics"] = {k: v for k, v in result["metrics"].items() if k not in ("errors", "columns")}
            strip["active_metrics"] = {
                k: v for k, v in result["active_metrics"].items() if k not in ("errors", "columns")
            }
            self.stdout.write(json.dumps(strip, ensure_ascii=False, default=str))
            return
        self.stdout.write(f"examples from moderators' decisions: {result['examples_from_decisions']}")
        self.stdout.write("dev-set metrics of the new model:")
        self.stdout.write(format_metrics(result["metrics"]))
        if result["same_as_active"]:
            self.stdout.write(
                f"identical to the active model {result['active_version']} "
                f"(content hash {result['content_hash'][:12]}): its metrics are reproduced; nothing to activate"
            )
            return
        self.stdout.write(f"active model {result['active_version']} on the same split:")
        self.stdout.write(format_metrics(result["active_metrics"]))
        if result["activated"]:
            self.stdout.write(
                self.style.SUCCESS(f"activated {result['metrics']['model_version']} ({result['path']})")
            )
        elif result["worse"]:
            self.stdout.write(self.style.WARNING("not activated: " + "; ".join(result["worse"])))
        else:
            self.stdout.write("not activated (--no-activate)")
