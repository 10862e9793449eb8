"""Recompute the board's stored counters from their source rows; report drift, and fix it with ``--fix``."""

from django.core.management.base import BaseCommand

from board.counters import counters_drift, counters_fix


class Command(BaseCommand):
    help = (
        "Recompute every stored counter (comments, replies, likes, reposts, shares, rewards, balances) from "
        "the source rows and print, per counter, the number of rows off. --fix corrects them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Write the recomputed values.")

    def handle(self, *args, fix: bool = False, **options):
        drift = counters_drift()
        for label, rows in drift.items():
            self.stdout.write(f"{label}: {rows} rows off")
        total = sum(drift.values())
        if not fix:
            self.stdout.write(f"total: {total} rows off" + (" (run with --fix to correct)" if total else ""))
            return
        fixed = counters_fix()
        self.stdout.write(f"fixed: {sum(fixed.values())} rows")
