"""Weekly planner rules (docs/practice.md, planner module docstring)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.model.vocabulary import (
    CAUSES,
    COMPONENTS,
    FADING_SIGNS,
    FORMS,
    RELATIONSHIP_TYPES,
    SCORED_DIMENSIONS,
)
from closeknit.practice.library import load_exercises
from closeknit.practice.planner import (
    PlanError,
    PlanInput,
    WeeklyPlan,
    build_weekly_plan,
    label,
)
from closeknit.trends.checkins import WeekMeans
from closeknit.trends.warning import COUNSELLING_EXERCISE, REBUILDING_EXERCISES

WEEK = date(2026, 11, 23)  # a Monday
GUILT_WORDS = ("streak", "you failed", "missed", "don't break", "keep it up or")


def _week(monday: date, closeness: float, **kw: float) -> WeekMeans:
    values = {
        "mood": 3.0,
        "loneliness": 2.0,
        "stress": 2.0,
        "minutes_together": 60.0,
        "shared_moment_share": 0.8,
    } | kw
    return WeekMeans(week_start=monday, checkins=3, closeness=closeness, **values)  # type: ignore[arg-type]


def _series(values: list[float], **kw: float) -> tuple[WeekMeans, ...]:
    first = WEEK - timedelta(weeks=len(values))
    return tuple(_week(first + timedelta(weeks=i), v, **kw) for i, v in enumerate(values))


def _all_text(plan: WeeklyPlan) -> str:
    parts = [p.reason for p in plan.practices] + list(plan.notes)
    if plan.counselling:
        parts.append(plan.counselling.reason)
    parts += [w.message for w in plan.warnings]
    return " ".join(parts).lower()


LISTENING_LOW = PlanInput(
    dimension_scores={"active_listening": 38.0, "trust": 81.0, "empathy": 55.0},
    obstacles=("stress_and_busyness",),
)


def test_the_plan_holds_two_or_three_practices_with_reasons() -> None:
    plan = build_weekly_plan(LISTENING_LOW, week=WEEK)
    assert 2 <= len(plan.practices) <= 3
    assert all(p.reason.startswith("Suggested because") for p in plan.practices)
    assert len(set(plan.exercise_ids)) == len(plan.exercise_ids)


def test_the_lowest_score_is_targeted_first_and_its_reason_quotes_the_score() -> None:
    plan_input = PlanInput({"active_listening": 38.0, "physical": 45.0, "empathy": 55.0})
    plan = build_weekly_plan(plan_input, week=WEEK)
    first = plan.practices[0]
    assert "active_listening" in first.traces_to
    assert "your score for active listening was 38 of 100" in first.reason
    assert "active_listening" in load_exercises().get(first.exercise_id).addresses


def test_every_reason_traces_to_something_in_the_input() -> None:
    plan = build_weekly_plan(LISTENING_LOW, week=WEEK)
    traced = {c for p in plan.practices for c in p.traces_to}
    assert {"active_listening", "stress_and_busyness"} <= traced
    given_ids = set(LISTENING_LOW.dimension_scores) | set(LISTENING_LOW.obstacles)
    for practice in plan.practices:
        assert practice.traces_to
        assert set(practice.traces_to) <= given_ids
        exercise = load_exercises().get(practice.exercise_id)
        assert set(practice.traces_to) & set(exercise.addresses)
        for concept in practice.traces_to:
            assert label(concept) in practice.reason


def test_high_scores_alone_do_not_become_targets() -> None:
    plan = build_weekly_plan(PlanInput({"trust": 90.0, "empathy": 85.0}), week=WEEK)
    assert len(plan.practices) == 2
    assert all("no score is below 60" in p.reason for p in plan.practices)


def test_no_scores_yet_gives_gentle_starters_that_say_so() -> None:
    plan = build_weekly_plan(PlanInput({}), week=WEEK)
    assert len(plan.practices) == 2
    assert all("no scores yet" in p.reason for p in plan.practices)
    assert plan.counselling is None


def test_warning_signs_and_obstacles_are_targeted_with_their_names() -> None:
    plan = build_weekly_plan(
        PlanInput({}, warning_signs=("misunderstanding",), obstacles=("unresolved_conflict",)),
        week=WEEK,
    )
    traced = {c for p in plan.practices for c in p.traces_to}
    assert {"misunderstanding", "unresolved_conflict"} <= traced
    text = _all_text(plan)
    assert "warning sign misunderstanding" in text
    assert "unresolved conflict as an obstacle" in text


def test_exercises_from_last_week_are_not_repeated_when_others_fit() -> None:
    first = build_weekly_plan(LISTENING_LOW, week=WEEK)
    second = build_weekly_plan(LISTENING_LOW, week=WEEK + timedelta(weeks=1), previous_plan=first)
    assert not set(first.exercise_ids) & set(second.exercise_ids)
    assert "active_listening" in {c for p in second.practices for c in p.traces_to}


@pytest.mark.parametrize("relationship", RELATIONSHIP_TYPES)
def test_with_joint_features_off_only_solo_exercises_that_do_not_reach_out_are_planned(
    relationship: str,
) -> None:
    plan_input = PlanInput(
        {"active_listening": 20.0, "withdrawal": 90.0, "vulnerability": 30.0},
        warning_signs=("withdrawal", "guardedness"),
        obstacles=("unresolved_conflict",),
        joint_features_enabled=False,
        relationship=relationship,  # type: ignore[arg-type]
        recent_checkins=_series([5.5] * 8 + [4.5, 4.0, 3.5, 3.0]),
    )
    plan = build_weekly_plan(plan_input, week=WEEK)
    assert len(plan.practices) >= 2
    for practice in plan.practices:
        exercise = load_exercises().get(practice.exercise_id)
        assert exercise.mode == "solo"
        assert not exercise.reaches_out
    assert any("switched off" in note for note in plan.notes)


scores = st.dictionaries(
    st.sampled_from(SCORED_DIMENSIONS), st.one_of(st.none(), st.floats(0, 100)), max_size=12
)


@settings(max_examples=80, deadline=None)
@given(
    dimension_scores=scores,
    warning_signs=st.lists(st.sampled_from(FADING_SIGNS), unique=True, max_size=4),
    obstacles=st.lists(st.sampled_from(CAUSES), unique=True, max_size=3),
    joint=st.booleans(),
    relationship=st.sampled_from(RELATIONSHIP_TYPES),
    closeness=st.lists(st.floats(1, 7), max_size=14),
    stress=st.floats(1, 5),
)
def test_any_input_gives_two_or_three_safe_traceable_guilt_free_practices(
    dimension_scores: dict[str, float | None],
    warning_signs: list[str],
    obstacles: list[str],
    joint: bool,
    relationship: str,
    closeness: list[float],
    stress: float,
) -> None:
    plan_input = PlanInput(
        dimension_scores,
        warning_signs=tuple(warning_signs),
        obstacles=tuple(obstacles),
        joint_features_enabled=joint,
        relationship=relationship,  # type: ignore[arg-type]
        recent_checkins=_series(closeness, stress=stress),
    )
    plan = build_weekly_plan(plan_input, week=WEEK)
    assert 2 <= len(plan.practices) <= 3
    # Check-in needs trace to what check-ins measure.
    checkin_ids = {"withdrawal", "stress_and_busyness", "loneliness", "sparse_sharing"}
    mentioned = set(dimension_scores) | set(warning_signs) | set(obstacles) | checkin_ids
    for practice in plan.practices:
        exercise = load_exercises().get(practice.exercise_id)
        assert exercise.suits(relationship)  # type: ignore[arg-type]
        assert exercise.id != COUNSELLING_EXERCISE
        assert practice.reason
        assert set(practice.traces_to) <= mentioned
        for concept in set(practice.traces_to) & checkin_ids - set(dimension_scores):
            if concept not in warning_signs and concept not in obstacles:
                assert "check-ins" in practice.reason
        if not joint:
            assert exercise.mode == "solo"
            assert not exercise.reaches_out
    text = _all_text(plan)
    for word in GUILT_WORDS:
        assert word not in text


def test_counselling_is_suggested_when_three_warning_signs_are_present() -> None:
    plan = build_weekly_plan(
        PlanInput({}, warning_signs=("loneliness", "withdrawal", "guardedness")), week=WEEK
    )
    assert plan.counselling is not None
    assert plan.counselling.exercise_id == COUNSELLING_EXERCISE
    assert "loneliness" in plan.counselling.reason
    assert COUNSELLING_EXERCISE not in plan.exercise_ids


def test_counselling_is_suggested_when_a_warning_sign_is_strong() -> None:
    plan = build_weekly_plan(PlanInput({"unresolved_conflict": 82.0}), week=WEEK)
    assert plan.counselling is not None
    assert "82 of 100" in plan.counselling.reason


def test_no_counselling_note_for_one_mild_warning_sign() -> None:
    plan = build_weekly_plan(
        PlanInput({"withdrawal": 50.0}, warning_signs=("withdrawal",)), week=WEEK
    )
    assert plan.counselling is None


def test_fading_closeness_in_check_ins_brings_a_rebuilding_exercise_and_counselling() -> None:
    steady = build_weekly_plan(
        PlanInput(
            {"trust": 70.0, "active_listening": 50.0},
            recent_checkins=_series([5.5, 5.6, 5.4, 5.5, 5.7, 5.5, 5.6, 5.4, 5.5, 5.6, 5.5, 5.4]),
        ),
        week=WEEK,
    )
    fading = build_weekly_plan(
        PlanInput(
            {"trust": 70.0, "active_listening": 50.0},
            recent_checkins=_series([5.5, 5.6, 5.4, 5.5, 5.7, 5.5, 5.6, 5.4, 5.0, 4.4, 3.9, 3.5]),
        ),
        week=WEEK,
    )
    assert not set(steady.exercise_ids) & set(REBUILDING_EXERCISES[:1])
    assert steady.counselling is None
    assert fading.warnings
    assert set(fading.exercise_ids) & set(REBUILDING_EXERCISES)
    assert any("check-ins show closeness" in p.reason for p in fading.practices)
    assert fading.counselling is not None


def test_a_two_week_dip_in_closeness_adapts_the_plan_without_an_alarm() -> None:
    plan = build_weekly_plan(
        PlanInput({"trust": 70.0}, recent_checkins=_series([5.5, 5.5, 4.5, 4.5])), week=WEEK
    )
    assert not plan.warnings
    assert set(plan.exercise_ids) & set(REBUILDING_EXERCISES)
    assert any(re.search(r"went from 5\.5 to 4\.5", p.reason) for p in plan.practices)


def test_high_stress_in_check_ins_targets_stress() -> None:
    plan = build_weekly_plan(
        PlanInput({"trust": 80.0}, recent_checkins=_series([5.0, 5.0], stress=4.5)), week=WEEK
    )
    traced = {c for p in plan.practices for c in p.traces_to}
    assert "stress_and_busyness" in traced


def test_a_falling_pulse_dimension_is_targeted() -> None:
    points = tuple(
        (WEEK - timedelta(weeks=n), score)
        for n, score in zip(
            range(12, 0, -1), [70, 72, 69, 71, 70, 73, 70, 71, 60, 52, 45, 38], strict=True
        )
    )
    plan = build_weekly_plan(
        PlanInput({"trust": 80.0}, pulse_history={"communication": points}), week=WEEK
    )
    assert plan.warnings
    assert plan.warnings[0].decline.measure == "communication"
    assert "communication" in plan.practices[0].traces_to
    assert plan.counselling is not None


def test_old_check_ins_are_not_used_to_adapt_this_weeks_plan() -> None:
    stale = tuple(_week(WEEK - timedelta(weeks=20 - i), 5.0, stress=5.0) for i in range(4))
    plan = build_weekly_plan(PlanInput({"trust": 80.0}, recent_checkins=stale), week=WEEK)
    assert all("check-ins" not in p.reason for p in plan.practices)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dimension_scores": {"charisma": 50.0}}, "unknown dimension 'charisma'"),
        ({"dimension_scores": {"trust": 120.0}}, "from 0 to 100"),
        ({"dimension_scores": {}, "warning_signs": ("trust",)}, "unknown warning sign"),
        ({"dimension_scores": {}, "obstacles": ("loneliness",)}, "unknown obstacle"),
        ({"dimension_scores": {}, "relationship": "colleague"}, "unknown relationship"),
    ],
)
def test_bad_plan_input_is_rejected_with_a_clear_message(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(PlanError, match=message):
        PlanInput(**kwargs)  # type: ignore[arg-type]


def test_the_plan_week_is_the_monday_of_the_given_day() -> None:
    plan = build_weekly_plan(LISTENING_LOW, week=WEEK + timedelta(days=3))
    assert plan.week == WEEK


def test_the_same_input_and_week_give_the_same_plan() -> None:
    a = build_weekly_plan(LISTENING_LOW, week=WEEK)
    b = build_weekly_plan(LISTENING_LOW, week=WEEK)
    assert a == b


def test_forms_and_components_each_have_an_exercise_that_targets_them() -> None:
    addressed = {c for e in load_exercises() for c in e.addresses}
    assert set(COMPONENTS) | set(FORMS) <= addressed
    assert set(FADING_SIGNS) | set(CAUSES) <= addressed
