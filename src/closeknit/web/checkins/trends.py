"""The member's own check-ins as weekly series, charts and the core's early warning.

Closeness (1–7) and loneliness (1–5) are shown on 0–100 so they share the Pulse chart's
axis; the tables beside the charts give the raw weekly means too. Nothing here computes
the warning: :func:`closeknit.trends.early_warning` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from closeknit.trends import EarlyWarning, WeekMeans, early_warning, weekly_series
from closeknit.trends.warning import COUNSELLING_EXERCISE
from closeknit.web.checkups import charts
from closeknit.web.checkups.reports import pulse_points, pulse_trend_warning
from closeknit.web.practice.content import exercise_or_none, offered_when_joint_off
from closeknit.web.practice.plans import core_checkins
from closeknit.web.relationships.models import Membership


def _by_week(
    points: list[tuple[date, float]],
) -> list[tuple[date, float | None]]:
    """One slot per calendar week, so a skipped week is a gap, not a straight line."""
    if not points:
        return []
    known = dict(points)
    out: list[tuple[date, float | None]] = []
    week = points[0][0]
    while week <= points[-1][0]:
        out.append((week, known.get(week)))
        week += timedelta(days=7)
    return out


@dataclass(frozen=True)
class Trends:
    series: tuple[WeekMeans, ...]
    closeness: charts.Chart
    loneliness: charts.Chart
    pulse: charts.Chart | None
    warnings: tuple[EarlyWarning, ...]
    rebuilding: tuple[tuple[str, str], ...]  # (exercise id, title)
    suggest_counselling: bool
    counselling_reason: str


def member_trends(membership: Membership, *, joint_ok: bool) -> Trends:
    series = weekly_series(core_checkins(membership))
    closeness = charts.line_chart(
        "chart-closeness",
        "Felt closeness by week",
        _by_week([(w.week_start, w.closeness) for w in series]),
        what="Felt closeness (1 = circles far apart, 7 = almost one)",
        ticks=range(1, 8),
        decimals=1,
    )
    loneliness = charts.line_chart(
        "chart-loneliness",
        "Loneliness by week",
        _by_week([(w.week_start, w.loneliness) for w in series]),
        what="Loneliness (1 = not at all, 5 = very)",
        ticks=range(1, 6),
        decimals=1,
    )
    points = pulse_points(membership)
    pulse = (
        charts.line_chart(
            "chart-pulse-trend",
            "Weekly Pulse",
            _by_week([(p.week, p.headline) for p in points if p.headline is not None]),
            what="Closeness in your Pulse (0–100)",
        )
        if points
        else None
    )
    warnings = tuple(w for w in (early_warning(series), pulse_trend_warning(points)) if w)
    rebuilding: dict[str, str] = {}
    for warning in warnings:
        for exercise_id in warning.rebuilding_exercises:
            exercise = exercise_or_none(exercise_id)
            if exercise_id == COUNSELLING_EXERCISE:
                continue  # offered on its own line, with its reason
            if exercise and (joint_ok or offered_when_joint_off(exercise)):
                rebuilding.setdefault(exercise.id, exercise.title)
    return Trends(
        series=series,
        closeness=closeness,
        loneliness=loneliness,
        pulse=pulse,
        warnings=warnings,
        rebuilding=tuple(rebuilding.items()),
        suggest_counselling=any(w.suggest_counselling for w in warnings),
        counselling_reason="; ".join(
            dict.fromkeys(w.counselling_reason for w in warnings if w.suggest_counselling)
        ).strip(),
    )
