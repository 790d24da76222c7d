from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scoring_fixtures import ITEMS, make_instrument, make_sheet

from closeknit.scoring.scales import score_sheet
from closeknit.scoring.two_views import GAP_Z, compare_views

INSTRUMENT = make_instrument()
ITEM_IDS = [i for i, _, _ in ITEMS]
sheets = st.dictionaries(st.sampled_from(ITEM_IDS), st.integers(1, 5))


def test_a_gap_beyond_measurement_error_is_flagged() -> None:
    a = score_sheet(make_sheet({"t1": 5, "t2": 5, "t3": 1, "t4": 5}), INSTRUMENT)
    b = score_sheet(make_sheet({"t1": 1, "t2": 2, "t3": 5, "t4": 1}), INSTRUMENT)
    gap = compare_views(a, b)["trust"]
    assert gap.gap == pytest.approx(100 - 100 / 16)
    assert gap.se_gap == pytest.approx(math.sqrt(2) * 20 * math.sqrt(0.2))
    assert gap.differs
    assert "larger than" in gap.reason


def test_a_gap_within_measurement_error_is_not_flagged() -> None:
    a = score_sheet(make_sheet({"t1": 4, "t2": 4, "t3": 2, "t4": 4}), INSTRUMENT)
    b = score_sheet(make_sheet({"t1": 3, "t2": 4, "t3": 2, "t4": 3}), INSTRUMENT)
    gap = compare_views(a, b)["trust"]
    assert gap.gap == pytest.approx(12.5)
    assert not gap.differs
    assert "within" in gap.reason


def test_a_missing_score_is_never_flagged_and_says_why() -> None:
    a = score_sheet(make_sheet({"t1": 5}), INSTRUMENT)
    b = score_sheet(make_sheet({"t1": 1, "t2": 1, "t4": 1}), INSTRUMENT)
    gap = compare_views(a, b)["trust"]
    assert gap.gap is None
    assert not gap.differs
    assert "too few" in gap.reason
    assert "first person" in gap.reason


@given(sheets, sheets)
def test_only_gaps_beyond_196_standard_errors_are_flagged(
    a_answers: dict[str, int], b_answers: dict[str, int]
) -> None:
    a = score_sheet(make_sheet(a_answers), INSTRUMENT)
    b = score_sheet(make_sheet(b_answers), INSTRUMENT)
    for gap in compare_views(a, b).values():
        if gap.gap is None:
            assert not gap.differs
        else:
            assert gap.se_gap is not None
            assert gap.differs == (abs(gap.gap) > GAP_Z * gap.se_gap)
            assert gap.gap == pytest.approx(gap.a - gap.b)  # type: ignore[operator]
