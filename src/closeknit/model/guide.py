"""How the model reads to a person: headings per kind of concept and its links grouped by
meaning. Shared by ``closeknit learn`` and the web app's Learn pages, so both say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from closeknit.model.concepts import Concept, Link, Model
from closeknit.model.vocabulary import ConceptKind

# In the order a newcomer should meet them: what closeness is made of, then how it shows,
# what wears it down, what builds it and why it is worth the effort.
KIND_TITLES: Final[dict[ConceptKind, str]] = {
    "component": "Components",
    "form": "Forms",
    "strong_sign": "Signs of strong closeness",
    "fading_sign": "Signs closeness may be fading",
    "cause": "Causes and obstacles",
    "practice": "Practices",
    "benefit": "Benefits",
}
KIND_NAMES: Final[dict[ConceptKind, str]] = {
    "component": "component",
    "form": "form",
    "strong_sign": "sign of strong closeness",
    "fading_sign": "sign of fading closeness",
    "cause": "cause",
    "practice": "practice",
    "benefit": "benefit",
}
# How a link reads from its source's side and from its target's side.
OUTGOING: Final = {"reflects": "Shows", "erodes": "Wears down", "addresses": "Helps with"}
INCOMING: Final = {
    "reflects": "Shown by",
    "erodes": "Worn down by",
    "addresses": "Built or eased by",
}


@dataclass(frozen=True, slots=True)
class Connection:
    """One linked concept seen from the concept being read, with the link behind it."""

    other: Concept
    link: Link


def connections(model: Model, concept: Concept) -> tuple[tuple[str, tuple[Connection, ...]], ...]:
    """The concept's links grouped under plain headings ("Shown by", "Wears down", …).

    Outgoing links come first, then incoming ones; within a heading the strongest evidence
    comes first (the model's own order).
    """
    groups: dict[str, list[Connection]] = {}
    for link in model.links_from(concept.id):
        groups.setdefault(OUTGOING[link.relation], []).append(
            Connection(model.get(link.target), link)
        )
    for link in model.links_to(concept.id):
        groups.setdefault(INCOMING[link.relation], []).append(
            Connection(model.get(link.source), link)
        )
    return tuple((heading, tuple(found)) for heading, found in groups.items())
