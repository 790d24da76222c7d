from __future__ import annotations

import math

import pytest
from scoring_fixtures import make_instrument, make_sheet

from closeknit.scoring.change import compare_takes, reliable_change_index
from closeknit.scoring.scales import score_sheet

INSTRUMENT = make_instrument()


def test_the_rci_matches_jacobson_and_truax() -> None:
    # SEM 5 on both takes: S_diff = sqrt(2 * 25) = 7.071; a 15-point rise gives RCI 2.12
    assert reliable_change_index(50, 65, 5, 5) == pytest.approx(15 / math.sqrt(50))
    assert reliable_change_index(50, 65, 5, 5) == pytest.approx(2.1213, abs=1e-4)
    assert reliable_change_index(70, 60, 5, 5) == pytest.approx(-1.4142, abs=1e-4)


def test_a_large_change_is_reliable_and_a_small_one_is_not() -> None:
    low = {"t1": 1, "t2": 1, "t3": 5, "t4": 1, "l1": 3, "l2": 3, "l3": 3}
    high = {"t1": 5, "t2": 5, "t3": 1, "t4": 5, "l1": 3, "l2": 4, "l3": 3}
    changes = compare_takes(
        score_sheet(make_sheet(low), INSTRUMENT), score_sheet(make_sheet(high), INSTRUMENT)
    )
    trust = changes["trust"]
    assert trust.delta == pytest.approx(100.0)
    assert trust.reliable
    assert trust.direction == "higher"
    # sem default 20*sqrt(0.3)=10.95 on both: S_diff 15.49, 8.3 points is not reliable
    lonely = changes["loneliness"]
    assert lonely.delta == pytest.approx(100 / 12)
    assert lonely.s_diff == pytest.approx(math.sqrt(2) * 20 * math.sqrt(0.3))
    assert not lonely.reliable
    assert lonely.direction == "unchanged"


def test_a_dimension_without_a_score_has_unknown_change() -> None:
    changes = compare_takes(
        score_sheet(make_sheet({"t1": 1}), INSTRUMENT),
        score_sheet(make_sheet({"t1": 5, "t2": 5, "t4": 5}), INSTRUMENT),
    )
    assert changes["trust"].direction == "unknown"
    assert changes["trust"].rci is None
    assert not changes["trust"].reliable
