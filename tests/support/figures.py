"""Measured figures of the reliability and security battery, printed at the end of the run (and appended to
``$BATTERY_FIGURES_FILE`` when set) so that docs/reliability.md can quote them.

A figure travels in its test's report (``user_properties``), so it is printed by the process that prints
the summary, under pytest-xdist too."""

import json
import os

import pytest

FIGURE_PROPERTY = "battery figure"


@pytest.fixture
def record_figure(request):
    """``record_figure(item, figure)``: keep one measured figure of this test."""

    def _record(item: str, figure: str) -> None:
        request.node.user_properties.append((FIGURE_PROPERTY, (item, figure)))
        path = os.environ.get("BATTERY_FIGURES_FILE")
        if path:
            with open(path, "a", encoding="utf-8") as out:
                out.write(json.dumps({"test": request.node.nodeid, "item": item, "figure": figure}) + "\n")

    return _record


def print_figures(terminalreporter) -> None:
    figures = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == FIGURE_PROPERTY
    ]
    if not figures:
        return
    terminalreporter.section("reliability and security figures")
    for item, figure in figures:
        terminalreporter.write_line(f"{item}: {figure}")
