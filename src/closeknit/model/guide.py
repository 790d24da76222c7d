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
# One line under each heading, for readers meeting the model for the first time.
KIND_INTROS: Final[dict[ConceptKind, str]] = {
    "component": "The four building blocks that closeness between two people is made of.",
    "form": "The different ways two people can be close; most pairs are closer in some ways.",
    "strong_sign": "What closeness tends to look like in everyday life when it is doing well.",
    "fading_sign": (
        "Patterns that can mean closeness is wearing thin. They describe what is happening "
        "now; they do not predict where a relationship is going."
    ),
    "cause": "Common reasons closeness gets harder, from busy weeks to old hurts.",
    "practice": "Habits that build closeness, each linked to what it helps with.",
    "benefit": "Why closeness is worth the effort of tending it.",
}
# What each evidence rating means, in the words the Learn pages and reports use.
EVIDENCE_MEANINGS: Final[dict[str, str]] = {
    "high": "well supported: many studies agree",
    "medium": "supported by some studies",
    "low": "little direct research yet; based on related findings and practice",
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
