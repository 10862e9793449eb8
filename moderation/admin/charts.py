"""The dashboard's chart: an SVG drawn on the server (no script, no inline style: the CSP allows neither).

One panel per label over the dashboard's window: a bar per day for the automatic actions, and a line for
the share of them moderators overturned that day; hovering a bar or a point shows its numbers (SVG
``<title>``). A label whose overturned share climbs, or whose volume jumps, stands out at a glance.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from moderation.selectors import Dashboard, LabelDrift

WIDTH = 720
PANEL_HEIGHT = 120
PLOT_TOP = 26  # room for the panel's title
PLOT_HEIGHT = 70
LEFT = 44  # room for the count axis
RIGHT = 44  # room for the percentage axis
COLORS = {"spam": "#b8412f", "financial_advice": "#2f6db8"}
LINE_COLOR = "#e08a00"


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.0%}"


def _frame(drift: LabelDrift, top: int, base: float, peak: int) -> list[SafeString]:
    """The panel's title, baseline and the two axes' end labels."""
    return [
        format_html(
            '<text x="{}" y="{}" class="chart-title">{} — {} automatic actions, {} overturned ({})</text>',
            LEFT,
            top + 16,
            drift.name,
            drift.actions,
            drift.overturned,
            _percent(drift.overturned_share),
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999999" stroke-width="1"/>',
            LEFT,
            base,
            WIDTH - RIGHT,
            base,
        ),
        format_html(
            '<text x="{}" y="{}" text-anchor="end" class="chart-axis">{}</text>',
            LEFT - 4,
            top + PLOT_TOP + 8,
            peak,
        ),
        format_html('<text x="{}" y="{}" text-anchor="end" class="chart-axis">0</text>', LEFT - 4, base),
        format_html(
            '<text x="{}" y="{}" class="chart-axis" fill="{}">100%</text>',
            WIDTH - RIGHT + 4,
            top + PLOT_TOP + 8,
            LINE_COLOR,
        ),
        format_html(
            '<text x="{}" y="{}" class="chart-axis" fill="{}">0%</text>', WIDTH - RIGHT + 4, base, LINE_COLOR
        ),
    ]


def _bars(drift: LabelDrift, base: float, peak: int) -> tuple[list[SafeString], list[tuple]]:
    """A bar per day with its tooltip, a date under the first, middle and last; and the line's points."""
    days = drift.days or []
    step = (WIDTH - LEFT - RIGHT) / max(len(days), 1)
    bar_width = max(step - 2, 1)
    color = COLORS.get(drift.label, "#555555")
    parts, points = [], []
    for index, (day, actions, overturned) in enumerate(days):
        x = LEFT + index * step + 1
        height = round(PLOT_HEIGHT * actions / peak, 1)
        share = overturned / actions if actions else None
        tip = f"{day:%Y-%m-%d}: {actions} automatic actions, {overturned} overturned ({_percent(share)})"
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                round(x, 1),
                round(base - height, 1),
                round(bar_width, 1),
                height,
                color,
                tip,
            )
        )
        if share is not None:
            points.append((round(x + bar_width / 2, 1), round(base - PLOT_HEIGHT * share, 1), tip))
        if index in (0, len(days) // 2, len(days) - 1):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" class="chart-axis">{}</text>',
                    round(x + bar_width / 2, 1),
                    base + 14,
                    f"{day:%b %d}",
                )
            )
    return parts, points


def _line(points: list[tuple]) -> list[SafeString]:
    """The overturned share: a line through the days that had actions, a point (with its tooltip) each."""
    parts = []
    if len(points) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                " ".join(f"{x},{y}" for x, y, _tip in points),
                LINE_COLOR,
            )
        )
    parts.append(
        format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}</title></circle>',
            ((x, y, LINE_COLOR, tip) for x, y, tip in points),
        )
    )
    return parts


def _panel(drift: LabelDrift, top: int) -> SafeString:
    peak = max((actions for _day, actions, _overturned in drift.days or []), default=0) or 1
    base = top + PLOT_TOP + PLOT_HEIGHT
    bars, points = _bars(drift, base, peak)
    parts = [*_frame(drift, top, base, peak), *bars, *_line(points)]
    return mark_safe("".join(parts))  # noqa: S308 - every part was built with format_html


def drift_chart(dashboard: Dashboard) -> SafeString:
    """The whole chart as an ``<svg>`` element, one panel per label."""
    height = PANEL_HEIGHT * len(dashboard.labels) + 6
    panels = mark_safe(  # noqa: S308 - built with format_html
        "".join(_panel(drift, index * PANEL_HEIGHT) for index, drift in enumerate(dashboard.labels))
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="drift-chart" width="{w}" height="{h}" '
        'viewBox="0 0 {w} {h}" role="img" aria-label="{label}"><title>{label}</title>{panels}</svg>',
        w=WIDTH,
        h=height,
        label=(
            f"Automatic actions per day and the share moderators overturned, "
            f"{dashboard.since:%b %d} to {dashboard.until:%b %d}"
        ),
        panels=panels,
    )
