"""Small charts drawn on the server as SVG: no script, readable at 375 px, styled by site.css classes.

Each chart is an image with a title for screen readers (role="img", <title>); the pages show the same
numbers in a table beside it, so nothing is only in the picture.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 360  # fits a 375 px screen with the page's padding; scales down further (viewBox)
LABEL_W = 120
ROW_H = 26
_ids = itertools.count(1)


def _number(value: float, share: bool) -> str:
    return f"{value:.0%}" if share else f"{value:g}"


def bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    target: float | None = None,
    top: float | None = None,
    share: bool = False,
    met: Sequence[bool | None] | None = None,
) -> Markup:
    """Horizontal bars, one per label, with an optional dashed target line; None values show 'no data'."""
    chart_id = f"chart-{next(_ids)}"
    known = [v for v in values if v is not None]
    top = top or max([*known, target or 0, 1e-9])
    area = WIDTH - LABEL_W - 50
    height = ROW_H * len(labels) + 10
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
        f'<line class="axis" x1="{LABEL_W}" y1="0" x2="{LABEL_W}" y2="{height - 5}"/>',
    ]
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 5 + row * ROW_H
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + 16}" text-anchor="end">{escape(_short(label))}</text>')
        if value is None:
            parts.append(f'<text x="{LABEL_W + 6}" y="{y + 16}">no data</text>')
            continue
        width = max(0.0, min(1.0, value / top)) * area
        good = " met" if met is not None and met[row] else ""
        parts.append(f'<rect class="bar{good}" x="{LABEL_W}" y="{y + 3}" width="{width:.1f}" height="{ROW_H - 8}"/>')
        parts.append(f'<text x="{LABEL_W + width + 4:.1f}" y="{y + 16}">{escape(_number(value, share))}</text>')
    if target is not None and top:
        x = LABEL_W + min(1.0, target / top) * area
        parts.append(f'<line class="target" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 5}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(title: str, labels: Sequence[str], values: Sequence[float], *, target: float | None = None) -> Markup:
    """Vertical bars over time (one per week), with an optional dashed target line and the first and last label."""
    chart_id = f"chart-{next(_ids)}"
    height, base, left = 120, 100, 24
    top = max([*values, target or 0, 1])
    step = (WIDTH - left - 4) / max(1, len(values))
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
        f'<line class="axis" x1="{left}" y1="{base}" x2="{WIDTH - 2}" y2="{base}"/>',
        f'<text x="{left - 4}" y="12" text-anchor="end">{escape(f"{top:g}")}</text>',
        f'<text x="{left - 4}" y="{base}" text-anchor="end">0</text>',
    ]
    for i, value in enumerate(values):
        bar = value / top * (base - 10)
        good = " met" if target is not None and value >= target else ""
        parts.append(f'<rect class="bar{good}" x="{left + i * step + 1:.1f}" y="{base - bar:.1f}" '
                     f'width="{max(1.0, step - 2):.1f}" height="{bar:.1f}"/>')
    if target is not None:
        y = base - target / top * (base - 10)
        parts.append(f'<line class="target" x1="{left}" y1="{y:.1f}" x2="{WIDTH - 2}" y2="{y:.1f}"/>')
    if labels:
        parts.append(f'<text x="{left}" y="{height - 4}">{escape(labels[0])}</text>')
        parts.append(f'<text x="{WIDTH - 2}" y="{height - 4}" text-anchor="end">{escape(labels[-1])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, most: int = 18) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"
