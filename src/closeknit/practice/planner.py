"""The weekly plan: two or three practices chosen from the latest report and check-ins.

Rules (documented with their research in ``docs/practice.md``):

1. **Needs.** Every input becomes zero or more *needs*, each a model id with a weight and
   a reason in plain words that quotes the input:

   * a component, form or strong sign scoring below 60 of 100 (weight ``(100 - s)/100``);
   * a fading sign or obstacle scoring 40 or more (weight ``s/100``; higher = more present);
   * each warning sign the report lists (weight 0.9) and each obstacle (weight 0.8);
   * check-ins: the early warning (weight 1.5, rebuilding preferred); closeness in the
     last two weeks 0.5 points or more below the two weeks before (weight 1.0, rebuilding
     preferred); mean stress or loneliness of 4 or more out of 5 (weight 0.9); a moment
     of sharing in fewer than 30 % of check-ins (weight 0.7);
   * Pulse: the early-warning rule on a dimension (weight 1.2), or its latest score 15
     points or more below the mean of the three before (weight 0.8).

   Comfortable silence is exploratory and never targeted.
2. **Eligible exercises** suit the relationship type. When joint features are off (which
   includes a positive safety screen) only solo exercises that do not reach out to the
   other person are eligible. The counselling guide is never one of the practices: it is
   attached separately (rule 5).
3. **Choice.** Greedy, one pick at a time. The most pressing remaining need (highest
   weight) that any eligible exercise addresses anchors the pick: only exercises that
   address it compete. Among them each scores the summed weight of all the needs it
   addresses (+0.5 for a rebuilding exercise when rebuilding is preferred); an exercise
   from last week's plan counts a quarter, so a fresh one wins unless it fits much worse.
   After a pick, the needs it covered keep only 30 % of their weight, so the next pick
   targets something else.
   Two practices always; a third when it scores at least 0.5. Ties are broken by a stable
   hash of the week and the id, so equal candidates rotate from week to week.
4. **No needs** (no scores yet, or nothing low): gentle starters with a reason that says so.
5. **Counselling guidance** is attached when the early warning fired (check-ins or Pulse),
   when three or more warning signs are present, or when any warning sign or obstacle
   scores 75 or more.

The plan never counts streaks or scolds; it offers, it does not demand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Final

from closeknit.errors import CloseknitError
from closeknit.model.vocabulary import (
    CAUSES,
    COMPONENTS,
    EXPLORATORY,
    FADING_SIGNS,
    FORMS,
    RELATIONSHIP_TYPES,
    SCORED_DIMENSIONS,
    STRONG_SIGNS,
    RelationshipType,
)
from closeknit.practice.library import Exercise, Library, load_exercises
from closeknit.trends.checkins import WeekMeans, week_start
from closeknit.trends.warning import (
    COUNSELLING_EXERCISE,
    REBUILDING_EXERCISES,
    EarlyWarning,
    early_warning,
    pulse_warning,
)

LOW_SCORE: Final = 60.0
PRESENT_SCORE: Final = 40.0
STRONG_SCORE: Final = 75.0
MANY_WARNING_SIGNS: Final = 3
WARNING_SIGN_WEIGHT: Final = 0.9
OBSTACLE_WEIGHT: Final = 0.8
EARLY_WARNING_WEIGHT: Final = 1.5
FALLING_CLOSENESS_DROP: Final = 0.5
FALLING_CLOSENESS_WEIGHT: Final = 1.0
HIGH_ANSWER: Final = 4.0
HIGH_ANSWER_WEIGHT: Final = 0.9
LOW_SHARING_SHARE: Final = 0.3
LOW_SHARING_WEIGHT: Final = 0.7
PULSE_WARNING_WEIGHT: Final = 1.2
PULSE_DROP: Final = 15.0
PULSE_DROP_WEIGHT: Final = 0.8
REBUILD_BONUS: Final = 0.5
LAST_WEEK_FACTOR: Final = 0.25
COVERED_FACTOR: Final = 0.3
THIRD_PICK_MIN: Final = 0.5
# Check-ins older than this before the plan's week are too stale to adapt to.
CHECKIN_LOOKBACK: Final = timedelta(weeks=5)

STARTERS_JOINT: Final = ("daily_check_in", "appreciation_exchange", "new_activity_plan")
STARTERS_SOLO: Final = ("appreciation_journal", "notice_your_needs", "unwind_alone")

_POSITIVE: Final = frozenset(COMPONENTS + FORMS + STRONG_SIGNS)
_NEGATIVE: Final = frozenset(FADING_SIGNS + CAUSES)


class PlanError(CloseknitError):
    """The plan input names an unknown id or an out-of-range score."""


@dataclass(frozen=True, slots=True)
class PlanInput:
    """What the planner needs, built by the caller from a report, check-ins and Pulse.

    ``dimension_scores`` maps scored model ids to 0–100 (``None`` = not measured). For
    fading signs and obstacles a higher score means *more present*. ``pulse_history``
    maps a dimension id to its (date, score) Pulse results.
    """

    dimension_scores: Mapping[str, float | None]
    warning_signs: tuple[str, ...] = ()
    obstacles: tuple[str, ...] = ()
    joint_features_enabled: bool = True
    relationship: RelationshipType = "partner"
    recent_checkins: tuple[WeekMeans, ...] = ()
    pulse_history: Mapping[str, tuple[tuple[date, float], ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for dim, score in self.dimension_scores.items():
            if dim not in SCORED_DIMENSIONS:
                raise PlanError(f"unknown dimension {dim!r}; use the ids in model/vocabulary.py")
            if score is not None and not 0 <= score <= 100:
                raise PlanError(f"score for {dim!r} must be from 0 to 100, got {score!r}")
        for sign in self.warning_signs:
            if sign not in FADING_SIGNS:
                raise PlanError(f"unknown warning sign {sign!r}; use one of {FADING_SIGNS}")
        for obstacle in self.obstacles:
            if obstacle not in CAUSES:
                raise PlanError(f"unknown obstacle {obstacle!r}; use one of {CAUSES}")
        if self.relationship not in RELATIONSHIP_TYPES:
            raise PlanError(
                f"unknown relationship {self.relationship!r}; use one of {RELATIONSHIP_TYPES}"
            )
        for dim, points in self.pulse_history.items():
            if dim not in SCORED_DIMENSIONS:
                raise PlanError(f"unknown Pulse dimension {dim!r}")
            if any(not 0 <= score <= 100 for _, score in points):
                raise PlanError(f"Pulse scores for {dim!r} must be from 0 to 100")


@dataclass(frozen=True, slots=True)
class Need:
    concept: str
    weight: float
    reason: str
    source: str  # score | warning_sign | obstacle | checkins | pulse
    prefer_rebuilding: bool = False


@dataclass(frozen=True, slots=True)
class PlannedPractice:
    exercise_id: str
    title: str
    minutes: int
    mode: str
    reason: str
    traces_to: tuple[str, ...]  # the model ids of the needs the reason quotes


@dataclass(frozen=True, slots=True)
class CounsellingNote:
    exercise_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class WeeklyPlan:
    week: date  # the Monday of the planned week
    practices: tuple[PlannedPractice, ...]
    counselling: CounsellingNote | None
    notes: tuple[str, ...]
    warnings: tuple[EarlyWarning, ...] = ()

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        return tuple(p.exercise_id for p in self.practices)


def label(concept: str) -> str:
    """A readable name for a model id (the Learn pages hold the full names)."""
    return concept.replace("_", " ")


def collect_needs(plan_input: PlanInput, week: date) -> tuple[list[Need], list[EarlyWarning]]:
    """Turn the input into needs (rule 1) and the early warnings that fired."""
    needs: list[Need] = []
    scores = plan_input.dimension_scores
    for dim, score in scores.items():
        if score is None or dim in EXPLORATORY:
            continue
        if dim in _POSITIVE and score < LOW_SCORE:
            needs.append(
                Need(
                    dim,
                    (100 - score) / 100,
                    f"your score for {label(dim)} was {score:.0f} of 100",
                    "score",
                )
            )
        elif dim in _NEGATIVE and score >= PRESENT_SCORE:
            kind = "warning sign" if dim in FADING_SIGNS else "obstacle"
            needs.append(
                Need(
                    dim, score / 100, f"the {kind} {label(dim)} scored {score:.0f} of 100", "score"
                )
            )
    for sign in plan_input.warning_signs:
        score = scores.get(sign)
        at = f" ({score:.0f} of 100)" if score is not None else ""
        needs.append(
            Need(
                sign,
                max(WARNING_SIGN_WEIGHT, (score or 0) / 100),
                f"your report shows the warning sign {label(sign)}{at}",
                "warning_sign",
            )
        )
    for obstacle in plan_input.obstacles:
        needs.append(
            Need(
                obstacle,
                OBSTACLE_WEIGHT,
                f"your report names {label(obstacle)} as an obstacle",
                "obstacle",
            )
        )
    warnings: list[EarlyWarning] = []
    checkin_needs, checkin_warning = _checkin_needs(plan_input.recent_checkins, week)
    needs.extend(checkin_needs)
    if checkin_warning is not None:
        warnings.append(checkin_warning)
    for dim, points in sorted(plan_input.pulse_history.items()):
        pulse_needs, pulse_warn = _pulse_needs(dim, points, week)
        needs.extend(pulse_needs)
        if pulse_warn is not None:
            warnings.append(pulse_warn)
    return needs, warnings


def _checkin_needs(
    series: Sequence[WeekMeans], week: date
) -> tuple[list[Need], EarlyWarning | None]:
    usable = sorted(
        (w for w in series if week - CHECKIN_LOOKBACK <= w.week_start < week),
        key=lambda w: w.week_start,
    )
    if not usable:
        return [], None
    needs: list[Need] = []
    warning = early_warning([w for w in series if w.week_start < week])
    if warning is not None:
        d = warning.decline
        needs.append(
            Need(
                "withdrawal",
                EARLY_WARNING_WEIGHT,
                f"your check-ins show closeness easing from {d.baseline_mean:.1f} to "
                f"{d.recent_mean:.1f} of 7 over recent weeks",
                "checkins",
                prefer_rebuilding=True,
            )
        )
    elif len(usable) >= 4:
        before = fmean(w.closeness for w in usable[-4:-2])
        latest = fmean(w.closeness for w in usable[-2:])
        if before - latest >= FALLING_CLOSENESS_DROP:
            needs.append(
                Need(
                    "withdrawal",
                    FALLING_CLOSENESS_WEIGHT,
                    f"closeness in your check-ins went from {before:.1f} to {latest:.1f} of 7 "
                    "over the last two weeks",
                    "checkins",
                    prefer_rebuilding=True,
                )
            )
    last_two = usable[-2:]
    stress = fmean(w.stress for w in last_two)
    if stress >= HIGH_ANSWER:
        needs.append(
            Need(
                "stress_and_busyness",
                HIGH_ANSWER_WEIGHT,
                f"your check-ins put stress at {stress:.1f} of 5 lately",
                "checkins",
            )
        )
    loneliness = fmean(w.loneliness for w in last_two)
    if loneliness >= HIGH_ANSWER:
        needs.append(
            Need(
                "loneliness",
                HIGH_ANSWER_WEIGHT,
                f"your check-ins put loneliness at {loneliness:.1f} of 5 lately",
                "checkins",
            )
        )
    sharing = fmean(w.shared_moment_share for w in last_two)
    if sharing < LOW_SHARING_SHARE:
        needs.append(
            Need(
                "sparse_sharing",
                LOW_SHARING_WEIGHT,
                f"a moment of sharing came up in {sharing:.0%} of your recent check-ins",
                "checkins",
            )
        )
    return needs, warning


def _pulse_needs(
    dim: str, points: Sequence[tuple[date, float]], week: date
) -> tuple[list[Need], EarlyWarning | None]:
    past = sorted((d, s) for d, s in points if week_start(d) < week)
    if not past or dim in EXPLORATORY:
        return [], None
    warning = pulse_warning(past, dimension=dim)
    if warning is not None:
        return [
            Need(
                dim,
                PULSE_WARNING_WEIGHT,
                f"your weekly Pulse for {label(dim)} has changed steadily over recent weeks",
                "pulse",
                prefer_rebuilding=True,
            )
        ], warning
    if len(past) >= 4:
        before = fmean(s for _, s in past[-4:-1])
        latest = past[-1][1]
        change = latest - before if dim in _NEGATIVE else before - latest
        if change >= PULSE_DROP:
            verb = "rose" if dim in _NEGATIVE else "fell"
            return [
                Need(
                    dim,
                    PULSE_DROP_WEIGHT,
                    f"your latest Pulse for {label(dim)} {verb} to {latest:.0f} of 100 "
                    f"from about {before:.0f}",
                    "pulse",
                )
            ], None
    return [], None


def eligible_exercises(library: Library, plan_input: PlanInput) -> list[Exercise]:
    """Rule 2: suitable for the relationship, and safe when joint features are off."""
    return [
        e
        for e in library
        if e.suits(plan_input.relationship)
        and e.id != COUNSELLING_EXERCISE
        and (plan_input.joint_features_enabled or (e.mode == "solo" and not e.reaches_out))
    ]


def _tiebreak(week: date, exercise_id: str) -> str:
    return hashlib.sha256(f"{week.isoformat()}:{exercise_id}".encode()).hexdigest()


def _because(needs: Sequence[Need]) -> str:
    parts = [f"because {n.reason}" for n in needs]
    return "Suggested " + ", and ".join(parts) + "."


def build_weekly_plan(
    plan_input: PlanInput,
    *,
    week: date,
    previous_plan: WeeklyPlan | None = None,
    library: Library | None = None,
) -> WeeklyPlan:
    """Build the plan for the ISO week holding ``week`` (rules in the module docstring).

    Returns two or three practices, each with a reason quoting the input, and a
    counselling note when rule 5 applies. Raises PlanError for invalid input (at
    construction of :class:`PlanInput`) and when no exercise is eligible.
    """
    library = library or load_exercises()
    monday = week_start(week)
    needs, warnings = collect_needs(plan_input, monday)
    pool = eligible_exercises(library, plan_input)
    if len(pool) < 2:
        raise PlanError(f"fewer than two exercises suit a {plan_input.relationship} relationship")
    last_week = set(previous_plan.exercise_ids) if previous_plan else set()
    rebuilding = {n.concept for n in needs if n.prefer_rebuilding}

    # The strongest need per concept speaks for it; weights shrink as picks cover them.
    strongest: dict[str, Need] = {}
    for need in needs:
        if need.concept not in strongest or need.weight > strongest[need.concept].weight:
            strongest[need.concept] = need
    remaining = {c: n.weight for c, n in strongest.items()}

    practices: list[PlannedPractice] = []
    chosen: set[str] = set()
    for slot in range(3):

        def fit(e: Exercise) -> float:
            value = sum(remaining.get(c, 0.0) for c in e.addresses)
            if rebuilding and e.id in REBUILDING_EXERCISES:
                value += REBUILD_BONUS
            return value * (LAST_WEEK_FACTOR if e.id in last_week else 1.0)

        candidates = [e for e in pool if e.id not in chosen]
        if not candidates:
            break
        # The most pressing need that some candidate can address anchors this pick.
        for concept in sorted(remaining, key=lambda c: (-remaining[c], c)):
            anchored = [e for e in candidates if concept in e.addresses]
            if anchored:
                candidates = anchored
                break
        best = max(candidates, key=lambda e: (round(fit(e), 9), _tiebreak(monday, e.id)))
        best_fit = fit(best)
        if best_fit <= 0:
            break
        if slot == 2 and best_fit < THIRD_PICK_MIN:
            break
        covered = sorted(
            (strongest[c] for c in best.addresses if remaining.get(c, 0.0) > 0),
            key=lambda n: -remaining[n.concept],
        )[:2]
        if not covered:  # chosen for the rebuilding preference alone
            covered = [n for n in strongest.values() if n.prefer_rebuilding][:1]
        for c in best.addresses:
            if c in remaining:
                remaining[c] *= COVERED_FACTOR
        chosen.add(best.id)
        practices.append(_planned(best, _because(covered), tuple(n.concept for n in covered)))

    notes: list[str] = []
    if len(practices) < 2:
        top = max(strongest.values(), key=lambda n: n.weight, default=None)
        _add_starters(practices, chosen, pool, last_week, top, plan_input)
    if not plan_input.joint_features_enabled:
        notes.append(
            "Joint exercises are switched off, so this plan only holds things you can do "
            "on your own."
        )
    notes.append("Try what fits your week; there is nothing to keep count of.")
    return WeeklyPlan(
        week=monday,
        practices=tuple(practices),
        counselling=_counselling(plan_input, needs, warnings),
        notes=tuple(notes),
        warnings=tuple(warnings),
    )


def _planned(exercise: Exercise, reason: str, traces: tuple[str, ...]) -> PlannedPractice:
    return PlannedPractice(
        exercise_id=exercise.id,
        title=exercise.title,
        minutes=exercise.minutes,
        mode=exercise.mode,
        reason=reason,
        traces_to=traces,
    )


def _add_starters(
    practices: list[PlannedPractice],
    chosen: set[str],
    pool: Sequence[Exercise],
    last_week: set[str],
    top_need: Need | None,
    plan_input: PlanInput,
) -> None:
    """Rule 4: fill up to two practices with gentle starters, fresh ones first."""
    starters = STARTERS_JOINT if plan_input.joint_features_enabled else STARTERS_SOLO
    by_id = {e.id: e for e in pool}
    ordered = [s for s in starters if s in by_id and s not in last_week]
    ordered += [s for s in starters if s in by_id and s in last_week]
    ordered += [e.id for e in pool if e.id not in starters]
    traces: tuple[str, ...] = ()
    if top_need is not None:
        reason = (
            f"Suggested as gentle support alongside the practice above, because {top_need.reason}."
        )
        traces = (top_need.concept,)
    elif not plan_input.dimension_scores:
        reason = "Suggested because there are no scores yet: a gentle place to start."
    else:
        reason = (
            "Suggested because no score is below 60 of 100 and no warning sign is present: "
            "this keeps what already works going."
        )
    for exercise_id in ordered:
        if len(practices) >= 2:
            break
        if exercise_id not in chosen:
            chosen.add(exercise_id)
            practices.append(_planned(by_id[exercise_id], reason, traces))


def _counselling(
    plan_input: PlanInput, needs: Sequence[Need], warnings: Sequence[EarlyWarning]
) -> CounsellingNote | None:
    """Rule 5, with the reason that triggered it."""
    if warnings:
        reason = (
            "Your check-ins or Pulse show a steady fade beyond your usual ups and downs; "
            "a counsellor can help you both find your way back."
        )
        return CounsellingNote(COUNSELLING_EXERCISE, reason)
    present = set(plan_input.warning_signs) | {
        d
        for d, s in plan_input.dimension_scores.items()
        if d in FADING_SIGNS and s is not None and s >= LOW_SCORE
    }
    if len(present) >= MANY_WARNING_SIGNS:
        signs = ", ".join(label(s) for s in sorted(present))
        return CounsellingNote(
            COUNSELLING_EXERCISE,
            f"Several warning signs are present at once ({signs}); talking them through "
            "with a counsellor is a practical next step.",
        )
    strong = sorted(
        d
        for d, s in plan_input.dimension_scores.items()
        if d in _NEGATIVE and s is not None and s >= STRONG_SCORE
    )
    if strong:
        return CounsellingNote(
            COUNSELLING_EXERCISE,
            f"{label(strong[0]).capitalize()} scored {plan_input.dimension_scores[strong[0]]:.0f}"
            " of 100; when something weighs this much, a counsellor can help.",
        )
    return None
