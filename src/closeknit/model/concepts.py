"""Typed, immutable views of the intimacy model: concepts and the links between them.

The objects are built by :mod:`closeknit.model.loader` from the TOML files in ``content/``;
nothing else should construct a :class:`Model` except tests.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from closeknit.errors import CloseknitError
from closeknit.model.vocabulary import ConceptKind

Evidence = Literal["high", "medium", "low"]
Relation = Literal["reflects", "erodes", "addresses"]

EVIDENCE_LEVELS: tuple[Evidence, ...] = ("high", "medium", "low")
RELATIONS: tuple[Relation, ...] = ("reflects", "erodes", "addresses")

# Strongest first: used to order links so that reports recommend the best-supported practice.
_STRENGTH_RANK: dict[str, int] = {level: rank for rank, level in enumerate(EVIDENCE_LEVELS)}


@dataclass(frozen=True, slots=True)
class Concept:
    """One idea of the model (a component, form, sign, cause, practice or benefit).

    ``summary`` is one sentence for lists and tooltips; ``definition``, ``why_it_matters``
    and ``in_daily_life`` are short paragraphs for the Learn pages; ``what_helps`` lists
    concrete steps. ``evidence`` rates the research behind the concept itself and
    ``research`` (possibly empty) names what its measurement resembles. ``exploratory``
    concepts are shown but never enter a composite score.
    """

    id: str
    kind: ConceptKind
    name: str
    summary: str
    definition: str
    why_it_matters: str
    in_daily_life: str
    what_helps: tuple[str, ...]
    evidence: Evidence
    research: str = ""
    exploratory: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A directed, evidence-rated connection between two concepts.

    ``reflects``: a sign shows a component or form; ``erodes``: a cause wears down a
    component or form; ``addresses``: a practice builds or eases a component, form, sign or
    cause. ``note`` says which research supports the link.
    """

    source: str
    target: str
    relation: Relation
    strength: Evidence
    note: str

    @property
    def rank(self) -> int:
        """0 for high, 1 for medium, 2 for low: sort by it to get the strongest first."""
        return _STRENGTH_RANK[self.strength]


class UnknownConceptError(CloseknitError, KeyError):
    """A concept id that the model does not have; the message suggests close matches.

    It is a :class:`KeyError` (so mapping-style callers can catch it) and a
    :class:`CloseknitError` (so the CLI prints it as a plain message).
    """

    def __str__(self) -> str:
        # KeyError would quote the message; we want it readable.
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class Model:
    """The whole intimacy model: concepts by id, in content order, and their links."""

    concepts: Mapping[str, Concept]
    links: tuple[Link, ...]

    def get(self, concept_id: str) -> Concept:
        """The concept with this id; raises :class:`UnknownConceptError` (a KeyError)."""
        try:
            return self.concepts[concept_id]
        except KeyError:
            raise UnknownConceptError(self.unknown_message(concept_id)) from None

    def unknown_message(self, concept_id: str) -> str:
        close = difflib.get_close_matches(concept_id, list(self.concepts), n=3, cutoff=0.5)
        hint = (
            f"did you mean {', '.join(close)}?"
            if close
            else "run `closeknit learn` to list all concepts."
        )
        return f"unknown concept {concept_id!r}: {hint}"

    def of_kind(self, kind: ConceptKind) -> tuple[Concept, ...]:
        """Concepts of one kind, in the order of the vocabulary."""
        return tuple(c for c in self.concepts.values() if c.kind == kind)

    def links_from(self, concept_id: str) -> tuple[Link, ...]:
        """Links whose source is ``concept_id``, strongest first."""
        self.get(concept_id)
        found = [link for link in self.links if link.source == concept_id]
        return tuple(sorted(found, key=lambda link: link.rank))

    def links_to(self, concept_id: str) -> tuple[Link, ...]:
        """Links whose target is ``concept_id``, strongest first."""
        self.get(concept_id)
        found = [link for link in self.links if link.target == concept_id]
        return tuple(sorted(found, key=lambda link: link.rank))

    def practices_addressing(self, dimension_id: str) -> tuple[tuple[Concept, Link], ...]:
        """Practices linked directly to a component, form, sign or cause, strongest first.

        Ties keep the vocabulary order of the practices, so the result is deterministic.
        """
        return tuple(
            (self.concepts[link.source], link)
            for link in self.links_to(dimension_id)
            if link.relation == "addresses"
        )
