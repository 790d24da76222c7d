from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scoring_fixtures import ITEMS, make_instrument, make_sheet

from closeknit.errors import CloseknitError
from closeknit.scoring.reliability import DEFAULT_SD, default_reliability, sem
from closeknit.scoring.scales import enough_answers, score_sheet

INSTRUMENT = make_instrument()
ITEM_IDS = [i for i, _, _ in ITEMS]
answer_sheets = st.dictionaries(st.sampled_from(ITEM_IDS), st.integers(1, 5))


def test_it_scores_all_top_answers_as_100_and_all_bottom_answers_as_0() -> None:
    top = {i: (1 if r else 5) for i, _, r in ITEMS}
    bottom = {i: (5 if r else 1) for i, _, r in ITEMS}
    assert score_sheet(make_sheet(top), INSTRUMENT)["trust"].score == 100.0
    assert score_sheet(make_sheet(bottom), INSTRUMENT)["trust"].score == 0.0


def test_it_rescales_the_mean_keyed_answer_linearly() -> None:
    # keyed trust answers 4, 3, (6-2)=4, 5 -> mean 4 -> (4-1)/4*100 = 75
    scores = score_sheet(make_sheet({"t1": 4, "t2": 3, "t3": 2, "t4": 5}), INSTRUMENT)
    trust = scores["trust"]
    assert trust.score == pytest.approx(75.0)
    assert trust.status == "ok"
    assert [c.keyed for c in trust.items] == [4, 3, 4, 5]


def test_it_reports_not_enough_answers_below_two_thirds() -> None:
    scores = score_sheet(make_sheet({"t1": 4, "t2": 3, "l1": 2}), INSTRUMENT)
    assert scores["trust"].status == "not_enough_answers"  # 2 of 4 < 2/3
    assert scores["trust"].score is None
    assert scores["trust"].sem is None
    assert scores["loneliness"].status == "not_enough_answers"  # 1 of 3
    assert scores["communication"].n_answered == 0


def test_two_of_three_items_are_enough() -> None:
    scores = score_sheet(make_sheet({"l1": 2, "l2": 4}), INSTRUMENT)
    assert scores["loneliness"].status == "ok"
    assert scores["loneliness"].score == pytest.approx(50.0)


def test_the_two_thirds_rule_uses_exact_arithmetic() -> None:
    assert enough_answers(2, 3)
    assert not enough_answers(1, 3)
    assert enough_answers(3, 4)
    assert not enough_answers(2, 4)
    assert not enough_answers(0, 0)


def test_it_refuses_a_sheet_of_another_version() -> None:
    with pytest.raises(CloseknitError, match="version"):
        score_sheet(make_sheet({"t1": 1}), make_instrument("test-2"))


def test_it_refuses_an_answer_outside_the_scale() -> None:
    with pytest.raises(CloseknitError, match="t1"):
        score_sheet(make_sheet({"t1": 9}), INSTRUMENT)


def test_a_full_answer_set_carries_the_default_sem() -> None:
    scores = score_sheet(make_sheet({"t1": 4, "t2": 3, "t3": 2, "t4": 5}), INSTRUMENT)
    assert scores["trust"].sem == pytest.approx(sem(DEFAULT_SD, default_reliability("trust", 4)))
    assert scores["trust"].sem == pytest.approx(20 * (1 - 0.80) ** 0.5)
    assert scores["trust"].reliability_source == "default"


def test_skipping_an_item_widens_the_sem() -> None:
    full = score_sheet(make_sheet({"t1": 4, "t2": 3, "t3": 2, "t4": 5}), INSTRUMENT)["trust"]
    partial = score_sheet(make_sheet({"t1": 4, "t2": 3, "t3": 2}), INSTRUMENT)["trust"]
    assert partial.sem is not None
    assert full.sem is not None
    assert partial.sem > full.sem


def test_a_composite_never_includes_an_exploratory_dimension() -> None:
    answers = {i: 5 for i in ITEM_IDS} | {"t3": 1}
    scores = score_sheet(make_sheet(answers), INSTRUMENT)
    assert scores.composite(["trust", "comfortable_silence"]) == 100.0
    answers["q1"] = answers["q2"] = answers["q3"] = 1
    scores = score_sheet(make_sheet(answers), INSTRUMENT)
    assert scores.composite(["trust", "comfortable_silence"]) == 100.0
    assert scores.composite(["comfortable_silence"]) is None


@given(answer_sheets)
def test_every_score_lies_between_0_and_100(answers: dict[str, int]) -> None:
    for dim in score_sheet(make_sheet(answers), INSTRUMENT).dimensions.values():
        if dim.score is not None:
            assert 0.0 <= dim.score <= 100.0
            assert dim.sem is not None
            assert dim.sem > 0


@given(answer_sheets, st.sampled_from([i for i, _, r in ITEMS if not r]))
def test_raising_a_positively_keyed_answer_never_lowers_its_scores(
    answers: dict[str, int], item_id: str
) -> None:
    before = score_sheet(make_sheet(answers), INSTRUMENT)
    current = answers.get(item_id, 1)
    raised = answers | {item_id: min(current + 1, 5)}
    after = score_sheet(make_sheet(raised), INSTRUMENT)
    for dim in INSTRUMENT.item(item_id).dimensions:
        b, a = before[dim].score, after[dim].score
        if b is not None and a is not None and item_id in answers:
            assert a >= b


@given(answer_sheets, st.sampled_from([i for i, _, r in ITEMS if r]))
def test_raising_a_reverse_keyed_answer_never_raises_its_score(
    answers: dict[str, int], item_id: str
) -> None:
    if item_id not in answers:
        answers = answers | {item_id: 1}
    before = score_sheet(make_sheet(answers), INSTRUMENT)
    raised = answers | {item_id: min(answers[item_id] + 1, 5)}
    after = score_sheet(make_sheet(raised), INSTRUMENT)
    for dim in INSTRUMENT.item(item_id).dimensions:
        b, a = before[dim].score, after[dim].score
        if b is not None and a is not None:
            assert a <= b


@given(st.integers(1, 5))
def test_a_reverse_keyed_answer_scores_as_its_mirror(value: int) -> None:
    plain = {"t1": value, "t2": value, "t4": value, "t3": 6 - value}
    trust = score_sheet(make_sheet(plain), INSTRUMENT)["trust"]
    assert trust.score == pytest.approx(100 * (value - 1) / 4)


@given(answer_sheets)
def test_too_few_answers_never_yield_a_number(answers: dict[str, int]) -> None:
    for dim in score_sheet(make_sheet(answers), INSTRUMENT).dimensions.values():
        if 3 * dim.n_answered < 2 * dim.n_items:
            assert dim.status == "not_enough_answers"
            assert dim.score is None
        else:
            assert dim.status == "ok"
            assert dim.score is not None
