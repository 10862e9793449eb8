"""Check the screening outbox's promises (``moderation.selectors.screening_integrity``); print them as
``name: count`` lines. ``--check`` exits with status 1 when any is off; ``--settled`` also counts requests
still pending as off (once the queue has drained, as after the soak)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from moderation.selectors import screening_integrity

# Not problems in themselves: content in flight when a copy was taken, or given up for a moderator.
IN_FLIGHT = {"pending", "failed"}


class Command(BaseCommand):
    help = "Check that every screening request is screened at most once and each classification is whole."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Content created from this ISO time on must have a request.")
        parser.add_argument("--check", action="store_true", help="Exit with status 1 if anything is off.")
        parser.add_argument("--settled", action="store_true", help="Pending requests count as off.")

    def handle(self, *args, since=None, check=False, settled=False, **options):
        report = screening_integrity(since=parse_datetime(since) if since else None)
        for name, rows in report.items():
            self.stdout.write(f"{name}: {rows}")
        off = sum(rows for name, rows in report.items() if name not in IN_FLIGHT)
        if settled:
            off += report["pending"]
        self.stdout.write(f"total: {off} off")
        if check and off:
            raise CommandError(f"{off} off")
