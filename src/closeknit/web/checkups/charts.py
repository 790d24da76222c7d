"""Accessible charts as server-rendered SVG: no chart library, no script, no inline style.

Every chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``; the
page shows the same numbers as a table beside it (:attr:`Chart.rows`). Colours come from
classes styled in ``checkups/checkups.css`` (the Content-Security-Policy forbids inline
styles); geometry uses SVG presentation attributes. Values are on the 0–100 scale the core
scores on; error bars span ± one standard error of measurement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString, mark_safe

from closeknit.web.common.html import conditional_escape
from closeknit.web.common.html import escape_text as escape

WIDTH = 640
LABEL_W = 215  # room for the longest dimension name at the chart's font size
VALUE_W = 70
PLOT_X0 = LABEL_W
PLOT_X1 = WIDTH - VALUE_W
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    sem: float | None = None


@dataclass(frozen=True)
class PairedBar:
    label: str
    mine: float | None
    mine_sem: float | None
    theirs: float | None
    theirs_sem: float | None
    differs: bool = False


@dataclass(frozen=True)
class Chart:
    """The SVG and the same data as table rows (first row is the header)."""

    id: str
    title: str
    svg: SafeString
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def figure(self) -> SafeString:
        """The chart with its caption and its numbers as a table (``checkups/_chart.html``),
        built here with the template's escaping: the table loops were most of the time a
        report page spent in templates."""
        e = conditional_escape
        cid, title = e(self.id), e(self.title)
        head = "".join(f'<th scope="col">{e(h)}</th>' for h in self.header)
        body = "".join(
            "<tr>"
            + "".join(
                f'<th scope="row">{e(cell)}</th>' if n == 0 else f"<td>{e(cell)}</td>"
                for n, cell in enumerate(row)
            )
            + "</tr>"
            for row in self.rows
        )
        return mark_safe(  # noqa: S308 - every value is escaped; the SVG is built safe
            f'<figure class="chart-figure" id="{cid}" aria-labelledby="{cid}-caption">\n'
            f'  <figcaption id="{cid}-caption" class="chart-figure__caption">{title}'
            f"</figcaption>\n"
            f"  {e(self.svg)}\n"
            f'  <details class="chart-table">\n'
            f"    <summary>Show these numbers as a table</summary>\n"
            f"    <table>\n"
            f'      <caption class="visually-hidden">{title}</caption>\n'
            f"      <thead><tr>{head}</tr></thead>\n"
            f"      <tbody>\n"
            f"        {body}\n"
            f"      </tbody>\n"
            f"    </table>\n"
            f"  </details>\n"
            f"</figure>"
        )


def _x(value: float) -> float:
    value = min(100.0, max(0.0, value))
    return PLOT_X0 + (PLOT_X1 - PLOT_X0) * value / 100.0


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _pm(value: float | None, sem: float | None) -> str:
    if value is None:
        return "not enough answers"
    return f"{value:.0f} ± {sem:.0f}" if sem is not None else f"{value:.0f}"


def _open(chart_id: str, title: str, desc: str, height: float) -> list[str]:
    return [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _grid(top: float, bottom: float) -> list[str]:
    out = []
    for t in TICKS:
        x = _x(t)
        out.append(
            f'<line class="chart__grid" x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" '
            f'y2="{bottom:.1f}" stroke="#e4ddd3" stroke-width="1"/>'
        )
        out.append(
            f'<text class="chart__tick" x="{x:.1f}" y="{bottom + 16:.1f}" '
            f'text-anchor="middle" font-size="11" fill="#4d5b60">{t}</text>'
        )
    return out


def _bar(
    y: float, h: float, value: float | None, sem: float | None, css: str, fill: str = "#2f6f62"
) -> list[str]:
    out = [
        f'<rect class="chart__track" x="{PLOT_X0}" y="{y:.1f}" width="{PLOT_X1 - PLOT_X0}" '
        f'height="{h}" rx="{h / 2:.1f}" fill="#f1ece4"/>'
    ]
    if value is None:
        return out
    width = max(_x(value) - PLOT_X0, h)  # never thinner than its rounded ends
    out.append(
        f'<rect class="chart__bar {css}" x="{PLOT_X0}" y="{y:.1f}" width="{width:.1f}" '
        f'height="{h}" rx="{h / 2:.1f}" fill="{fill}"/>'
    )
    if sem:
        lo, hi, cy = _x(value - sem), _x(value + sem), y + h / 2
        out.append(
            f'<g class="chart__err"><line x1="{lo:.1f}" y1="{cy:.1f}" x2="{hi:.1f}" '
            f'y2="{cy:.1f}" stroke="#1f2a2e" stroke-width="1.5" stroke-linecap="round"/>'
            f'<line x1="{lo:.1f}" y1="{cy - 4:.1f}" x2="{lo:.1f}" y2="{cy + 4:.1f}" '
            f'stroke="#1f2a2e" stroke-width="1.5" stroke-linecap="round"/>'
            f'<line x1="{hi:.1f}" y1="{cy - 4:.1f}" x2="{hi:.1f}" y2="{cy + 4:.1f}" '
            f'stroke="#1f2a2e" stroke-width="1.5" stroke-linecap="round"/></g>'
        )
    return out


def _label(y: float, text: str) -> str:
    return (
        f'<text class="chart__label" x="{PLOT_X0 - 12}" y="{y:.1f}" text-anchor="end" '
        f'dominant-baseline="middle" font-size="13" fill="#1f2a2e">{escape(text)}</text>'
    )


def _value(y: float, text: str, css: str = "") -> str:
    return (
        f'<text class="chart__value {css}" x="{PLOT_X1 + 10}" y="{y:.1f}" '
        f'dominant-baseline="middle" font-size="12" fill="#1f2a2e">{escape(text)}</text>'
    )


def score_bars(chart_id: str, title: str, bars: Sequence[Bar]) -> Chart:
    """Horizontal 0–100 bars, one per dimension, with ± SEM error bars."""
    row_h, bar_h, top = 34, 14, 8
    bottom = top + row_h * len(bars)
    height = bottom + 26
    desc = "Scores from 0 to 100 with their measurement error: " + "; ".join(
        f"{b.label} {_pm(b.value, b.sem)}" for b in bars
    )
    parts = _open(chart_id, title, desc, height)
    parts += _grid(top, bottom)
    for i, b in enumerate(bars):
        y = top + i * row_h + (row_h - bar_h) / 2
        parts.append(_label(y + bar_h / 2, b.label))
        parts += _bar(y, bar_h, b.value, b.sem, "chart__bar--mine")
        parts.append(_value(y + bar_h / 2, _pm(b.value, b.sem) if b.value is not None else "—"))
    parts.append("</svg>")
    return Chart(
        chart_id,
        title,
        mark_safe("".join(parts)),  # noqa: S308 - every text above went through escape()
        ("Dimension", "Score (0–100)", "Measurement error (±)"),
        tuple((b.label, _num(b.value), _num(b.sem)) for b in bars),
    )


def paired_bars(chart_id: str, title: str, other: str, bars: Sequence[PairedBar]) -> Chart:
    """Your view beside theirs: two bars per dimension with ± SEM error bars, and a mark
    on dimensions where the gap is larger than measurement error."""
    row_h, bar_h, gap, top = 46, 11, 4, 34
    bottom = top + row_h * len(bars)
    height = bottom + 26
    desc = f"Your scores beside {other}'s, from 0 to 100: " + "; ".join(
        f"{b.label} you {_pm(b.mine, b.mine_sem)}, {other} {_pm(b.theirs, b.theirs_sem)}"
        + (" (a real difference)" if b.differs else "")
        for b in bars
    )
    parts = _open(chart_id, title, desc, height)
    # legend
    parts.append(
        f'<rect class="chart__bar chart__bar--mine" x="{PLOT_X0}" y="6" width="22" height="11" '
        f'rx="5.5" fill="#2f6f62"/><text class="chart__legend" x="{PLOT_X0 + 28}" y="12" '
        f'dominant-baseline="middle" font-size="12" fill="#1f2a2e">You</text>'
        f'<rect class="chart__bar chart__bar--theirs" x="{PLOT_X0 + 80}" y="6" width="22" '
        f'height="11" rx="5.5" fill="#c7794f"/><text class="chart__legend" '
        f'x="{PLOT_X0 + 108}" y="12" dominant-baseline="middle" font-size="12" '
        f'fill="#1f2a2e">{escape(other)}</text>'
    )
    parts += _grid(top - 6, bottom)
    for i, b in enumerate(bars):
        y0 = top + i * row_h + (row_h - 2 * bar_h - gap) / 2
        label = b.label + (" ◆" if b.differs else "")
        parts.append(_label(y0 + bar_h + gap / 2, label))
        parts += _bar(y0, bar_h, b.mine, b.mine_sem, "chart__bar--mine")
        parts += _bar(
            y0 + bar_h + gap, bar_h, b.theirs, b.theirs_sem, "chart__bar--theirs", "#c7794f"
        )
        parts.append(_value(y0 + bar_h / 2, _num(b.mine), "chart__value--mine"))
        parts.append(_value(y0 + 1.5 * bar_h + gap, _num(b.theirs), "chart__value--theirs"))
    parts.append("</svg>")
    svg = "".join(parts)
    return Chart(
        chart_id,
        title,
        mark_safe(svg),  # noqa: S308 - every text above went through escape()
        ("Dimension", "You", other, "Difference beyond measurement error"),
        tuple(
            (
                b.label,
                _pm(b.mine, b.mine_sem),
                _pm(b.theirs, b.theirs_sem),
                "yes" if b.differs else "no",
            )
            for b in bars
        ),
    )


def line_chart(
    chart_id: str,
    title: str,
    points: Sequence[tuple[date, float | None]],
    *,
    what: str,
    ticks: Sequence[int] = TICKS,
    decimals: int = 0,
) -> Chart:
    """A line over calendar weeks; weeks without a value leave a gap in the line.

    The axis runs from the first to the last of ``ticks``: 0–100 for scores, or the
    person's own answer scale (1–7 for closeness), so the picture and its table agree.
    """
    height, left, right, top, bottom = 260, 48, WIDTH - 28, 16, 220
    inset = 24  # keeps the first and last week's labels inside the picture
    low, high = float(ticks[0]), float(ticks[-1])
    known = [(d, v) for d, v in points if v is not None]
    desc = f"{what} by week, from {ticks[0]} to {ticks[-1]}: " + (
        "; ".join(f"week of {d:%d %b %Y} {v:.{decimals}f}" for d, v in known) or "no weeks yet"
    )
    parts = _open(chart_id, title, desc, height)

    def y(v: float) -> float:
        return bottom - (bottom - top) * (min(high, max(low, v)) - low) / (high - low)

    for t in ticks:
        parts.append(
            f'<line class="chart__grid" x1="{left}" y1="{y(t):.1f}" x2="{right}" '
            f'y2="{y(t):.1f}" stroke="#e4ddd3" stroke-width="1"/>'
            f'<text class="chart__tick" x="{left - 8}" y="{y(t):.1f}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="11" fill="#4d5b60">{t}</text>'
        )
    n = len(points)
    step = (right - left - 2 * inset) / max(n - 1, 1)

    def x(i: int) -> float:
        return left + inset + (step * i if n > 1 else (right - left - 2 * inset) / 2)

    segments: list[list[tuple[float, float]]] = [[]]
    for i, (_, v) in enumerate(points):
        if v is None:
            segments.append([])
        else:
            segments[-1].append((x(i), y(v)))
    for seg in segments:
        if len(seg) >= 2:
            area = (
                f"M{seg[0][0]:.1f},{bottom} "
                + " ".join(f"L{px:.1f},{py:.1f}" for px, py in seg)
                + f" L{seg[-1][0]:.1f},{bottom} Z"
            )
            parts.append(f'<path class="chart__area" d="{area}" fill="#e6f2ee"/>')
            line = "M" + " L".join(f"{px:.1f},{py:.1f}" for px, py in seg)
            parts.append(
                f'<path class="chart__line" d="{line}" fill="none" stroke="#2f6f62" '
                f'stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>'
            )
    label_every = max(1, round(n / 8))
    for i, (d, v) in enumerate(points):
        if v is not None:
            parts.append(
                f'<circle class="chart__dot" cx="{x(i):.1f}" cy="{y(v):.1f}" r="4.5" '
                f'fill="#ffffff" stroke="#2f6f62" stroke-width="2.5"/>'
            )
        if i % label_every == 0 or i == n - 1:
            parts.append(
                f'<text class="chart__tick" x="{x(i):.1f}" y="{bottom + 20}" '
                f'text-anchor="middle" font-size="11" fill="#4d5b60">{d.day} {d:%b}</text>'
            )
    parts.append("</svg>")
    return Chart(
        chart_id,
        title,
        mark_safe("".join(parts)),  # noqa: S308 - every text above went through escape()
        ("Week of", what),
        tuple((f"{d.day} {d:%B %Y}", "—" if v is None else f"{v:.{decimals}f}") for d, v in points),
    )
