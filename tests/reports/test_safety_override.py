from __future__ import annotations

import datetime

from report_fixtures import INSTRUMENT, answers, sheet

from closeknit.instruments import AnswerSheet, load_instrument
from closeknit.model import load_model
from closeknit.reports import build_joint_report, build_report, render_report

MODEL = load_model()
SAFETY = load_instrument("safety")
# Warning signs strong enough for practices and a counselling suggestion.
TROUBLED = answers({"withdrawal": 5, "loneliness": 5, "guardedness": 4, "trust": 1})


def safety_sheet(**answers: int) -> AnswerSheet:
    base = {it.id: 0 for it in SAFETY.items}
    return AnswerSheet("safety", SAFETY.version, "partner", base | answers)


CLEAR = safety_sheet()
FEARFUL = safety_sheet(sa_fear_01=2)
URGENT = safety_sheet(sa_violence_01=1)


def test_a_clear_screen_changes_nothing() -> None:
    plain = build_report(sheet(TROUBLED), INSTRUMENT, other_name="Blair", model=MODEL)
    screened = build_report(
        sheet(TROUBLED), INSTRUMENT, other_name="Blair", safety=CLEAR, model=MODEL
    )
    assert screened.safety is None
    assert screened.practices == plain.practices
    assert screened.counselling is not None


def test_a_positive_screen_replaces_suggestions_with_help() -> None:
    report = build_report(
        sheet(TROUBLED), INSTRUMENT, other_name="Blair", safety=FEARFUL, model=MODEL
    )
    assert report.practices == ()
    assert report.counselling is None
    assert report.safety is not None
    assert report.safety.resources
    for resource in report.safety.resources:
        datetime.date.fromisoformat(resource.last_verified)
    text = render_report(report, "text")
    assert "Last verified" in text
    assert "Suggested practices" not in text
    assert not report.safety.urgent


def test_an_urgent_screen_puts_emergency_help_first() -> None:
    report = build_report(
        sheet(TROUBLED), INSTRUMENT, other_name="Blair", safety=URGENT, region="GB", model=MODEL
    )
    assert report.safety is not None
    assert report.safety.urgent
    assert report.safety.message.startswith("If you are in danger")
    assert report.safety.resources[0].emergency
    assert report.safety.resources[0].region == "GB"


def test_a_positive_screen_switches_off_every_joint_suggestion() -> None:
    joint = build_joint_report(
        sheet(TROUBLED),
        sheet(TROUBLED),
        INSTRUMENT,
        names=("Alex", "Blair"),
        safety_a=CLEAR,
        safety_b=FEARFUL,
        model=MODEL,
    )
    assert joint.practices == ()
    assert joint.counselling is None
    assert joint.safety is not None
    assert joint.safety.resources
    assert "Suggested practices together" not in render_report(joint, "md")


def test_the_joint_view_never_says_whose_screen_was_positive_or_why() -> None:
    def notice(a: AnswerSheet, b: AnswerSheet) -> object:
        return build_joint_report(
            sheet(TROUBLED),
            sheet(TROUBLED),
            INSTRUMENT,
            names=("Alex", "Blair"),
            safety_a=a,
            safety_b=b,
            model=MODEL,
        ).safety

    assert notice(FEARFUL, CLEAR) == notice(CLEAR, FEARFUL) == notice(CLEAR, URGENT)
    shown = notice(CLEAR, FEARFUL)
    assert shown is not None
    assert "Alex" not in shown.message  # type: ignore[attr-defined]
    assert "Blair" not in shown.message  # type: ignore[attr-defined]
    assert "fear" not in shown.message.lower()  # type: ignore[attr-defined]
