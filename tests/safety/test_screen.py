"""The safety screen's rule: conservative, private, and documented in safety.toml."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeknit.errors import SheetError
from closeknit.instruments import load_instrument, parse_sheet
from closeknit.safety import screen
from closeknit.safety.screen import ScreenResult

SAFETY = load_instrument("safety")


def result(answers: dict[str, int]) -> ScreenResult:
    return screen(
        parse_sheet(
            {
                "instrument": "safety",
                "version": SAFETY.version,
                "relationship": "partner",
                "answers": answers,
            }
        )
    )


def all_never() -> dict[str, int]:
    return {item.id: item.scale.minimum for item in SAFETY.items}


def test_all_never_is_negative() -> None:
    found = result(all_never())
    assert found == ScreenResult(
        positive=False, concerns=(), urgent=False, answered=len(SAFETY.items)
    )


def test_a_blank_screen_is_negative_and_counts_no_answers() -> None:
    found = result({})
    assert not found.positive
    assert found.answered == 0


@pytest.mark.parametrize("item_id", ["sa_fear_01", "sa_fear_02"])
def test_any_fear_at_all_is_positive_but_not_urgent(item_id: str) -> None:
    found = result({**all_never(), item_id: 1})
    assert found.positive
    assert found.concerns == ("fear",)
    assert not found.urgent


@pytest.mark.parametrize("item_id", ["sa_violence_01", "sa_violence_02", "sa_violence_03"])
def test_any_violence_or_threat_is_positive_and_urgent(item_id: str) -> None:
    found = result({**all_never(), item_id: 1})
    assert found.positive
    assert found.concerns == ("violence",)
    assert found.urgent


@pytest.mark.parametrize("item_id", ["sa_self_harm_01", "sa_self_harm_02"])
def test_any_thought_of_self_harm_is_positive_and_urgent(item_id: str) -> None:
    found = result({item_id: 1})
    assert found.positive
    assert found.concerns == ("self_harm",)
    assert found.urgent


def test_a_single_isolated_instance_of_control_is_not_positive() -> None:
    assert not result({**all_never(), "sa_control_02": 1}).positive


def test_repeated_control_is_positive() -> None:
    found = result({**all_never(), "sa_control_02": 2})
    assert found.concerns == ("control",)
    assert found.positive
    assert not found.urgent


def test_control_on_two_fronts_is_positive() -> None:
    found = result({**all_never(), "sa_control_01": 1, "sa_control_03": 1})
    assert found.concerns == ("control",)


def test_concerns_come_in_a_fixed_order() -> None:
    found = result({"sa_self_harm_01": 3, "sa_fear_01": 2, "sa_violence_01": 1})
    assert found.concerns == ("fear", "violence", "self_harm")


def test_it_refuses_a_sheet_of_another_instrument() -> None:
    checkup = parse_sheet(
        {"instrument": "checkup", "version": "2026.1", "relationship": "partner", "answers": {}}
    )
    with pytest.raises(SheetError, match="needs a sheet of the 'safety' instrument"):
        screen(checkup)


@given(
    st.dictionaries(
        st.sampled_from([it.id for it in SAFETY.items if not it.id.startswith("sa_control")]),
        st.integers(min_value=0, max_value=3),
    )
)
def test_without_control_items_positive_means_some_answer_above_never(
    answers: dict[str, int],
) -> None:
    found = result(answers)
    assert found.positive == any(v > 0 for v in answers.values())
    assert found.urgent == any(v > 0 and not k.startswith("sa_fear") for k, v in answers.items())


@given(st.dictionaries(st.sampled_from([it.id for it in SAFETY.items]), st.integers(0, 3)))
def test_raising_any_answer_never_turns_a_positive_screen_negative(answers: dict[str, int]) -> None:
    before = result(answers)
    for item_id, value in answers.items():
        if value < 3:
            after = result({**answers, item_id: value + 1})
            assert set(before.concerns) <= set(after.concerns)
