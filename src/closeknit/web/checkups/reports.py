"""From stored takes and Pulses to the core's reports and scores. No scoring happens here:
this module only builds answer sheets and calls :mod:`closeknit.reports` and
:mod:`closeknit.scoring`.

The joint view is *redacted* before it leaves this module: the core's joint report quotes
both people's answers to single statements as evidence ("because you rated … and Blair …"),
but nobody may ever see the other person's item-level answers. :class:`JointView` keeps
dimension scores (which both may see once both have finished), reasons cut before their
"because …" clause, and only the viewer's own answer as evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from closeknit.errors import CloseknitError
from closeknit.instruments import AnswerSheet, Instrument, load_instrument, parse_sheet
from closeknit.reports import JointReport, Report, build_joint_report, build_report, render_report
from closeknit.reports.types import Evidence, Finding, JointDimension, PracticeSuggestion
from closeknit.scoring import SheetScores, score_sheet
from closeknit.trends import EarlyWarning, pulse_warning
from closeknit.web.checkups.access import (
    finished_pair,
    previous_and_later,
    pulses_for_member,
)
from closeknit.web.checkups.models import Pulse, Take
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import get_own_screen
from closeknit.web.safety.models import SafetyScreen

OTHER_FALLBACK = "the other person"
# The Pulse dimensions that make up the headline "closeness this week" line.
PULSE_HEADLINE = ("emotional", "trust", "communication", "vulnerability", "empathy")


def concept_name(concept_id: str) -> str:
    """The model's plain name for a dimension (falls back to the id in words)."""
    from closeknit.model import load_model

    try:
        return load_model().get(concept_id).name
    except KeyError:
        return concept_id.replace("_", " ").capitalize()


def other_name(membership: Membership) -> str:
    other = membership.other()
    return other.user.display_name if other else OTHER_FALLBACK


def _sheet(
    instrument: Instrument, kind: str, answers: dict[str, int], respondent: str = ""
) -> AnswerSheet:
    return parse_sheet(
        {
            "instrument": instrument.id,
            "version": instrument.version,
            "relationship": kind,
            "answers": answers,
            "respondent": respondent,
        }
    )


def take_sheet(take: Take, respondent: str = "") -> AnswerSheet:
    instrument = load_instrument("checkup", take.version)
    return _sheet(instrument, take.membership.relationship.kind, take.answers, respondent)


def _screen_sheet(
    membership: Membership, screen: SafetyScreen | None
) -> tuple[AnswerSheet | None, bool]:
    """(the member's own safety sheet when it can be rescored, whether it was positive)."""
    if screen is None:
        return None, False
    try:
        sheet = _sheet(
            load_instrument("safety", screen.instrument_version),
            membership.relationship.kind,
            dict(screen.answers),
        )
    except CloseknitError:
        sheet = None  # an older or unknown screen version: rely on the stored result
    return sheet, screen.positive


def _region(membership: Membership) -> str:
    return getattr(membership.user, "region", "") or settings.DEFAULT_REGION


@dataclass(frozen=True)
class IndividualReport:
    report: Report
    take: Take
    previous: Take | None
    # The person's own safety screen was positive: no practices, help resources instead.
    safety_positive: bool
    # No take of theirs finished after this one.
    is_latest: bool = True


def individual_report(
    take: Take, history: tuple[Take | None, bool] | None = None
) -> IndividualReport:
    """The report on one of the member's own finished takes, with change since the one
    before (reliable change index) and their own safety screen taken into account.
    ``history`` is ``previous_and_later(take)`` when the caller has it already.

    Built afresh on every call, on purpose: a per-process cache would keep derived scores
    and decrypted screen answers in memory after the person deleted them, to save about a
    millisecond."""
    membership = take.membership
    previous, later = history if history is not None else previous_and_later(take)
    screen = get_own_screen(membership)
    other, region = other_name(membership), _region(membership)
    safety, positive = _screen_sheet(membership, screen)
    report = build_report(
        take_sheet(take, "you"),
        load_instrument("checkup", take.version),
        other_name=other,
        safety=safety,
        previous=take_sheet(previous) if previous else None,
        previous_instrument=load_instrument("checkup", previous.version) if previous else None,
        region=region,
    )
    return IndividualReport(report, take, previous, positive, is_latest=not later)


def report_json(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_report(report, "json"))
    return data


# --- the joint view ----------------------------------------------------------------------


def redact_reason(reason: str) -> str:
    """``reason`` without the "because …" clause that quotes single answers."""
    head, sep, _ = reason.partition(", because ")
    if not sep:
        return reason
    return head.rstrip(".") + "."


@dataclass(frozen=True)
class OwnEvidence:
    """The viewer's own answer to the statement behind a finding (never the other's)."""

    text: str
    label: str


@dataclass(frozen=True)
class JointFinding:
    dimension: str
    kind: str
    name: str
    mine: float | None
    theirs: float | None
    reason: str
    evidence: tuple[OwnEvidence, ...]


@dataclass(frozen=True)
class JointPractice:
    practice: str
    name: str
    summary: str
    addresses: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class JointView:
    """What one member sees of the two views: ``mine``/``theirs`` from their side."""

    other_name: str
    dimensions: tuple[JointDimension, ...]
    agreements: tuple[JointFinding, ...]
    differences: tuple[JointFinding, ...]
    warning_signs: tuple[JointFinding, ...]
    obstacles: tuple[JointFinding, ...]
    practices: tuple[JointPractice, ...]
    counselling: JointPractice | None
    note: str
    my_take: Take
    their_finished_at: Any
    # Each side's standard error of measurement per dimension (for error bars).
    sems: dict[str, tuple[float | None, float | None]]


def _own(evidence: tuple[Evidence, ...]) -> tuple[OwnEvidence, ...]:
    return tuple(OwnEvidence(e.text, e.label) for e in evidence)


def _finding(f: Finding) -> JointFinding:
    return JointFinding(
        f.dimension, f.kind, f.name, f.score, f.score_b, redact_reason(f.reason), _own(f.evidence)
    )


def _practice(p: PracticeSuggestion) -> JointPractice:
    return JointPractice(p.practice, p.name, p.summary, p.addresses, redact_reason(p.reason))


def redact_joint(
    report: JointReport,
    other: str,
    my_take: Take,
    theirs: Take,
    sems: dict[str, tuple[float | None, float | None]] | None = None,
) -> JointView:
    """The joint report as the viewer (side ``a``) may see it (see module docstring)."""
    return JointView(
        other_name=other,
        dimensions=report.dimensions,
        agreements=tuple(_finding(f) for f in report.agreements),
        differences=tuple(_finding(f) for f in report.differences),
        warning_signs=tuple(_finding(f) for f in report.warning_signs),
        obstacles=tuple(_finding(f) for f in report.obstacles),
        practices=tuple(_practice(p) for p in report.practices),
        counselling=_practice(report.counselling) if report.counselling else None,
        note=report.note,
        my_take=my_take,
        their_finished_at=theirs.finished_at,
        sems=sems or {},
    )


def joint_view(membership: Membership) -> JointView | None:
    """Both members' latest finished Checkups side by side, from ``membership``'s side;
    ``None`` until both have finished. Callers check joint features first."""
    pair = finished_pair(membership)
    if pair is None:
        return None
    mine, theirs, other = pair
    name = other.user.display_name or OTHER_FALLBACK
    instrument = load_instrument("checkup", mine.version)
    # Takes on different Checkup versions are compared on the viewer's version, using the
    # other person's answers to the statements that version still has.
    known = {it.id for it in instrument.items}
    theirs_sheet = _sheet(
        instrument,
        membership.relationship.kind,
        {k: v for k, v in theirs.answers.items() if k in known},
        name,
    )
    my_sheet = take_sheet(mine, "you")
    report = build_joint_report(
        my_sheet, theirs_sheet, instrument, names=("you", name), region=_region(membership)
    )
    a, b = score_sheet(my_sheet, instrument), score_sheet(theirs_sheet, instrument)
    sems = {d: (a[d].sem, b[d].sem) for d in a.dimensions if d in b.dimensions}
    return redact_joint(report, name, mine, theirs, sems)


def joint_json(view: JointView) -> dict[str, Any]:
    """The redacted joint view as JSON-ready data (scores rounded to 2 decimals)."""

    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 2)

    def finding(f: JointFinding) -> dict[str, Any]:
        return {
            "dimension": f.dimension,
            "kind": f.kind,
            "name": f.name,
            "mine": r(f.mine),
            "theirs": r(f.theirs),
            "reason": f.reason,
            "my_evidence": [{"text": e.text, "my_answer": e.label} for e in f.evidence],
        }

    def practice(p: JointPractice) -> dict[str, Any]:
        return {
            "practice": p.practice,
            "name": p.name,
            "summary": p.summary,
            "addresses": list(p.addresses),
            "reason": p.reason,
        }

    return {
        "kind": "joint_view",
        "other_person": view.other_name,
        "dimensions": {
            d.id: {
                "name": d.name,
                "kind": d.kind,
                "mine": r(d.a),
                "theirs": r(d.b),
                "gap": r(d.gap),
                "se_gap": r(d.se_gap),
                "differs": d.differs,
                "exploratory": d.exploratory,
                "reason": d.reason,
            }
            for d in view.dimensions
        },
        "agreements": [finding(f) for f in view.agreements],
        "differences": [finding(f) for f in view.differences],
        "warning_signs": [finding(f) for f in view.warning_signs],
        "obstacles": [finding(f) for f in view.obstacles],
        "practices": [practice(p) for p in view.practices],
        "counselling": practice(view.counselling) if view.counselling else None,
        "note": view.note,
    }


# --- Pulse -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PulsePoint:
    week: date
    headline: float | None
    scores: SheetScores


def pulse_points(membership: Membership) -> list[PulsePoint]:
    """Each of the member's Pulses scored by the core, oldest week first."""
    points = []
    for pulse in pulses_for_member(membership):
        scores = pulse_scores(pulse)
        points.append(PulsePoint(pulse.week, scores.composite(PULSE_HEADLINE), scores))
    return points


def pulse_scores(pulse: Pulse) -> SheetScores:
    instrument = load_instrument("pulse", pulse.version)
    kind = pulse.membership.relationship.kind
    return score_sheet(_sheet(instrument, kind, pulse.answers), instrument)


def pulse_trend_warning(points: list[PulsePoint]) -> EarlyWarning | None:
    """The core's early-warning rule on felt closeness (the Pulse's ``emotional`` line)."""
    series = [(p.week, s) for p in points if (s := p.scores.score("emotional")) is not None]
    return pulse_warning(series, dimension="emotional")
