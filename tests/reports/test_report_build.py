from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixtures import INSTRUMENT, answers, sheet

from closeknit.model import load_model
from closeknit.reports import build_joint_report, build_report
from closeknit.reports.build import COUNSELLING_PRACTICE, MAX_PRACTICES
from closeknit.reports.types import Evidence, Finding, JointReport, PracticeSuggestion, Report
from closeknit.scoring.scales import score_sheet
from closeknit.scoring.two_views import compare_views

MODEL = load_model()
ITEM_IDS = [it.id for it in INSTRUMENT.items]
full_sheets = st.fixed_dictionaries({i: st.integers(1, 5) for i in ITEM_IDS})


def report_for(values: dict[str, int], **kwargs: object) -> Report:
    return build_report(sheet(values), INSTRUMENT, other_name="Blair", model=MODEL, **kwargs)  # type: ignore[arg-type]


def everything(report: Report | JointReport) -> list[Finding | PracticeSuggestion]:
    parts: list[Finding | PracticeSuggestion] = [
        *getattr(report, "strengths", ()),
        *getattr(report, "growth_areas", ()),
        *getattr(report, "agreements", ()),
        *getattr(report, "differences", ()),
        *report.warning_signs,
        *report.obstacles,
        *report.practices,
    ]
    if report.counselling is not None:
        parts.append(report.counselling)
    return parts


def assert_traces(
    evidence: Evidence, reason: str, a: dict[str, int], b: dict[str, int] | None = None
) -> None:
    assert evidence.item_id in ITEM_IDS
    assert evidence.answer == a[evidence.item_id]
    if b is not None:
        assert evidence.answer_b == b[evidence.item_id]
    assert f"“{evidence.text}”" in reason
    assert f"{evidence.answer} of 5" in reason


def test_it_names_strengths_growth_areas_warnings_and_obstacles() -> None:
    values = answers({"trust": 2, "empathy": 5, "loneliness": 4, "stress_and_busyness": 4})
    report = report_for(values)
    assert report.strengths[0].dimension == "empathy"
    assert [f.dimension for f in report.growth_areas] == ["trust"]
    assert [f.dimension for f in report.warning_signs] == ["loneliness"]
    assert [f.dimension for f in report.obstacles] == ["stress_and_busyness"]


def test_a_reason_quotes_the_answer_it_rests_on() -> None:
    values = answers({"trust": 4}) | {"trust_2": 1}
    report = report_for(values)
    trust = report.growth_areas[0] if report.growth_areas else None
    assert trust is None  # trust averages 75: not a growth area
    values = answers({"trust": 2}) | {"trust_2": 1}
    growth = report_for(values).growth_areas[0]
    assert growth.dimension == "trust"
    assert "because you rated “I can tell Blair about my worries” 1 of 5 (“never”)" in growth.reason


def test_an_obstacle_names_the_components_it_wears_down() -> None:
    report = report_for(answers({"stress_and_busyness": 5}))
    obstacle = report.obstacles[0]
    eroded = {
        link.target for link in MODEL.links_from("stress_and_busyness") if link.relation == "erodes"
    }
    assert set(obstacle.related) == eroded
    assert "It can wear down" in obstacle.reason


def test_exploratory_dimensions_are_shown_but_never_a_strength() -> None:
    report = report_for(answers({"comfortable_silence": 5}, default_pos=3))
    assert all(f.dimension != "comfortable_silence" for f in report.strengths)
    shown = {d.id: d for d in report.dimensions}
    assert shown["comfortable_silence"].exploratory
    assert shown["comfortable_silence"].score == 100.0


def test_practices_address_the_growth_areas_and_warnings() -> None:
    report = report_for(answers({"vulnerability": 1, "guardedness": 5}))
    assert 1 <= len(report.practices) <= MAX_PRACTICES
    for practice in report.practices:
        assert set(practice.addresses) <= {"vulnerability", "guardedness"}
        addressing = {c.id for c, _ in MODEL.practices_addressing(practice.addresses[0])}
        assert practice.practice in addressing


def test_with_nothing_standing_out_it_still_suggests_practices_for_the_lowest_scores() -> None:
    values = answers(default_pos=4, default_neg=1) | {"empathy_1": 3}
    report = report_for(values)
    assert not report.growth_areas
    assert not report.warning_signs
    assert report.practices
    assert any("lowest score" in p.reason for p in report.practices)


def test_counselling_is_suggested_when_three_warning_signs_show() -> None:
    report = report_for(answers({"loneliness": 4, "withdrawal": 4, "guardedness": 4}))
    assert report.counselling is not None
    assert report.counselling.practice == COUNSELLING_PRACTICE
    assert "3 signs" in report.counselling.reason
    assert all(p.practice != COUNSELLING_PRACTICE for p in report.practices)


def test_counselling_is_suggested_when_one_warning_sign_is_strong() -> None:
    report = report_for(answers({"withdrawal": 5}))
    assert report.counselling is not None
    assert "strongly" in report.counselling.reason


def test_counselling_is_not_suggested_for_one_or_two_mild_signs() -> None:
    values = answers({"withdrawal": 3}) | {"loneliness_1": 4, "loneliness_2": 4, "loneliness_3": 3}
    report = report_for(values)
    assert [round(w.score or 0) for w in report.warning_signs] == [67, 50]
    assert report.counselling is None


def test_a_previous_take_shows_reliable_change() -> None:
    before = answers({"trust": 1})
    after = answers({"trust": 5})
    report = build_report(
        sheet(after), INSTRUMENT, other_name="Blair", previous=sheet(before), model=MODEL
    )
    changes = {c.dimension: c for c in report.changes}
    assert changes["trust"].reliable
    assert changes["trust"].direction == "higher"
    assert "larger than measurement error" in changes["trust"].reason
    assert not changes["empathy"].reliable


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full_sheets)
def test_every_reason_traces_to_real_answers_and_practices_stay_at_three(
    values: dict[str, int],
) -> None:
    report = report_for(values)
    assert len(report.practices) <= MAX_PRACTICES
    assert len({p.practice for p in report.practices}) == len(report.practices)
    for part in everything(report):
        assert part.reason
        for evidence in part.evidence:
            assert_traces(evidence, part.reason, values) if isinstance(part, Finding) else None
            assert evidence.answer == values[evidence.item_id]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full_sheets, full_sheets)
def test_joint_reasons_trace_to_both_people_and_only_real_gaps_are_differences(
    a: dict[str, int], b: dict[str, int]
) -> None:
    joint = build_joint_report(
        sheet(a), sheet(b, "blair", "alex"), INSTRUMENT, names=("you", "Blair"), model=MODEL
    )
    gaps = compare_views(score_sheet(sheet(a), INSTRUMENT), score_sheet(sheet(b), INSTRUMENT))
    assert {f.dimension for f in joint.differences} == {d for d, g in gaps.items() if g.differs}
    assert len(joint.practices) <= MAX_PRACTICES
    for part in everything(joint):
        for evidence in part.evidence:
            assert evidence.answer == a[evidence.item_id]
            if isinstance(part, Finding):
                assert evidence.answer_b == b[evidence.item_id]


def test_the_joint_view_says_what_both_people_rated() -> None:
    a = answers({"loneliness": 4, "trust": 2})
    b = answers({"loneliness": 4, "trust": 2})
    joint = build_joint_report(sheet(a), sheet(b), INSTRUMENT, names=("you", "Blair"), model=MODEL)
    assert joint.practices
    assert any("because you and Blair both rated" in p.reason for p in joint.practices)
    assert any("room to grow for both of you" in f.reason for f in joint.agreements)
    assert not joint.differences


def test_the_joint_view_explains_a_difference_with_both_answers() -> None:
    a = answers({"trust": 1})
    b = answers({"trust": 5})
    joint = build_joint_report(sheet(a), sheet(b), INSTRUMENT, names=("Alex", "Blair"), model=MODEL)
    (difference,) = joint.differences
    assert difference.dimension == "trust"
    assert re.search(
        r"Alex rated “.+” 1 of 5 \(“never”\) and Blair 5 of 5 \(“always”\)", difference.reason
    )
    trust = next(d for d in joint.dimensions if d.id == "trust")
    assert trust.differs
    assert trust.gap == pytest.approx(-100.0)
