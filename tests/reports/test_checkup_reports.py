"""Reports on simulated sheets of the shipped Checkup: traceable, bounded, descriptive."""

from __future__ import annotations

import re

from closeknit.instruments import load_instrument
from closeknit.model import load_model
from closeknit.reports import build_joint_report, build_report, render_report
from closeknit.scoring.simulate import simulate_sheets

CHECKUP = load_instrument("checkup")
MODEL = load_model()
SHEETS = simulate_sheets(CHECKUP, 40, seed=12)
FORBIDDEN = re.compile(
    r"divorc|break(s|ing)?[ -]?up|doomed|disorder|diagnos|predict|will (fail|end)|toxic|patholog",
    re.IGNORECASE,
)


def test_every_reason_quotes_an_item_the_person_answered_as_they_answered_it() -> None:
    for sheet in SHEETS:
        report = build_report(sheet, CHECKUP, other_name="Blair", model=MODEL)
        assert len(report.practices) <= 3
        parts = [
            *report.strengths,
            *report.growth_areas,
            *report.warning_signs,
            *report.obstacles,
            *report.practices,
        ]
        for part in parts:
            assert part.evidence
            for e in part.evidence:
                assert sheet.answers[e.item_id] == e.answer
                assert f"“{e.text}”" in part.reason
                assert "Blair" in e.text or "{name}" not in CHECKUP.item(e.item_id).text


def test_no_checkup_report_or_joint_view_uses_forecasting_or_labelling_words() -> None:
    for a, b in zip(SHEETS[0::2], SHEETS[1::2], strict=True):
        single = build_report(a, CHECKUP, other_name="Blair", previous=b, model=MODEL)
        joint = build_joint_report(a, b, CHECKUP, names=("you", "Blair"), model=MODEL)
        for report in (single, joint):
            for fmt in ("text", "md", "json"):
                rendered = render_report(report, fmt)
                match = FORBIDDEN.search(rendered)
                assert match is None, match
