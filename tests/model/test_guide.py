"""The plain reading of the model shared by ``closeknit learn`` and the Learn pages."""

from __future__ import annotations

from closeknit.model import load_model
from closeknit.model.guide import INCOMING, KIND_TITLES, OUTGOING, connections


def test_every_kind_of_concept_has_a_heading():
    model = load_model()
    assert {c.kind for c in model.concepts.values()} == set(KIND_TITLES)


def test_each_link_is_read_once_from_each_of_its_ends():
    model = load_model()
    seen = []
    for concept in model.concepts.values():
        for heading, found in connections(model, concept):
            for connection in found:
                link = connection.link
                if link.source == concept.id:
                    assert heading == OUTGOING[link.relation]
                    assert connection.other.id == link.target
                else:
                    assert heading == INCOMING[link.relation]
                    assert connection.other.id == link.source
                seen.append(link)
    assert len(seen) == 2 * len(model.links)
    assert set(seen) == set(model.links)


def test_connections_list_the_strongest_evidence_first():
    model = load_model()
    for concept in model.concepts.values():
        for _, found in connections(model, concept):
            ranks = [c.link.rank for c in found]
            assert ranks == sorted(ranks)


def test_a_concept_without_links_has_no_connections():
    model = load_model()
    benefit = next(c for c in model.concepts.values() if c.kind == "benefit")
    assert connections(model, benefit) == ()


def test_every_kind_has_an_intro_and_every_evidence_level_a_meaning():
    from closeknit.model.concepts import EVIDENCE_LEVELS
    from closeknit.model.guide import EVIDENCE_MEANINGS, KIND_INTROS

    assert set(KIND_INTROS) == set(KIND_TITLES)
    assert set(EVIDENCE_MEANINGS) == set(EVIDENCE_LEVELS)
