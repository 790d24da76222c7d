"""Answer sheets are checked against their instrument, with messages that say how to fix them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeknit.errors import SheetError
from closeknit.instruments import dump_sheet, load_instrument, load_sheet, parse_sheet

CHECKUP = load_instrument("checkup")


def sheet(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "instrument": "checkup",
        "version": CHECKUP.version,
        "relationship": "partner",
        "answers": {"ch_trust_02": 4},
    }
    data.update(changes)
    return data


def test_a_valid_sheet_parses() -> None:
    parsed = parse_sheet(sheet(respondent="Alex", other="Blair"))
    assert parsed.answers == {"ch_trust_02": 4}
    assert (parsed.respondent, parsed.other) == ("Alex", "Blair")


def test_it_rejects_an_out_of_range_answer_naming_the_item_and_range() -> None:
    with pytest.raises(SheetError) as caught:
        parse_sheet(sheet(answers={"ch_trust_02": 9}))
    assert str(caught.value) == (
        'item ch_trust_02: 9 is outside 1–5 (1 = "Not at all true", 5 = "Completely true")'
    )


def test_it_rejects_a_non_integer_answer_without_echoing_it() -> None:
    with pytest.raises(
        SheetError, match=r"item ch_trust_02: answers must be whole numbers"
    ) as caught:
        parse_sheet(sheet(answers={"ch_trust_02": "my secret"}))
    assert "my secret" not in str(caught.value)
    assert "1–5" in str(caught.value)


@pytest.mark.parametrize("value", [True, 3.5, [3]])
def test_it_rejects_booleans_fractions_and_lists(value: object) -> None:
    with pytest.raises(SheetError, match="whole numbers"):
        parse_sheet(sheet(answers={"ch_trust_02": value}))


def test_it_rejects_an_unknown_item_suggesting_the_closest() -> None:
    with pytest.raises(
        SheetError,
        match=r"item ch_trust_2: not in checkup version 2026\.1 \(did you mean ch_trust_02\?\)",
    ):
        parse_sheet(sheet(answers={"ch_trust_2": 3}))


def test_it_rejects_an_item_of_another_instrument() -> None:
    with pytest.raises(SheetError, match=r"item pu_trust_01: not in checkup"):
        parse_sheet(sheet(answers={"pu_trust_01": 3}))


def test_it_rejects_an_unknown_instrument() -> None:
    with pytest.raises(SheetError, match=r"unknown instrument 'quiz'"):
        parse_sheet(sheet(instrument="quiz"))


def test_it_rejects_an_unknown_version() -> None:
    with pytest.raises(SheetError, match=r"checkup has no version '0\.1'"):
        parse_sheet(sheet(version="0.1"))


def test_it_asks_for_a_missing_version() -> None:
    data = sheet()
    del data["version"]
    with pytest.raises(SheetError, match=r'add "version"'):
        parse_sheet(data)


def test_it_rejects_an_unknown_relationship_type() -> None:
    with pytest.raises(
        SheetError, match=r"relationship 'colleague' is not one of partner, friend, family"
    ):
        parse_sheet(sheet(relationship="colleague"))


def test_it_rejects_answers_that_are_not_an_object() -> None:
    with pytest.raises(SheetError, match=r'"answers" must be an object'):
        parse_sheet(sheet(answers=[4, 5]))


def test_missing_and_null_answers_are_allowed() -> None:
    parsed = parse_sheet(sheet(answers={"ch_trust_02": None, "ch_support_01": 2}))
    assert parsed.answers == {"ch_support_01": 2}
    assert parse_sheet(sheet(answers={})).answers == {}


def test_load_sheet_names_the_file_on_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SheetError, match=r"a\.json: not valid JSON \(line 1"):
        load_sheet(path)


def test_load_sheet_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SheetError, match=r"nope\.json: no such file"):
        load_sheet(tmp_path / "nope.json")


def test_load_sheet_prefixes_validation_errors_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps(sheet(answers={"ch_trust_02": 0})), encoding="utf-8")
    with pytest.raises(SheetError, match=r"b\.json: item ch_trust_02: 0 is outside 1–5"):
        load_sheet(path)


answers_strategy = st.dictionaries(
    st.sampled_from([it.id for it in CHECKUP.items]), st.integers(min_value=1, max_value=5)
)


@given(
    answers=answers_strategy,
    relationship=st.sampled_from(["partner", "friend", "family"]),
    other=st.text(max_size=10),
)
def test_dump_sheet_is_the_inverse_of_parse_sheet(
    answers: dict[str, int], relationship: str, other: str
) -> None:
    parsed = parse_sheet(sheet(answers=answers, relationship=relationship, other=other))
    again = parse_sheet(json.loads(json.dumps(dump_sheet(parsed))))
    assert again == parsed
    assert dict(again.answers) == answers


@given(item=st.sampled_from(CHECKUP.items), value=st.integers())
def test_any_integer_outside_the_scale_is_rejected(item: object, value: int) -> None:
    scale = item.scale  # type: ignore[attr-defined]
    data = sheet(answers={item.id: value})  # type: ignore[attr-defined]
    if scale.minimum <= value <= scale.maximum:
        assert parse_sheet(data).answers[item.id] == value  # type: ignore[attr-defined]
    else:
        with pytest.raises(SheetError, match=f"item {item.id}: {value} is outside"):  # type: ignore[attr-defined]
            parse_sheet(data)


def test_an_unknown_item_with_no_near_match_says_how_to_list_the_ids() -> None:
    with pytest.raises(SheetError, match=r"`closeknit items checkup` lists the item ids"):
        parse_sheet(
            {
                "instrument": "checkup",
                "version": "2026.1",
                "relationship": "partner",
                "answers": {"zzzz": 3},
            }
        )
