"""Typed, immutable views of an instrument and of one person's answers to it.

An instrument (Checkup, Pulse, safety screen) is content: it is loaded from the versioned
TOML files beside this module by :mod:`closeknit.instruments.loader`. Scoring, reports, the
CLI and the web app all work on these objects, never on the raw files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from closeknit.model.vocabulary import RelationshipType

InstrumentId = Literal["checkup", "pulse", "safety"]
INSTRUMENT_IDS: tuple[InstrumentId, ...] = ("checkup", "pulse", "safety")

# What the safety screen asks about; each safety item measures exactly one of these.
SAFETY_CONCERNS: tuple[str, ...] = ("fear", "control", "violence", "self_harm")


@dataclass(frozen=True, slots=True)
class ResponseScale:
    """Integer response points ``minimum..maximum``, each with a label shown to the person."""

    id: str
    minimum: int
    maximum: int
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.labels) != self.maximum - self.minimum + 1:
            raise ValueError(f"scale {self.id!r} needs one label per point")

    @property
    def points(self) -> range:
        return range(self.minimum, self.maximum + 1)


@dataclass(frozen=True, slots=True)
class Item:
    """One question.

    ``text`` addresses "you" about "{name}" (the other person); ``variants`` holds a
    different wording per relationship type where the default reads wrongly (for example
    physical affection between family members). ``reverse`` items score high when the
    answer is low.
    """

    id: str
    text: str
    scale: ResponseScale
    dimensions: tuple[str, ...]
    reverse: bool = False
    section: str = ""
    variants: Mapping[RelationshipType, str] = field(default_factory=dict)

    def wording(self, relationship: RelationshipType, name: str) -> str:
        template = self.variants.get(relationship, self.text)
        return template.replace("{name}", name)


@dataclass(frozen=True, slots=True)
class Section:
    """A page of an instrument; ``title`` and ``intro`` may mention "{name}"."""

    id: str
    title: str
    intro: str
    item_ids: tuple[str, ...]

    def title_for(self, name: str) -> str:
        return self.title.replace("{name}", name)

    def intro_for(self, name: str) -> str:
        return self.intro.replace("{name}", name)


@dataclass(frozen=True, slots=True)
class Instrument:
    id: InstrumentId
    version: str
    title: str
    items: tuple[Item, ...]
    sections: tuple[Section, ...] = ()
    intro: str = ""

    def intro_for(self, name: str) -> str:
        """The instrument's opening words with "{name}" filled in."""
        return self.intro.replace("{name}", name)

    def section_of(self, item_id: str) -> Section | None:
        """The section holding ``item_id`` (None when the instrument has no sections)."""
        for section in self.sections:
            if item_id in section.item_ids:
                return section
        return None

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """Every dimension measured, in first-seen order."""
        seen: dict[str, None] = {}
        for it in self.items:
            for d in it.dimensions:
                seen.setdefault(d, None)
        return tuple(seen)

    def items_for(self, dimension: str) -> tuple[Item, ...]:
        return tuple(it for it in self.items if dimension in it.dimensions)


@dataclass(frozen=True, slots=True)
class AnswerSheet:
    """One person's answers to one version of an instrument, already validated.

    ``answers`` maps item id to the chosen point; unanswered items are simply absent.
    """

    instrument: InstrumentId
    version: str
    relationship: RelationshipType
    answers: Mapping[str, int]
    respondent: str = ""
    other: str = ""
