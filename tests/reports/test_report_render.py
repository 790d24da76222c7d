from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixtures import INSTRUMENT, answers, sheet

from closeknit.errors import CloseknitError
from closeknit.model import load_model
from closeknit.reports import build_joint_report, build_report, render_report

MODEL = load_model()
ITEM_IDS = [it.id for it in INSTRUMENT.items]
full_sheets = st.fixed_dictionaries({i: st.integers(1, 5) for i in ITEM_IDS})
# Words that would forecast the relationship or label a person.
FORBIDDEN = re.compile(
    r"divorc|break(s|ing)?[ -]?up|doomed|disorder|diagnos|predict|will (fail|end)|toxic|patholog",
    re.IGNORECASE,
)


def test_json_carries_scores_and_errors_per_dimension() -> None:
    report = build_report(sheet(answers({"trust": 2})), INSTRUMENT, other_name="Blair", model=MODEL)
    data = json.loads(render_report(report, "json"))
    assert data["kind"] == "report"
    assert data["dimensions"]["trust"]["score"] == 25.0
    assert data["dimensions"]["trust"]["sem"] == pytest.approx(20 * 0.3**0.5, abs=0.01)
    assert data["dimensions"]["trust"]["status"] == "ok"
    assert data["growth_areas"][0]["dimension"] == "trust"
    assert len(data["practices"]) <= 3


def test_json_of_two_views_carries_both_scores_the_gap_and_the_flag() -> None:
    joint = build_joint_report(
        sheet(answers({"trust": 1})),
        sheet(answers({"trust": 5})),
        INSTRUMENT,
        names=("Alex", "Blair"),
        model=MODEL,
    )
    data = json.loads(render_report(joint, "json"))
    trust = data["dimensions"]["trust"]
    assert (trust["a"], trust["b"], trust["gap"], trust["differs"]) == (0.0, 100.0, -100.0, True)
    assert data["dimensions"]["empathy"]["differs"] is False


def test_text_and_markdown_show_scores_and_reasons() -> None:
    report = build_report(sheet(answers({"trust": 2})), INSTRUMENT, other_name="Blair", model=MODEL)
    text = render_report(report, "text")
    md = render_report(report, "md")
    assert "Trust" in text
    assert "25 ± 11" in text
    assert "| Trust | component | 25 ± 11 |" in md
    assert "## Growth areas" in md
    assert "I can tell Blair about my worries" in text


def test_not_enough_answers_is_shown_instead_of_a_number() -> None:
    values = answers()
    del values["trust_1"], values["trust_2"]
    text = render_report(
        build_report(sheet(values), INSTRUMENT, other_name="B", model=MODEL), "text"
    )
    assert re.search(r"Trust\s+not enough answers", text)


def test_an_unknown_format_is_refused() -> None:
    report = build_report(sheet(answers()), INSTRUMENT, other_name="Blair", model=MODEL)
    with pytest.raises(CloseknitError, match="text, json, md"):
        render_report(report, "pdf")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full_sheets, full_sheets)
def test_no_report_text_forecasts_the_relationship_or_labels_a_person(
    a: dict[str, int], b: dict[str, int]
) -> None:
    single = build_report(sheet(a), INSTRUMENT, other_name="Blair", previous=sheet(b), model=MODEL)
    joint = build_joint_report(sheet(a), sheet(b), INSTRUMENT, names=("you", "Blair"), model=MODEL)
    for report in (single, joint):
        for fmt in ("text", "md", "json"):
            rendered = render_report(report, fmt)
            assert not FORBIDDEN.search(rendered), FORBIDDEN.search(rendered)


def test_json_carries_the_item_trace_behind_each_score() -> None:
    values = answers({"trust": 2}) | {"trust_3": 5}
    report = build_report(sheet(values), INSTRUMENT, other_name="Blair", model=MODEL)
    trust = json.loads(render_report(report, "json"))["dimensions"]["trust"]
    points = [item["points"] for item in trust["items"]]
    assert [item["item_id"] for item in trust["items"]] == ["trust_1", "trust_2", "trust_3"]
    assert [item["answer"] for item in trust["items"]] == [2, 2, 5]
    assert trust["score"] == pytest.approx(sum(points) / len(points), abs=0.01)
