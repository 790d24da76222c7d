"""From stored Checkups, Pulses and check-ins to the core planner, and back to a stored plan.

:func:`current_plan` returns the member's plan for this ISO week, building it the first
time and rebuilding it whenever its inputs change (a new Checkup, Pulse or check-in, or
joint features switching), so the plan adapts during the week. Last week's plan is passed
to the planner so it prefers fresh practices. Nothing here chooses a practice: the rules
live in :mod:`closeknit.practice.planner`.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from closeknit.model.vocabulary import CAUSES, FADING_SIGNS, SCORED_DIMENSIONS
from closeknit.practice import (
    CounsellingNote,
    PlanInput,
    PlannedPractice,
    WeeklyPlan,
    build_weekly_plan,
)
from closeknit.trends import Checkin as CoreCheckin
from closeknit.trends import weekly_series
from closeknit.trends.checkins import week_start
from closeknit.web.checkins.models import Checkin
from closeknit.web.checkups.access import latest_finished_take
from closeknit.web.checkups.models import Pulse
from closeknit.web.checkups.reports import individual_report, pulse_points
from closeknit.web.practice.content import library
from closeknit.web.practice.models import StoredPlan
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import joint_features_available

# Check-ins this far back feed the plan (the early-warning rule needs a baseline).
CHECKIN_WEEKS = 16


def core_checkins(membership: Membership, since: date | None = None) -> list[CoreCheckin]:
    rows = Checkin.objects.filter(membership=membership).order_by("day")
    if since is not None:
        rows = rows.filter(day__gte=since)
    return [
        CoreCheckin(
            day=c.day,
            mood=c.mood,
            closeness=c.closeness,
            loneliness=c.loneliness,
            stress=c.stress,
            minutes_together=c.minutes_together,
            shared_moment=c.shared_moment,
        )
        for c in rows
    ]


def inputs_key(membership: Membership, week: date) -> str:
    """A fingerprint of everything the plan is built from (cheap: a few aggregates)."""
    take = latest_finished_take(membership)
    pulses = Pulse.objects.filter(membership=membership).aggregate(
        n=Count("id"), u=Max("updated_at")
    )
    since = week - timedelta(weeks=CHECKIN_WEEKS)
    checkins = Checkin.objects.filter(membership=membership, day__gte=since).aggregate(
        n=Count("id"), u=Max("updated_at")
    )
    parts = (
        str(take.pk) if take else "-",
        str(pulses["n"]),
        str(pulses["u"]),
        str(checkins["n"]),
        str(checkins["u"]),
        str(joint_features_available(membership)),
        membership.relationship.kind,
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def plan_input(membership: Membership, week: date) -> PlanInput:
    scores: dict[str, float | None] = {}
    warning_signs: tuple[str, ...] = ()
    obstacles: tuple[str, ...] = ()
    take = latest_finished_take(membership)
    if take is not None:
        report = individual_report(take).report
        scores = {d.id: d.score for d in report.dimensions if d.id in SCORED_DIMENSIONS}
        warning_signs = tuple(
            dict.fromkeys(f.dimension for f in report.warning_signs if f.dimension in FADING_SIGNS)
        )
        obstacles = tuple(
            dict.fromkeys(f.dimension for f in report.obstacles if f.dimension in CAUSES)
        )
    pulse_history: dict[str, list[tuple[date, float]]] = {}
    for point in pulse_points(membership):
        for dim, result in point.scores.dimensions.items():
            if dim in SCORED_DIMENSIONS and result.score is not None:
                pulse_history.setdefault(dim, []).append((point.week, result.score))
    since = week - timedelta(weeks=CHECKIN_WEEKS)
    return PlanInput(
        dimension_scores=scores,
        warning_signs=warning_signs,
        obstacles=obstacles,
        joint_features_enabled=joint_features_available(membership),
        relationship=membership.relationship.kind,
        recent_checkins=weekly_series(core_checkins(membership, since)),
        pulse_history={d: tuple(p) for d, p in pulse_history.items()},
    )


def _to_core(stored: StoredPlan) -> WeeklyPlan:
    return WeeklyPlan(
        week=stored.week,
        practices=tuple(
            PlannedPractice(
                p["exercise_id"],
                p["title"],
                p["minutes"],
                p["mode"],
                p["reason"],
                tuple(p.get("traces_to", ())),
            )
            for p in stored.practices
        ),
        counselling=CounsellingNote(**stored.counselling) if stored.counselling else None,
        notes=tuple(stored.notes),
    )


def _fields(plan: WeeklyPlan) -> dict[str, Any]:
    return {
        "practices": [
            {
                "exercise_id": p.exercise_id,
                "title": p.title,
                "minutes": p.minutes,
                "mode": p.mode,
                "reason": p.reason,
                "traces_to": list(p.traces_to),
            }
            for p in plan.practices
        ],
        "counselling": (
            {"exercise_id": plan.counselling.exercise_id, "reason": plan.counselling.reason}
            if plan.counselling
            else None
        ),
        "notes": list(plan.notes),
    }


def current_plan(membership: Membership, today: date) -> StoredPlan:
    """This week's plan, built or rebuilt when its inputs changed (module docstring)."""
    week = week_start(today)
    key = inputs_key(membership, week)
    stored = StoredPlan.objects.filter(membership=membership, week=week).first()
    if stored is not None and stored.inputs_key == key:
        return stored
    previous = (
        StoredPlan.objects.filter(membership=membership, week__lt=week).order_by("-week").first()
    )
    plan = build_weekly_plan(
        plan_input(membership, week),
        week=week,
        previous_plan=_to_core(previous) if previous else None,
        library=library(),
    )
    fields = _fields(plan)
    fields.update(inputs_key=key, generated_at=timezone.now())
    if stored is not None:
        ids = {p["exercise_id"] for p in fields["practices"]}
        fields["done"] = [d for d in stored.done if d in ids]
        StoredPlan.objects.filter(pk=stored.pk).update(**fields)
        stored.refresh_from_db()
        return stored
    try:
        with transaction.atomic():
            return StoredPlan.objects.create(membership=membership, week=week, **fields)
    except IntegrityError:  # built at the same moment by another request
        return StoredPlan.objects.get(membership=membership, week=week)


def planned_weeks(membership: Membership, since: date) -> list[StoredPlan]:
    return list(StoredPlan.objects.filter(membership=membership, week__gte=since).order_by("week"))
