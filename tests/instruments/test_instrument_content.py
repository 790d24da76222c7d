"""The shipped Checkup, Pulse and safety screen follow the content rules."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from closeknit.instruments import SAFETY_CONCERNS, load_instrument
from closeknit.model.vocabulary import (
    CAUSES,
    COMPONENTS,
    EXPLORATORY,
    FADING_SIGNS,
    RELATIONSHIP_TYPES,
    SCORED_DIMENSIONS,
)

CHECKUP = load_instrument("checkup")
PULSE = load_instrument("pulse")
SAFETY = load_instrument("safety")
ALL = (CHECKUP, PULSE, SAFETY)


def test_the_checkup_has_40_to_60_items_in_6_to_8_sections() -> None:
    assert 40 <= len(CHECKUP.items) <= 60
    assert 6 <= len(CHECKUP.sections) <= 8
    for section in CHECKUP.sections:
        assert section.title
        assert section.intro
        assert section.item_ids


def test_the_pulse_has_6_to_10_items() -> None:
    assert 6 <= len(PULSE.items) <= 10


@pytest.mark.parametrize("dimension", SCORED_DIMENSIONS)
def test_every_scored_dimension_has_at_least_three_checkup_items(dimension: str) -> None:
    assert len(CHECKUP.items_for(dimension)) >= 3


def test_the_checkup_measures_only_scored_dimensions() -> None:
    assert set(CHECKUP.dimensions) == set(SCORED_DIMENSIONS)


def test_the_pulse_covers_the_four_components_loneliness_and_felt_closeness() -> None:
    assert set(COMPONENTS) | {"loneliness", "emotional"} <= set(PULSE.dimensions)


def test_the_safety_screen_asks_about_every_concern() -> None:
    assert set(SAFETY.dimensions) == set(SAFETY_CONCERNS)
    assert all(len(item.dimensions) == 1 for item in SAFETY.items)


@pytest.mark.parametrize("instrument", ALL, ids=lambda i: i.id)
def test_item_ids_and_texts_are_unique(instrument: object) -> None:
    ids = [it.id for it in instrument.items]  # type: ignore[attr-defined]
    texts = [it.text.lower() for it in instrument.items]  # type: ignore[attr-defined]
    assert len(set(ids)) == len(ids)
    assert len(set(texts)) == len(texts)


def test_item_ids_are_unique_across_instruments() -> None:
    ids = Counter(it.id for instrument in ALL for it in instrument.items)
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("relationship", RELATIONSHIP_TYPES)
def test_every_item_reads_cleanly_with_a_name_filled_in(relationship: str) -> None:
    for instrument in ALL:
        for item in instrument.items:
            text = item.wording(relationship, "Kim")  # type: ignore[arg-type]
            assert "{" not in text
            assert "}" not in text
            assert text.endswith((".", "?"))


def test_most_items_name_the_other_person() -> None:
    # The rest speak of "we" or "our" and so still point at the other person.
    named = [it for it in CHECKUP.items if "{name}" in it.text]
    assert len(named) >= 0.75 * len(CHECKUP.items)


def test_reverse_items_are_few_and_never_a_bare_negation() -> None:
    reverse = [it for it in CHECKUP.items if it.reverse]
    assert 1 <= len(reverse) <= 0.1 * len(CHECKUP.items)
    for item in reverse:
        for text in (item.text, *item.variants.values()):
            assert " not " not in f" {text.lower()} "
            assert not re.search(r"n't\b|\bnever\b", text.lower())


def test_fading_signs_and_causes_are_never_reverse_keyed() -> None:
    # They are phrased in their own direction: agreeing means more of the problem.
    fading = set(FADING_SIGNS) | set(CAUSES)
    assert not [it.id for it in CHECKUP.items if it.reverse and fading & set(it.dimensions)]


def test_an_item_never_mixes_closeness_and_fading_dimensions() -> None:
    fading = set(FADING_SIGNS) | set(CAUSES)
    for item in CHECKUP.items + PULSE.items:
        sides = {d in fading for d in item.dimensions}
        assert len(sides) == 1, item.id


def test_physical_affection_items_have_friend_and_family_variants() -> None:
    for item in CHECKUP.items_for("physical"):
        assert set(item.variants) == {"friend", "family"}
        for relationship in RELATIONSHIP_TYPES:
            assert "{name}" not in item.wording(relationship, "Kim")


def test_comfortable_silence_has_its_own_items() -> None:
    for dimension in EXPLORATORY:
        items = CHECKUP.items_for(dimension)
        assert len(items) >= 3
        assert all(it.dimensions == (dimension,) for it in items)


def test_scales_have_a_label_for_every_point() -> None:
    for instrument in ALL:
        for item in instrument.items:
            assert len(item.scale.labels) == len(item.scale.points)


def test_every_checkup_item_belongs_to_exactly_one_section() -> None:
    listed = [iid for section in CHECKUP.sections for iid in section.item_ids]
    assert sorted(listed) == sorted(it.id for it in CHECKUP.items)


def test_the_instruments_are_versioned() -> None:
    for instrument in ALL:
        assert re.fullmatch(r"\d{4}\.\d+", instrument.version)
