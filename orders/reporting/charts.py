"""Small server-rendered charts: inline SVG, no JavaScript, no CDN.

Two helpers, both returning a ``SafeString`` to drop into a template as ``{{ chart }}``:

* ``bar_chart(points, *, title, unit="")`` — ``points`` is ``[(label, value), ...]``.
* ``line_chart(series, *, title, unit="")`` — ``series`` is ``{name: [(label, value), ...]}``;
  every series shares the first series' labels (pass the same x labels to each, in order).

Values may be ``int``, ``float`` or ``Decimal`` (negatives are drawn as 0); in a bar chart,
``None`` is a figure not shown: no bar, and "—" in the description. Labels should be
short (``"03-10"``, ``"2025-01"``): at most about six are written under the axis, the rest are
skipped evenly. The drawing is 360 units wide — one CSS pixel each on a 360 px phone — and scales
up with ``width: 100%``; give it ``max-width`` in CSS. Each chart is ``role="img"`` with a
``<title>`` and an ``aria-label``; a ``<desc>`` lists the values for screen readers. Show the
figures in a table beside it as well: a chart is a picture of the table, not a replacement.
"""

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Number = int | float | Decimal

# The site palette (static/css/site.css): red, gold, green, ink.
COLOURS = ("#b3202a", "#c9a14a", "#2f6b3a", "#2b2320")
WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 28, 30
MAX_X_LABELS = 6
FONT = 'font-family="system-ui, sans-serif" font-size="11" fill="#2b2320"'


def bar_chart(points: list[tuple[str, Number | None]], *, title: str, unit: str = "") -> SafeString:
    """One bar per point, in the given order, on a zero-based axis; none for a ``None``."""
    values = [None if v is None else _clean(v) for _, v in points]
    top = _nice_top(max((v for v in values if v is not None), default=0))
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / max(len(points), 1)
    bar_w = max(slot * 0.7, 1)
    parts = _axes(top, unit)
    for i, ((label, _value), value) in enumerate(zip(points, values, strict=True)):
        if value is None:
            continue
        x = LEFT + i * slot + (slot - bar_w) / 2
        h = _y_len(value, top)
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + _plot_h() - h:.1f}" width="{bar_w:.1f}" '
            f'height="{h:.1f}" fill="{COLOURS[0]}"><title>{escape(label)}: '
            f"{_fmt(value)} {escape(unit)}</title></rect>"
        )
        if len(points) <= 12 and value:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{TOP + _plot_h() - h - 3:.1f}" '
                f'text-anchor="middle" {FONT}>{_fmt(value)}</text>'
            )
    parts += _x_labels([label for label, _ in points], slot, centred=True)
    desc = "; ".join(
        f"{label}: {'—' if v is None else _fmt(v)}"
        for (label, _), v in zip(points, values, strict=True)
    )
    return _svg(parts, title, unit, desc, empty=not points)


def line_chart(
    series: dict[str, list[tuple[str, Number]]], *, title: str, unit: str = ""
) -> SafeString:
    """One line per series (up to four colours, then they repeat), with a legend on top."""
    named = [(name, [_clean(v) for _, v in pts]) for name, pts in series.items()]
    labels = [label for label, _ in next(iter(series.values()), [])]
    top = _nice_top(max((v for _, vs in named for v in vs), default=0))
    n = len(labels)
    step = (WIDTH - LEFT - RIGHT) / max(n - 1, 1)
    parts = _axes(top, unit)
    descs = []
    for k, (name, values) in enumerate(named):
        colour = COLOURS[k % len(COLOURS)]
        xy = [(LEFT + i * step, TOP + _plot_h() - _y_len(v, top)) for i, v in enumerate(values[:n])]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5" '
            'stroke-linejoin="round"/>'
        )
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in xy]
        parts += _legend_item(k, name, colour)
        pairs = ", ".join(f"{lab}: {_fmt(v)}" for lab, v in zip(labels, values, strict=False))
        descs.append(f"{name} — {pairs}")
    parts += _x_labels(labels, step, centred=False)
    return _svg(parts, title, unit, "; ".join(descs), empty=n == 0)


def _clean(value: Number) -> float:
    return max(float(value or 0), 0.0)


def _plot_h() -> int:
    return HEIGHT - TOP - BOTTOM


def _y_len(value: float, top: float) -> float:
    return _plot_h() * value / top if top else 0


def _nice_top(peak: float) -> float:
    """The smallest 1/2/2.5/5 × 10ⁿ at or above the peak, so four ticks read cleanly."""
    if peak <= 0:
        return 4
    magnitude = 10 ** math.floor(math.log10(peak / 4))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude * 4 >= peak:
            return step * magnitude * 4
    return 40 * magnitude  # pragma: no cover - the loop always returns


def _fmt(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _axes(top: float, unit: str) -> list[str]:
    parts = []
    for i in range(5):
        value = top * i / 4
        y = TOP + _plot_h() - _plot_h() * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{"#8f8580" if i == 0 else "#eadfd4"}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{_fmt(value)}</text>'
        )
    if unit:
        parts.append(f'<text x="4" y="{TOP - 8}" {FONT}>{escape(unit)}</text>')
    return parts


def _x_labels(labels: list[str], spacing: float, *, centred: bool) -> list[str]:
    every = max(math.ceil(len(labels) / MAX_X_LABELS), 1)
    offset = spacing / 2 if centred else 0
    return [
        f'<text x="{LEFT + i * spacing + offset:.1f}" y="{HEIGHT - BOTTOM + 16}" '
        f'text-anchor="middle" {FONT}>{escape(label)}</text>'
        for i, label in enumerate(labels)
        if i % every == 0
    ]


def _legend_item(k: int, name: str, colour: str) -> list[str]:
    x = LEFT + k * 110
    return [
        f'<rect x="{x}" y="6" width="12" height="12" rx="2" fill="{colour}"/>',
        f'<text x="{x + 16}" y="16" {FONT}>{escape(name)}</text>',
    ]


def _svg(parts: list[str], title: str, unit: str, desc: str, *, empty: bool) -> SafeString:
    if empty:
        parts = [
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" {FONT}>'
            f"{escape(_('No data in this range'))}</text>"
        ]
    label = escape(f"{title} ({unit})" if unit else title)
    body = "".join(parts)
    return mark_safe(  # noqa: S308 - every label and value above is escaped or numeric
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f"<title>{label}</title><desc>{escape(desc)}</desc>{body}</svg>"
    )
