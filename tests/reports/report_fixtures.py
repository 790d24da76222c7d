"""A synthetic instrument over real model dimensions, independent of the shipped Checkup."""

from __future__ import annotations

from closeknit.instruments.types import AnswerSheet, Instrument, Item, ResponseScale

FIVE = ResponseScale("often5", 1, 5, ("never", "rarely", "sometimes", "often", "always"))

TEXTS: dict[str, tuple[str, ...]] = {
    "trust": (
        "I can count on {name} to do what they say",
        "I can tell {name} about my worries",
        "{name} is honest with me",
    ),
    "communication": (
        "{name} and I talk about things that matter",
        "We sort out disagreements by talking",
        "I can raise a hard topic with {name}",
    ),
    "vulnerability": (
        "I show {name} my weak spots",
        "I share my fears with {name}",
        "I feel safe being unguarded with {name}",
    ),
    "empathy": (
        "{name} understands how I feel",
        "I try to see things from {name}'s side",
        "{name} notices when I am upset",
    ),
    "emotional": (
        "I feel close to {name}",
        "{name} knows my inner world",
        "I feel emotionally connected to {name}",
    ),
    "loneliness": (
        "I feel alone even when {name} is around",
        "I miss having {name} really with me",
        "I feel lonely in this relationship",
    ),
    "withdrawal": (
        "{name} pulls away when I reach out",
        "I go quiet with {name} to avoid trouble",
        "We spend evenings side by side without talking",
    ),
    "guardedness": (
        "I keep my real feelings from {name}",
        "I hold back with {name} in case it is used against me",
        "I watch what I say around {name}",
    ),
    "stress_and_busyness": (
        "Work leaves me too tired for {name}",
        "Our calendar has no room for us",
        "Outside worries take up my evenings",
    ),
    "comfortable_silence": (
        "Quiet moments with {name} feel easy",
        "I can be silent with {name} without worrying",
        "Silence between us feels warm",
    ),
}


def make_instrument() -> Instrument:
    items = []
    for dim, texts in TEXTS.items():
        for n, text in enumerate(texts, start=1):
            items.append(Item(id=f"{dim}_{n}", text=text, scale=FIVE, dimensions=(dim,)))
    return Instrument(id="checkup", version="test-1", title="Test", items=tuple(items))


INSTRUMENT = make_instrument()
POSITIVE = (
    "trust",
    "communication",
    "vulnerability",
    "empathy",
    "emotional",
    "comfortable_silence",
)
NEGATIVE = ("loneliness", "withdrawal", "guardedness", "stress_and_busyness")


def answers(
    level: dict[str, int] | None = None, default_pos: int = 4, default_neg: int = 2
) -> dict[str, int]:
    """Every item answered: a per-dimension answer, else a default by dimension kind."""
    level = level or {}
    out: dict[str, int] = {}
    for it in INSTRUMENT.items:
        dim = it.dimensions[0]
        out[it.id] = level.get(dim, default_pos if dim in POSITIVE else default_neg)
    return out


def sheet(values: dict[str, int], respondent: str = "alex", other: str = "blair") -> AnswerSheet:
    return AnswerSheet("checkup", "test-1", "partner", values, respondent=respondent, other=other)
