"""Who may do what to whom: every object endpoint of the API x every method x five kinds of caller, against a
table of expected answers written down here. Each cell runs on fresh state (its changes rolled back).

The objects: an article ``A`` published by a news bot, and two comments on it by ``author``: ``C`` (visible)
and ``H`` (held for review: only its author and moderators see it). The callers: anonymous, ``author``,
``other`` (another reader), ``mod`` (member of the moderators' group) and ``staff``.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from board.models import ModerationState
from board.services import comment_set_moderation_state
from tests.factories import client_for, make_article, make_comment, make_user

pytestmark = [pytest.mark.security, pytest.mark.sqlite, pytest.mark.django_db]

ROLES = ("anon", "author", "other", "mod", "staff")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
BODIES = {
    "/articles/A/comments/": {"body": "A reply from the matrix."},
    "/articles/A/repost/": {"quote": "Worth reading."},
    "/articles/A/share/": {"channel": "link"},
    "/articles/A/rewards/": {"points": 5},
    "/comments/{}/": {"body": "Edited by the matrix."},
    "/comments/{}/rewards/": {"points": 5},
    "/comments/{}/report/": {"reason": "spam"},
    "/me/": {"display_name": "Renamed Reader"},
}


def row(get, post, put, patch, delete):
    """One endpoint: for each method, the answers of (anon, author, other, mod, staff)."""
    return dict(zip(METHODS, (get, post, put, patch, delete), strict=True))


def same(status: int, anon: int = 401) -> tuple:
    """Every signed-in caller gets ``status``; anonymous callers ``anon``."""
    return (anon, status, status, status, status)


ALL_200 = (200,) * 5
NOT_ALLOWED = same(405)  # a method the endpoint does not have: 401 first for anonymous writes
NOT_ALLOWED_READ = (405,) * 5  # GET on a write-only action: allowed past authentication, then 405

# fmt: off
EXPECTED = {
    # Article A: public; any signed-in reader acts on it.
    "/articles/A/":           row(ALL_200, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "/articles/A/comments/":  row(ALL_200, same(201), NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "/articles/A/like/":      row(NOT_ALLOWED_READ, same(201), NOT_ALLOWED, NOT_ALLOWED, same(204)),
    "/articles/A/repost/":    row(same(404), same(201), NOT_ALLOWED, NOT_ALLOWED, same(204)),
    "/articles/A/share/":     row(NOT_ALLOWED_READ, same(201), NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "/articles/A/rewards/":   row(NOT_ALLOWED_READ, same(201), NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    # Visible comment C: everyone reads it; only its author edits or deletes it (others see it: 403);
    # nobody rewards or reports their own comment (400); only moderators pin.
    "/comments/C/":           row(ALL_200, NOT_ALLOWED, NOT_ALLOWED,
                                  (401, 200, 403, 403, 403), (401, 204, 403, 403, 403)),
    "/comments/C/replies/":   row(ALL_200, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "/comments/C/like/":      row(NOT_ALLOWED_READ, same(201), NOT_ALLOWED, NOT_ALLOWED, same(204)),
    "/comments/C/rewards/":   row(NOT_ALLOWED_READ, (401, 400, 201, 201, 201), NOT_ALLOWED, NOT_ALLOWED,
                                  NOT_ALLOWED),
    "/comments/C/report/":    row(same(405), (401, 400, 201, 201, 201), NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "/comments/C/pin/":       row(NOT_ALLOWED_READ, (401, 403, 403, 200, 200), NOT_ALLOWED, NOT_ALLOWED,
                                  (401, 403, 403, 200, 200)),
    # Held comment H: invisible (404, as if missing) to anonymous and other readers; its author still edits,
    # deletes and likes it; moderators see it but do not edit it (403) and cannot pin it (409: not visible).
    "/comments/H/":           row((404, 200, 404, 200, 200), NOT_ALLOWED, NOT_ALLOWED,
                                  (401, 200, 404, 403, 403), (401, 204, 404, 403, 403)),
    "/comments/H/replies/":   row((404, 200, 404, 200, 200), NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "/comments/H/like/":      row(NOT_ALLOWED_READ, (401, 201, 404, 201, 201), NOT_ALLOWED, NOT_ALLOWED,
                                  (401, 204, 404, 204, 204)),
    "/comments/H/rewards/":   row(NOT_ALLOWED_READ, (401, 400, 404, 201, 201), NOT_ALLOWED, NOT_ALLOWED,
                                  NOT_ALLOWED),
    "/comments/H/report/":    row(same(405), (401, 400, 404, 201, 201), NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "/comments/H/pin/":       row(NOT_ALLOWED_READ, (401, 403, 404, 409, 409), NOT_ALLOWED, NOT_ALLOWED,
                                  (401, 403, 404, 200, 200)),
    # The caller's own account.
    "/me/":                   row(same(200), NOT_ALLOWED, NOT_ALLOWED, same(200), same(400)),
    "/me/ledger/":            row(same(200), NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    # Search: public reads of visible content only (the held comment's text finds nothing); a read alone.
    "/search/?q=comment":     row(ALL_200, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "/search/":               row((400,) * 5, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
}
# fmt: on


@pytest.fixture
def world(db):
    group, _ = Group.objects.get_or_create(name=settings.BOARD_MODERATOR_GROUP)
    users = {
        "author": make_user(display_name="Matrix Author"),
        "other": make_user(display_name="Matrix Other"),
        "mod": make_user(display_name="Matrix Mod"),
        "staff": make_user(display_name="Matrix Staff", is_staff=True),
    }
    users["mod"].groups.add(group)
    article = make_article()
    visible = make_comment(article=article, author=users["author"], body="A visible comment.")
    held = make_comment(article=article, author=users["author"], body="A held comment.", approve=False)
    comment_set_moderation_state(comment=held, state=ModerationState.HELD)
    clients = {"anon": client_for(None), **{role: client_for(user) for role, user in users.items()}}
    ids = {"A": article.pk, "C": visible.pk, "H": held.pk}
    return clients, ids


def call(client, method: str, endpoint: str, ids: dict[str, int]) -> int:
    body = BODIES.get(endpoint.replace("C/", "{}/").replace("H/", "{}/"))
    url = "/api/v1" + endpoint
    for name, pk in ids.items():
        url = url.replace(f"/{name}/", f"/{pk}/")
    if method == "GET":
        return client.get(url).status_code
    return getattr(client, method.lower())(url, body, format="json").status_code


def test_every_object_endpoint_method_and_caller_matches_the_table(world, record_figure):
    clients, ids = world
    mismatches = []
    cells = 0
    for endpoint, methods in EXPECTED.items():
        for method, expected in methods.items():
            for role, want in zip(ROLES, expected, strict=True):
                with transaction.atomic():
                    got = call(clients[role], method, endpoint, ids)
                    transaction.set_rollback(True)
                cells += 1
                if got != want:
                    mismatches.append(f"{method:6} {endpoint:24} {role:6} expected {want}, got {got}")

    assert not mismatches, "\n" + "\n".join(mismatches)
    record_figure(
        "authorization matrix",
        f"{len(EXPECTED)} endpoints x {len(METHODS)} methods x {len(ROLES)} callers = {cells} cells, all as "
        "written in the table",
    )
