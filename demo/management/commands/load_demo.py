"""``manage.py load_demo [--wait SECONDS]``: the demo board (local settings only; see ``demo/loader.py``).

Writes the demo accounts, articles and comments once; with ``--wait``, waits for the workers to screen
them and then files what needs published comments (a pin, readers' reports); prints how to sign in as the
demo moderator every time. Running it again writes nothing.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from demo import content
from demo.loader import demo_load, demo_moderator_ensure, demo_settle, demo_unscreened_count

# How often to look at the screening progress while waiting; a screening takes ~20 ms on the worker.
POLL_SECONDS = 0.25


class Command(BaseCommand):
    help = "Load the demo board (three articles, their discussions, a review queue) and print the moderator's sign-in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait",
            type=float,
            default=0.0,
            metavar="SECONDS",
            help="wait this long for the workers to screen the demo comments (default: do not wait)",
        )

    def handle(self, *args, **options):
        credentials = demo_moderator_ensure(state_dir=settings.DEMO_STATE_DIR)
        started = time.monotonic()
        if demo_load():
            self.stdout.write(f"Loaded the demo board: {len(content.ARTICLES)} articles and their comments.")
        else:
            self.stdout.write("Demo board already loaded.")
        deadline = started + options["wait"]
        while True:
            unscreened = demo_unscreened_count()
            outcome = demo_settle(moderator=credentials.user) if not unscreened else "waiting"
            if outcome != "waiting" or time.monotonic() >= deadline:
                break
            time.sleep(POLL_SECONDS)
        if outcome == "done":
            self.stdout.write(
                f"Screened by the workers in {time.monotonic() - started:.1f} s; pinned a comment and "
                "filed the readers' reports."
            )
        elif outcome == "waiting":
            self.stdout.write(
                f"{unscreened} demo comments wait for a worker to screen them; run load_demo again "
                "(or make run) to file the readers' reports once they are published."
            )
        self.stdout.write(
            self.style.SUCCESS("Demo moderator (staff, Moderator group): sign in at /admin/ with\n")
            + f"  email:    {credentials.user.email}\n"
            + f"  password: {credentials.password}\n"
            + f"  (kept in {credentials.path})"
        )
