"""What a counsellor sees before a session: for each member, only what that member chose
to share. The Checkup part shows scores and findings without the answers behind them (the
"because you rated …" clauses are left out, as in the joint view); nothing from the safety
screen is ever read. Each part shown is recorded for the member to see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from closeknit.instruments import load_instrument
from closeknit.model.vocabulary import COMPONENTS, FORMS
from closeknit.reports import build_report
from closeknit.web.checkups import charts
from closeknit.web.checkups.access import latest_finished_take, previous_and_later
from closeknit.web.checkups.reports import pulse_points, redact_reason, take_sheet
from closeknit.web.counsel.access import consent_of
from closeknit.web.counsel.actions import do_record
from closeknit.web.counsel.models import Counselling
from closeknit.web.relationships.models import Membership


@dataclass(frozen=True)
class CheckupPart:
    finished: date
    components: charts.Chart
    forms: charts.Chart
    findings: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (heading, (name, reason))
    changes: tuple[tuple[str, str], ...]  # (dimension, reading)


@dataclass(frozen=True)
class MemberPart:
    name: str
    shares_checkup: bool
    shares_pulse: bool
    checkup: CheckupPart | None
    pulse: charts.Chart | None


def _bars(dimensions: object, ids: tuple[str, ...]) -> list[charts.Bar]:
    by_id = {d.id: d for d in dimensions}  # type: ignore[attr-defined]
    return [charts.Bar(by_id[i].name, by_id[i].score, by_id[i].sem) for i in ids if i in by_id]


def _checkup(member: Membership, other: Membership, index: int) -> CheckupPart | None:
    take = latest_finished_take(member)
    if take is None:
        return None
    previous, _later = previous_and_later(take)
    report = build_report(
        take_sheet(take, member.user.display_name),
        load_instrument("checkup", take.version),
        other_name=other.user.display_name,
        previous=take_sheet(previous) if previous else None,
        previous_instrument=load_instrument("checkup", previous.version) if previous else None,
    )
    findings = tuple(
        (heading, tuple((f.name, redact_reason(f.reason)) for f in group))
        for heading, group in (
            ("Strengths", report.strengths),
            ("Growth areas", report.growth_areas),
            ("Warning signs", report.warning_signs),
            ("What holds closeness back", report.obstacles),
        )
        if group
    )
    changes = tuple(
        (c.name, f"{c.before:.0f} → {c.after:.0f}")
        for c in report.changes
        if c.reliable and c.before is not None and c.after is not None
    )
    return CheckupPart(
        finished=take.finished_at.date(),
        components=charts.score_bars(
            f"m{index}-components",
            f"{member.user.display_name}: components of closeness",
            _bars(report.dimensions, COMPONENTS),
        ),
        forms=charts.score_bars(
            f"m{index}-forms",
            f"{member.user.display_name}: forms of closeness",
            _bars(report.dimensions, FORMS),
        ),
        findings=findings,
        changes=changes,
    )


def _pulse(member: Membership, index: int) -> charts.Chart | None:
    points = pulse_points(member)
    if not points:
        return None
    by_week = {p.week: p.headline for p in points}
    week, series = points[0].week, []
    while week <= points[-1].week:
        series.append((week, by_week.get(week)))
        week += timedelta(days=7)
    return charts.line_chart(
        f"m{index}-pulse",
        f"{member.user.display_name}: weekly Pulse",
        series,
        what="Closeness that week (0–100)",
    )


def counsellor_view(counselling: Counselling, members: list[Membership]) -> list[MemberPart]:
    """Each member's part, recording every part shown (see the module docstring)."""
    parts = []
    for index, member in enumerate(members):
        other = members[1 - index]
        consent = consent_of(counselling, member)
        checkup = _checkup(member, other, index) if consent.checkup_report else None
        pulse = _pulse(member, index) if consent.pulse_trend else None
        if checkup is not None:
            do_record(counselling, member, "checkup_report")
        if pulse is not None:
            do_record(counselling, member, "pulse_trend")
        parts.append(
            MemberPart(
                name=member.user.display_name,
                shares_checkup=consent.checkup_report,
                shares_pulse=consent.pulse_trend,
                checkup=checkup,
                pulse=pulse,
            )
        )
    return parts
