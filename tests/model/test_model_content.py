"""The shipped intimacy model is complete and consistent."""

from __future__ import annotations

import pytest

from closeknit.model import load_model
from closeknit.model.vocabulary import EXPLORATORY, KIND_OF, SCORED_DIMENSIONS

MODEL = load_model()


def test_every_vocabulary_id_has_a_concept_of_the_right_kind() -> None:
    assert set(MODEL.concepts) == set(KIND_OF)
    for cid, kind in KIND_OF.items():
        assert MODEL.get(cid).kind == kind


def test_concepts_keep_vocabulary_order() -> None:
    assert list(MODEL.concepts) == list(KIND_OF)


@pytest.mark.parametrize("concept_id", list(KIND_OF))
def test_each_concept_has_all_its_texts(concept_id: str) -> None:
    concept = MODEL.get(concept_id)
    for text in (
        concept.name,
        concept.summary,
        concept.definition,
        concept.why_it_matters,
        concept.in_daily_life,
    ):
        assert text.strip()
    assert concept.what_helps
    assert concept.evidence in {"high", "medium", "low"}
    # A summary is one sentence: it ends once, with a full stop.
    assert concept.summary.endswith(".")
    assert concept.summary.count(". ") == 0


def test_no_two_concepts_share_a_summary_or_name() -> None:
    summaries = [c.summary for c in MODEL.concepts.values()]
    names = [c.name for c in MODEL.concepts.values()]
    assert len(set(summaries)) == len(summaries)
    assert len(set(names)) == len(names)


def test_every_link_joins_known_concepts() -> None:
    for link in MODEL.links:
        assert link.source in MODEL.concepts
        assert link.target in MODEL.concepts
        assert link.note


@pytest.mark.parametrize("dimension", SCORED_DIMENSIONS)
def test_every_scored_dimension_has_a_practice_that_addresses_it(dimension: str) -> None:
    practices = MODEL.practices_addressing(dimension)
    assert practices
    assert all(concept.kind == "practice" for concept, _ in practices)


@pytest.mark.parametrize("sign", [c for c, k in KIND_OF.items() if k.endswith("_sign")])
def test_every_sign_reflects_a_component_or_form(sign: str) -> None:
    targets = [MODEL.get(link.target).kind for link in MODEL.links_from(sign)]
    assert targets
    assert set(targets) <= {"component", "form"}


@pytest.mark.parametrize("cause", [c for c, k in KIND_OF.items() if k == "cause"])
def test_every_cause_erodes_a_component(cause: str) -> None:
    links = MODEL.links_from(cause)
    assert any(
        link.relation == "erodes" and MODEL.get(link.target).kind == "component" for link in links
    )


def test_comfortable_silence_is_exploratory_with_low_evidence() -> None:
    for cid in EXPLORATORY:
        concept = MODEL.get(cid)
        assert concept.exploratory
        assert concept.evidence == "low"
        assert all(link.strength == "low" for link in MODEL.links_from(cid))
    assert [c.id for c in MODEL.concepts.values() if c.exploratory] == sorted(EXPLORATORY)


def test_the_strongest_practice_comes_first() -> None:
    practices = MODEL.practices_addressing("vulnerability")
    ranks = [link.rank for _, link in practices]
    assert ranks == sorted(ranks)
    assert practices[0][1].strength == "high"


def test_experiential_cites_self_expansion_research() -> None:
    notes = " ".join(link.note for _, link in MODEL.practices_addressing("experiential"))
    assert "self-expansion" in notes.lower()


def test_an_unknown_concept_raises_a_key_error_suggesting_close_matches() -> None:
    with pytest.raises(KeyError) as caught:
        MODEL.get("trusst")
    assert "trust" in str(caught.value)
    assert "'" + "unknown" not in str(caught.value)  # readable, not KeyError's quoting


def test_of_kind_returns_the_components_in_order() -> None:
    assert [c.id for c in MODEL.of_kind("component")] == [
        "trust",
        "communication",
        "vulnerability",
        "empathy",
    ]


def test_load_model_is_cached() -> None:
    assert load_model() is MODEL
