"""The demo board as ``make run`` loads it: ``load_demo --wait`` with a real worker screening the comments."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.core.management import call_command

# Generous: the worker screens the demo's ~60 texts in 5 to 10 s on 2 shared cores.
DEMO_WAIT_SECONDS = 90


@dataclass(frozen=True)
class DemoBoard:
    output: str  # what load_demo printed
    email: str  # the demo moderator's sign-in, as printed
    password: str
    article: object  # the main article (board.models.Article)


def printed_credentials(output: str) -> tuple[str, str]:
    email = re.search(r"^\s*email:\s+(\S+)$", output, re.MULTILINE)
    password = re.search(r"^\s*password:\s+(\S+)$", output, re.MULTILINE)
    assert email and password, output
    return email.group(1), password.group(1)


def load_demo_board() -> DemoBoard:
    """Run ``load_demo --wait`` (a worker must be running) and check that it finished the board."""
    from board.models import Article
    from demo import content
    from moderation.runtime import live_config_clear
    from moderation.services import screening

    # This process's caches may hold a previous test's configuration or a broker marked down.
    live_config_clear()
    screening._broker["down_until"] = 0.0
    stream = io.StringIO()
    call_command("load_demo", wait=DEMO_WAIT_SECONDS, stdout=stream)
    output = stream.getvalue()
    assert "Screened by the workers" in output, output
    email, password = printed_credentials(output)
    return DemoBoard(
        output=output,
        email=email,
        password=password,
        article=Article.objects.get(slug=content.MAIN_ARTICLE_SLUG),
    )
