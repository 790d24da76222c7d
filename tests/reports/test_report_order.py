"""Reports list dimensions in the model's order, whatever order the items come in."""

from __future__ import annotations

from closeknit.instruments import load_instrument
from closeknit.model.vocabulary import SCORED_DIMENSIONS
from closeknit.reports import build_joint_report, build_report
from closeknit.scoring.simulate import simulate_sheets


def _rank(ids: list[str]) -> list[int]:
    return [SCORED_DIMENSIONS.index(i) for i in ids]


def test_a_single_report_lists_components_first_and_obstacles_last() -> None:
    instrument = load_instrument("checkup")
    sheet = simulate_sheets(instrument, 1, seed=4)[0]
    ids = [d.id for d in build_report(sheet, instrument, other_name="Blair").dimensions]
    assert ids[0] == "trust"
    assert _rank(ids) == sorted(_rank(ids))


def test_the_joint_view_lists_dimensions_in_the_same_order() -> None:
    instrument = load_instrument("checkup")
    a, b = simulate_sheets(instrument, 2, seed=4)
    joint = build_joint_report(a, b, instrument, names=("Alex", "Blair"))
    ids = [d.id for d in joint.dimensions]
    assert _rank(ids) == sorted(_rank(ids))
