"""Recompute the board's stored counters from their source rows; report drift, and fix it with ``--fix``.

``--check`` exits with status 1 when anything is off (counters, or a reward without its exact pair of
ledger entries), for scripts: the restore drill and the soak run it on the database they check.
"""

from django.core.management.base import BaseCommand, CommandError

from board.counters import counters_drift, counters_fix, ledger_drift


class Command(BaseCommand):
    help = (
        "Recompute every stored counter (comments, replies, likes, reposts, shares, rewards, balances) from "
        "the source rows and print, per counter, the number of rows off, and the rewards whose ledger pair "
        "is wrong. --fix corrects the counters; --check fails (exit status 1) when anything is off."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--fix", action="store_true", help="Write the recomputed values.")
        mode.add_argument("--check", action="store_true", help="Exit with status 1 if anything is off.")

    def handle(self, *args, fix: bool = False, check: bool = False, **options):
        drift = {**counters_drift(), **ledger_drift()}
        for label, rows in drift.items():
            self.stdout.write(f"{label}: {rows} rows off")
        total = sum(drift.values())
        if not fix:
            self.stdout.write(f"total: {total} rows off" + (" (run with --fix to correct)" if total else ""))
            if check and total:
                raise CommandError(f"{total} rows off")
            return
        fixed = counters_fix()
        self.stdout.write(f"fixed: {sum(fixed.values())} rows")
