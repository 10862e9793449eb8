"""Measured figures of the reliability and security battery, printed at the end of the run (and appended to
``$BATTERY_FIGURES_FILE`` when set) so that docs/reliability.md can quote them."""

import json
import os

import pytest

FIGURES: list[tuple[str, str, str]] = []


@pytest.fixture
def record_figure(request):
    """``record_figure(item, figure)``: keep one measured figure of this test."""

    def _record(item: str, figure: str) -> None:
        FIGURES.append((request.node.nodeid, item, figure))
        path = os.environ.get("BATTERY_FIGURES_FILE")
        if path:
            with open(path, "a", encoding="utf-8") as out:
                out.write(json.dumps({"test": request.node.nodeid, "item": item, "figure": figure}) + "\n")

    return _record


def print_figures(terminalreporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability and security figures")
    for _nodeid, item, figure in FIGURES:
        terminalreporter.write_line(f"{item}: {figure}")
    FIGURES.clear()
