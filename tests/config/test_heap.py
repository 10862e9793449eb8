"""A web process settles its heap once loaded: every view imported, the loaded objects out of the collector's
way (``config.heap``)."""

import pytest

from tests.config.test_settings import run_python

SETTLED = (
    "import gc, sys; import {entry} as entry; "
    "print(gc.get_freeze_count(), 'board.web.views.search' in sys.modules, "
    "'moderation.admin.queue.pages' in sys.modules)"
)


@pytest.mark.sqlite
@pytest.mark.parametrize("entry", ["config.wsgi", "config.asgi"])
def test_the_entry_point_imports_every_view_and_freezes_what_it_loaded(entry):
    result = run_python(SETTLED.format(entry=entry), DJANGO_SETTINGS_MODULE="config.settings.test")

    assert result.returncode == 0, result.stderr
    frozen, web_views, admin_pages = result.stdout.split()
    # Django, DRF and the views are tens of thousands of objects; a bare interpreter freezes a few thousand.
    assert int(frozen) > 50_000
    assert (web_views, admin_pages) == ("True", "True")
