"""Schemathesis over every operation of the OpenAPI schema, in-process against the WSGI app, as a signed-in
reader: at least 100 generated requests per operation (valid and invalid input), then the stateful phase
(chains of calls along the links between operations). Zero server errors, zero responses outside the schema.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

pytestmark = [pytest.mark.security, pytest.mark.django_db]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = 100


FUZZ_TOKEN = "f0" * 20  # 40 characters, like a real token key

# Loaded at collection, through the app itself (the schema view touches no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
schema.config.update(headers={"Authorization": f"Token {FUZZ_TOKEN}"})


REAL_IDS: dict[str, int] = {}


@schema.hook("map_path_parameters")
def real_ids_half_the_time(context, path_parameters):
    """Half of the generated numeric ids are swapped for rows that exist (the article, the reader's own
    comment, someone else's comment), so writes get past 404 and reach the services."""
    generated = str((path_parameters or {}).get("id", ""))
    if not REAL_IDS or not generated.isdigit() or int(generated) % 2:
        return path_parameters
    if "/articles/" in context.operation.path:
        real = REAL_IDS["article"]
    else:
        real = REAL_IDS["own_comment" if int(generated) % 4 == 0 else "other_comment"]
    return {**path_parameters, "id": real}


@pytest.fixture
def fuzz_reader(db, settings):
    """The signed-in reader (trusted, with points), an article and a visible comment of theirs.

    The WSGI app runs on this thread inside the test's transaction: Django's per-request connection cleanup
    is switched off meanwhile (as Django's own test client does), or it would close the connection that
    holds the transaction.
    """
    from rest_framework.authtoken.models import Token

    from board.services import ledger_grant
    from moderation.services import user_trust_set
    from tests.factories import make_article, make_comment, make_user

    settings.MODERATION_THROTTLE_RATES = dict.fromkeys(settings.MODERATION_THROTTLE_RATES, "1000000/min")
    reader = make_user(display_name="Fuzzy Reader")
    user_trust_set(user=reader, trust_level=2, actor_label="test")
    ledger_grant(user=reader, amount=1_000_000)
    Token.objects.create(user=reader, key=FUZZ_TOKEN)
    article = make_article()
    REAL_IDS.update(
        article=article.pk,
        own_comment=make_comment(article=article, author=reader).pk,
        other_comment=make_comment(article=article, author=make_user(display_name="Other Otto")).pk,
    )
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield reader
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CALLS: Counter = Counter()  # requests sent per operation, for the figure
STATUSES: Counter = Counter()
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@SETTINGS
def test_every_operation_answers_within_its_schema(case, fuzz_reader):
    response = case.call_and_validate(checks=CHECKS)
    CALLS[f"{case.method} {case.operation.path}"] += 1
    STATUSES[response.status_code] += 1


class Workflows(schema.as_state_machine()):
    """Chains of calls along the links between operations (create a comment, then read, edit, like, reward,
    report and delete it), each response checked like the ones above."""

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        case.validate_response(response, checks=CHECKS)
        CALLS["stateful"] += 1
        STATUSES[response.status_code] += 1


def test_stateful_workflows_answer_within_the_schema(fuzz_reader):
    Workflows.run(settings=settings(SETTINGS, max_examples=30, stateful_step_count=8))


def test_zz_fuzz_figure(record_figure):
    """Runs last in this module: every operation got its examples (when the whole module ran)."""
    documented = {operation.ok().label for operation in schema.get_all_operations()}
    operations = [name for name in CALLS if name in documented]
    if len(operations) < len(documented) or not CALLS["stateful"]:
        pytest.skip("only part of the fuzzing ran")
    fewest = min(CALLS[name] for name in operations)
    undocumented = sum(
        count for name, count in CALLS.items() if name not in documented and name != "stateful"
    )
    server_errors = sum(count for status, count in STATUSES.items() if status >= 500)
    assert server_errors == 0
    record_figure(
        "schemathesis (in-process WSGI, signed-in reader)",
        f"{len(operations)} operations, {sum(CALLS[n] for n in operations)} generated requests (fewest "
        f"for one operation: {fewest}) plus {undocumented} with undocumented methods, then "
        f"{CALLS['stateful']} requests in stateful chains; "
        f"{server_errors} server errors, 0 responses outside the schema; statuses "
        + ", ".join(f"{status}: {count}" for status, count in sorted(STATUSES.items())),
    )
