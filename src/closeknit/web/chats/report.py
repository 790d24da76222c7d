"""What a stored analysis looks like on a page: signs with their weekly charts, the two
people's dynamics, and the numbers as tables. Built from the stored JSON only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from closeknit.conversation.report_html import SIGN_TITLES, duration_text
from closeknit.web.chats.models import ChatAnalysis
from closeknit.web.checkups.charts import Chart, line_chart

TRENDS = {
    "rising": "rising",
    "falling": "falling",
    "steady": "steady",
    "not enough data": "not enough weeks yet for a trend",
}


@dataclass(frozen=True)
class SignView:
    id: str
    title: str
    strong: bool
    level: int | None
    trend: str
    explanation: str
    chart: Chart
    examples: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class PersonView:
    name: str
    rows: tuple[tuple[str, str], ...]


def _percent(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


def signs_of(analysis: ChatAnalysis, *, with_examples: bool) -> list[SignView]:
    examples: dict[str, Any] = (analysis.examples or {}) if with_examples else {}
    out = []
    for s in analysis.insights["signs"]:
        title = SIGN_TITLES.get(s["sign"], s["sign"].replace("_", " ").capitalize())
        points = [(date.fromisoformat(w), _percent(v)) for w, v in s["weekly"]]
        out.append(
            SignView(
                id=s["sign"],
                title=title,
                strong=s["kind"] == "strong_sign",
                level=_percent(s["level"]),
                trend=TRENDS.get(s["trend"], s["trend"]),
                explanation=s["explanation"],
                chart=line_chart(
                    f"sign-{s['sign']}",
                    f"{title}, week by week",
                    [(d, None if v is None else float(v)) for d, v in points],
                    what=f"{title} (0–100)",
                ),
                examples=tuple(
                    {
                        "when": e["timestamp"][:16].replace("T", " "),
                        "who": e["sender"],
                        "text": e["snippet"],
                    }
                    for e in examples.get(s["sign"], ())
                ),
            )
        )
    return out


def people_of(analysis: ChatAnalysis) -> list[PersonView]:
    out = []
    for p in analysis.insights["people"]:
        rows = (
            ("Messages", f"{p['messages']:,} ({round(100 * p['message_share'])}% of all)"),
            ("Words", f"{p['words']:,} ({round(100 * p['word_share'])}% of all)"),
            ("Conversations started", f"{p['initiations']:,}"),
            ("Typical time to reply", duration_text(p["median_latency_s"])),
            ("Bids for attention", f"{p['bids']:,}"),
            (
                "The other's bids: turned toward / away / against",
                f"{p['turned_toward']:,} / {p['turned_away']:,} / {p['turned_against']:,}",
            ),
            ("Harsh turns", f"{p['harsh_turns']:,}"),
            ("Withdrew after a harsh turn", f"{p['stonewalled']:,} of {p['harsh_received']:,}"),
        )
        out.append(PersonView(name=p["name"], rows=rows))
    return out
