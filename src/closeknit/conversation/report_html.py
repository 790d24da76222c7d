"""The conversation-insights report as ONE self-contained HTML file.

Everything is inline: CSS in the page, charts as SVG generated here, no script, no font, no
image and no address of any other host, and a Content-Security-Policy that forbids loading
anything. Every chart has a ``<title>`` and ``<desc>`` and a table alternative beside it;
the two people are told apart by colour *and* line style. All names and snippets are
HTML-escaped. The page layout lives in ``templates/report.html`` (``string.Template``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from importlib import resources
from itertools import count
from string import Template

from closeknit.conversation.insights import Insights, SignInsight
from closeknit.conversation.markers import MARKERS, PRESENT, load_lexicon

WIDTH, HEIGHT = 720, 220
SMALL_WIDTH, SMALL_HEIGHT = 340, 140
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 10, 10, 24
SIGN_TITLES = {
    "frequent_communication": "Frequent communication",
    "active_listening": "Active listening",
    "shared_vulnerability": "Shared vulnerability",
    "shared_joy": "Shared joy",
    "consistent_support": "Consistent support",
    "superficial_talk": "Superficial talk",
    "sparse_sharing": "Sparse sharing",
    "withdrawal": "Withdrawal",
    "misunderstanding": "Misunderstanding",
}
_ids = count(1)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _points(
    values: Sequence[float | None], y_max: float, width: int, height: int
) -> list[list[tuple[float, float]]]:
    """Polyline segments (a null value breaks the line) in SVG coordinates."""
    n = len(values)
    inner_w = width - MARGIN_LEFT - MARGIN_RIGHT
    inner_h = height - MARGIN_TOP - MARGIN_BOTTOM
    segments: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            if segments[-1]:
                segments.append([])
            continue
        x = MARGIN_LEFT + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)
        y = MARGIN_TOP + inner_h * (1 - (v / y_max if y_max > 0 else 0))
        segments[-1].append((round(x, 1), round(y, 1)))
    return [s for s in segments if s]


def line_chart(
    title: str,
    desc: str,
    weeks: Sequence[date],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    *,
    y_max: float | None = None,
    percent: bool = False,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """An accessible inline SVG line chart: one line per (label, values, css class)."""
    uid = next(_ids)
    peak = max((v for _, vals, _ in series for v in vals if v is not None), default=0.0)
    top = y_max if y_max is not None else (peak if peak > 0 else 1.0)
    base_y = height - MARGIN_BOTTOM
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="c{uid}t c{uid}d">',
        f'<title id="c{uid}t">{_e(title)}</title>',
        f'<desc id="c{uid}d">{_e(desc)}</desc>',
        f'<line class="axis" x1="{MARGIN_LEFT}" y1="{base_y}" x2="{width - MARGIN_RIGHT}" '
        f'y2="{base_y}"/>',
        f'<line class="axis" x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" '
        f'y2="{base_y}"/>',
    ]
    for frac in (0.0, 0.5, 1.0):
        y = MARGIN_TOP + (height - MARGIN_TOP - MARGIN_BOTTOM) * (1 - frac)
        label = f"{round(100 * top * frac)}%" if percent else f"{top * frac:.0f}"
        parts.append(
            f'<text x="{MARGIN_LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{label}</text>'
        )
    if weeks:
        picks = sorted({0, len(weeks) // 2, len(weeks) - 1})
        inner_w = width - MARGIN_LEFT - MARGIN_RIGHT
        for i in picks:
            x = MARGIN_LEFT + (inner_w * i / (len(weeks) - 1) if len(weeks) > 1 else inner_w / 2)
            anchor = "start" if i == 0 else ("end" if i == len(weeks) - 1 else "middle")
            parts.append(
                f'<text x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}">'
                f"{weeks[i]:%Y-%m-%d}</text>"
            )
    for label, values, css in series:
        for seg in _points(values, top, width, height):
            if len(seg) == 1:
                x, y = seg[0]
                parts.append(f'<circle class="{css}" cx="{x}" cy="{y}" r="2"/>')
                continue
            pts = " ".join(f"{x},{y}" for x, y in seg)
            parts.append(
                f'<polyline class="{css}" points="{pts}"><title>{_e(label)}</title></polyline>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _table(caption: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    body = []
    for row in rows:
        cells = [f'<th scope="row">{_e(row[0])}</th>']
        for v in row[1:]:
            cls = ' class="num"' if isinstance(v, int | float) or v == "—" else ""
            cells.append(f"<td{cls}>{_e(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{round(100 * v)}"


def _sign_card(s: SignInsight, weeks: Sequence[date]) -> str:
    title = SIGN_TITLES.get(s.sign, s.sign)
    kind = "a sign of strong closeness" if s.kind == "strong_sign" else "a sign of fading closeness"
    spark = line_chart(
        f"{title}, weekly",
        f"Weekly value of {title} from 0 to 100 over {len(weeks)} weeks; "
        f"latest level {_pct(s.level)}, trend {s.trend}.",
        weeks,
        [(title, [v for _, v in s.weekly], "s-s")],
        y_max=1.0,
        percent=True,
        width=SMALL_WIDTH,
        height=90,
    )
    evidence = ""
    if s.evidence:
        items = "".join(
            f"<li><time>{_e(ev.timestamp[:16].replace('T', ' '))}</time> {_e(ev.sender)} "
            f"[{_e(ev.marker)}]: “{_e(ev.snippet)}”</li>"
            for ev in s.evidence
        )
        evidence = f'<ul class="evidence" aria-label="Example messages">{items}</ul>'
    return (
        f'<article class="card kind-{_e(s.kind)}" aria-labelledby="sign-{_e(s.sign)}">'
        f'<h3 id="sign-{_e(s.sign)}">{_e(title)}</h3>'
        f'<p><span class="level">{_pct(s.level)}</span> <span class="trend">/ 100 · '
        f"{_e(s.trend)} · {_e(kind)}</span></p>"
        f"<p>{_e(s.explanation)}</p>{spark}{evidence}</article>"
    )


def duration_text(seconds: float | None) -> str:
    """A reply time as people read it: minutes up to 90, then hours."""
    if seconds is None:
        return "—"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _method(ins: Insights) -> str:
    m = ins.method
    lex = load_lexicon()
    markers = "".join(
        f"<li><strong>{_e(spec.name)}</strong>: {_e(spec.description)}</li>"
        for spec in lex.markers
        if not spec.name.startswith("_")
    )
    rules = [
        (
            "Markers",
            "Each message gets a score from 0 to 1 per marker from a lexicon of cue phrases "
            "shipped with closeknit: each cue adds its weight and the score is 1 − e^(−sum). "
            f"A marker is present at a score of at least {m['present_threshold']}. A negation "
            f"word up to {lex.negation_window} words before a cue cancels it. Empathy is judged "
            "on a reply given the other person's previous turn, and counts more when that turn "
            "shared feelings or painful news.",
        ),
        (
            "Conversations and initiations",
            f"A message after at least {m['session_gap_hours']:g} h of silence starts a "
            "conversation; its sender initiates.",
        ),
        (
            "Response time",
            "The time until the other person's next message when the sender changes, if at "
            f"most {m['reply_max_gap_hours']:g} h; reported as a median.",
        ),
        (
            "Bids for connection",
            "A message with a bid score of at least 0.5. The answer is the other's next turn "
            f"if it starts within {m['bid_window_hours']:g} h: against when it holds "
            "criticism, contempt or defensiveness; toward when it is engaged (a question, "
            f"warmth, laughter, sharing, media, or more than {m['minimal_words']} words); "
            "otherwise away.",
        ),
        (
            "Stonewalling",
            "After a turn with criticism or contempt, the recipient's next turn comes more "
            f"than {m['stonewall_silence_hours']:g} h later, never comes, or is minimal.",
        ),
        (
            "Levels and trends",
            f"A sign's level averages its last {m['trend_weeks']} weekly values; the trend is "
            f"rising or falling when that average differs by at least "
            f"{round(100 * m['trend_delta'])} points from the {m['trend_weeks']} weeks before.",
        ),
        (
            "Reference shares",
            f"Sharing is full when {round(100 * m['disclosure_reference'])} % of a person's "
            f"messages disclose feelings, shared joy when {round(100 * m['joy_reference'])} % "
            "carry laughter or affection.",
        ),
    ]
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rules)
    return f'<dl class="method">{items}</dl><h3>Markers</h3><ul>{markers}</ul>'


def render_html(ins: Insights) -> str:
    """The full report as one HTML string (UTF-8, no external references)."""
    global _ids
    _ids = count(1)  # chart ids restart per report, so the same input gives the same page
    a, b = ins.participants
    weeks = list(ins.weeks)
    by = {(pw.week, pw.person): pw for pw in ins.person_weeks}
    legend = (
        f'<span><span class="swatch a"></span>{_e(a)} (solid)</span>'
        f'<span><span class="swatch b"></span>{_e(b)} (dashed)</span>'
    )
    msgs = {p: [float(by[(w, p)].messages) for w in weeks] for p in (a, b)}
    messages_chart = line_chart(
        "Messages per week",
        f"Weekly number of messages sent by {a} (solid line) and {b} (dashed line), "
        f"{len(weeks)} weeks.",
        weeks,
        [(a, msgs[a], "s-a"), (b, msgs[b], "s-b")],
    )
    messages_table = _table(
        "Messages, words, conversations started and median response time per week",
        [
            "Week",
            f"{a} messages",
            f"{b} messages",
            f"{a} words",
            f"{b} words",
            f"{a} started",
            f"{b} started",
            f"{a} answer time",
            f"{b} answer time",
        ],
        [
            [
                f"{w:%Y-%m-%d}",
                by[(w, a)].messages,
                by[(w, b)].messages,
                by[(w, a)].words,
                by[(w, b)].words,
                by[(w, a)].initiations,
                by[(w, b)].initiations,
                duration_text(by[(w, a)].median_response_s),
                duration_text(by[(w, b)].median_response_s),
            ]
            for w in weeks
        ],
    )
    shown = [m for m in MARKERS if m != "bid"] + ["bid"]
    charts = []
    for marker in shown:
        series = [
            (
                p,
                [by[(w, p)].marker_rates[marker] if by[(w, p)].messages else None for w in weeks],
                css,
            )
            for p, css in ((a, "s-a"), (b, "s-b"))
        ]
        peak = max((v for _, vals, _ in series for v in vals if v is not None), default=0.0)
        charts.append(
            "<figure>"
            + line_chart(
                f"{marker} per week",
                f"Share of messages with {marker} per week for {a} (solid) and {b} (dashed); "
                f"highest weekly share {round(100 * peak)} %.",
                weeks,
                series,
                y_max=max(peak, 0.05),
                percent=True,
                width=SMALL_WIDTH,
                height=SMALL_HEIGHT,
            )
            + f"<figcaption>{_e(marker)}</figcaption></figure>"
        )
    markers_table = _table(
        "Share of messages (%) with each marker present, per week and person",
        ["Week", "Person", *shown],
        [
            [f"{w:%Y-%m-%d}", p, *[_pct(by[(w, p)].marker_rates[m]) for m in shown]]
            for w in weeks
            for p in (a, b)
            if by[(w, p)].messages
        ],
    )
    people_table = _table(
        "Whole period, per person",
        [
            "Person",
            "Messages",
            "Share of messages (%)",
            "Words",
            "Conversations started",
            "Median answer time",
            "Bids made",
            "Turned toward",
            "Turned away",
            "Turned against",
            "Withdrew after harsh words",
        ],
        [
            [
                p.name,
                p.messages,
                round(100 * p.message_share),
                p.words,
                p.initiations,
                duration_text(p.median_latency_s),
                p.bids,
                p.turned_toward,
                p.turned_away,
                p.turned_against,
                f"{p.stonewalled} of {p.harsh_received}",
            ]
            for p in ins.people
        ],
    )
    if ins.emotions_available:
        mix: dict[str, dict[str, float]] = {}
        for p in (a, b):
            totals: dict[str, float] = {}
            n = 0
            for w in weeks[-4:]:
                pw = by[(w, p)]
                if pw.emotions:
                    n += 1
                    for k, v in pw.emotions.items():
                        totals[k] = totals.get(k, 0.0) + v
            mix[p] = {k: v / n for k, v in totals.items()} if n else {}
        labels = sorted(
            {k for d in mix.values() for k in d if k != "neutral"},
            key=lambda k: -(mix[a].get(k, 0.0) + mix[b].get(k, 0.0)),
        )[:8]
        emotions_section = (
            '<section aria-labelledby="emo-h"><h2 id="emo-h">Emotions in the last four weeks</h2>'
            "<p>Average probability of each emotion in text messages, from the emotion "
            "classifier (the eight most frequent, neutral left out).</p>"
            + _table(
                "Average emotion probability (%)",
                ["Emotion", a, b],
                [[k, _pct(mix[a].get(k)), _pct(mix[b].get(k))] for k in labels],
            )
            + "</section>"
        )
    else:
        emotions_section = (
            '<section aria-labelledby="emo-h"><h2 id="emo-h">Emotions</h2>'
            f"<p>Not shown: {_e(ins.emotions_note)}.</p></section>"
        )
    span = f"{ins.first:%Y-%m-%d} to {ins.last:%Y-%m-%d}" if ins.first and ins.last else "no dates"
    template = Template(
        resources.files("closeknit.conversation")
        .joinpath("templates/report.html")
        .read_text(encoding="utf-8")
    )
    return template.substitute(
        title_names=_e(f"{a} and {b}"),
        names=_e(f"{a} and {b}"),
        span=_e(span),
        messages=ins.messages,
        weeks_count=len(weeks),
        platform=_e(ins.platform),
        trend_weeks=ins.method.get("trend_weeks", 4),
        present=PRESENT,
        sign_cards="\n".join(_sign_card(s, weeks) for s in ins.signs),
        people_table=people_table,
        legend=legend,
        messages_chart=f"<figure>{messages_chart}</figure>",
        messages_table=messages_table,
        marker_charts="\n".join(charts),
        markers_table=markers_table,
        emotions_section=emotions_section,
        method=_method(ins),
        language_note=(
            f'<p class="note"><strong>Note:</strong> {_e(ins.language_note)}.</p>'
            if ins.language_note
            else ""
        ),
    )
