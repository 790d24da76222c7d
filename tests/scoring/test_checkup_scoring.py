"""The scoring rules hold on the shipped Checkup, not only on a toy instrument."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeknit.instruments import AnswerSheet, load_instrument
from closeknit.model.vocabulary import EXPLORATORY, SCORED_DIMENSIONS
from closeknit.scoring.reliability import reliability_table
from closeknit.scoring.scales import score_sheet
from closeknit.scoring.simulate import simulate_sheets

CHECKUP = load_instrument("checkup")


def checkup_answers() -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries(
        {},
        optional={it.id: st.integers(it.scale.minimum, it.scale.maximum) for it in CHECKUP.items},
    )


def as_sheet(answers: dict[str, int]) -> AnswerSheet:
    return AnswerSheet("checkup", CHECKUP.version, "partner", answers)


def test_every_scored_dimension_gets_a_score_from_a_complete_sheet() -> None:
    answers = {it.id: it.scale.maximum for it in CHECKUP.items}
    scores = score_sheet(as_sheet(answers), CHECKUP)
    assert set(scores.dimensions) == set(SCORED_DIMENSIONS)
    assert all(d.status == "ok" for d in scores.dimensions.values())


def test_top_keyed_answers_give_100_everywhere() -> None:
    answers = {it.id: it.scale.minimum if it.reverse else it.scale.maximum for it in CHECKUP.items}
    scores = score_sheet(as_sheet(answers), CHECKUP)
    assert {d.score for d in scores.dimensions.values()} == {100.0}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(checkup_answers())
def test_checkup_scores_stay_in_bounds_and_follow_the_two_thirds_rule(
    answers: dict[str, int],
) -> None:
    for dim in score_sheet(as_sheet(answers), CHECKUP).dimensions.values():
        if 3 * dim.n_answered >= 2 * dim.n_items:
            assert dim.score is not None
            assert 0 <= dim.score <= 100
        else:
            assert dim.score is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(checkup_answers(), st.sampled_from(CHECKUP.items))
def test_moving_an_answer_up_moves_its_dimensions_in_the_keyed_direction(
    answers: dict[str, int], item: object
) -> None:
    it = CHECKUP.item(item.id)  # type: ignore[attr-defined]
    low = answers | {it.id: it.scale.minimum}
    high = answers | {it.id: it.scale.maximum}
    before = score_sheet(as_sheet(low), CHECKUP)
    after = score_sheet(as_sheet(high), CHECKUP)
    for dim in it.dimensions:
        b, a = before[dim].score, after[dim].score
        if a is None or b is None:
            continue
        assert (a < b) if it.reverse else (a > b)


def test_a_composite_of_everything_leaves_out_the_exploratory_dimension() -> None:
    answers = {it.id: it.scale.maximum for it in CHECKUP.items}
    silence = [it.id for it in CHECKUP.items_for("comfortable_silence")]
    answers |= {i: CHECKUP.item(i).scale.minimum for i in silence}
    scores = score_sheet(as_sheet(answers), CHECKUP)
    assert set(scores.dimensions) >= EXPLORATORY
    with_it = scores.composite(scores.dimensions)
    without = scores.composite(d for d in scores.dimensions if d not in EXPLORATORY)
    assert with_it == pytest.approx(without)


def test_simulated_checkup_sheets_reach_the_default_reliabilities_roughly() -> None:
    table = reliability_table(simulate_sheets(CHECKUP, 300, seed=2), CHECKUP)
    alphas = [r.alpha for r in table.values()]
    assert all(a is not None and 0.55 < a < 0.95 for a in alphas)
    omegas = [r.omega for r in table.values()]
    assert all(o is not None and 0.55 < o < 0.95 for o in omegas)
