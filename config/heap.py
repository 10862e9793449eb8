"""The web process's heap, settled once it has loaded: what every request then leaves for the collector.

A worker holds about 125,000 long-lived objects (Django, DRF, the URLconf, the schema) once it has served its
first request. The cycle collector's oldest generation walks all of them: 67 ms a pass on this machine, and a
pass fell inside one search request in forty (bench/measure_search.py). Frozen, they are skipped, and a pass
walks only what requests left behind. Python's documentation gives the same advice for a forking server.
"""

import gc

from django.urls import get_resolver


def settle_heap() -> None:
    """Import every view (the URLconf is otherwise loaded by the first request), collect what loading left
    unreachable, and move the rest out of the collector's way (``gc.freeze``). Call once a process is ready
    to serve, after any fork."""
    get_resolver().url_patterns  # noqa: B018 -- the property imports the views
    gc.collect()
    gc.freeze()
