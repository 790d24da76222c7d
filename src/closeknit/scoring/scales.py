"""Dimension scores on 0–100 from one answer sheet.

The contract (docs/method.md, "Scoring"):

* each answered item is *keyed*: a reverse-keyed item's answer ``x`` becomes
  ``minimum + maximum - x`` so that a higher keyed value always means more of what the
  dimension names;
* the keyed value is rescaled linearly to 0–100: ``100 * (keyed - minimum) / (maximum - minimum)``;
* a dimension's score is the mean of its answered items' rescaled values, which equals the
  linear rescale of the mean keyed response when all items share one scale;
* when fewer than two thirds of a dimension's items are answered, the dimension reports
  ``not_enough_answers`` and no number (a score resting on one or two items of a longer
  scale would look more certain than it is);
* every score carries its standard error of measurement (SEM) on the same 0–100 scale,
  see :mod:`closeknit.scoring.reliability`.

Higher always means "more of the named dimension": more trust, but also more loneliness
(a fading sign) or more stress and busyness (an obstacle).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from closeknit.errors import CloseknitError
from closeknit.instruments.types import AnswerSheet, Instrument, Item
from closeknit.model.vocabulary import EXPLORATORY
from closeknit.scoring.keying import item_points, key_answer
from closeknit.scoring.reliability import Reliability, measurement_error

ScoreStatus = Literal["ok", "not_enough_answers"]


@dataclass(frozen=True, slots=True)
class ItemContribution:
    """How one item fed its dimension: the raw answer, its keyed value and its 0–100 points.

    ``answer`` is ``None`` when the item was skipped; then ``keyed`` and ``points`` are too.
    """

    item_id: str
    answer: int | None
    keyed: int | None
    points: float | None
    reverse: bool
    minimum: int
    maximum: int


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """One dimension's score (0–100, or ``None`` when too few items were answered)."""

    dimension: str
    score: float | None
    sem: float | None
    n_answered: int
    n_items: int
    status: ScoreStatus
    items: tuple[ItemContribution, ...]
    reliability: float | None = None
    reliability_source: Literal["default", "sample"] = "default"

    @property
    def exploratory(self) -> bool:
        return self.dimension in EXPLORATORY

    def answered(self) -> tuple[ItemContribution, ...]:
        return tuple(c for c in self.items if c.answer is not None)


@dataclass(frozen=True, slots=True)
class SheetScores:
    """Every dimension an instrument measures, scored for one sheet, in instrument order."""

    instrument: str
    version: str
    relationship: str
    respondent: str
    dimensions: Mapping[str, DimensionScore]

    def __getitem__(self, dimension: str) -> DimensionScore:
        return self.dimensions[dimension]

    def score(self, dimension: str) -> float | None:
        found = self.dimensions.get(dimension)
        return None if found is None else found.score

    def composite(self, dimensions: Iterable[str]) -> float | None:
        """Mean of the given dimensions' scores, leaving out exploratory dimensions.

        Exploratory dimensions (``comfortable_silence``) are shown on their own but never
        enter a composite. Returns ``None`` when any remaining dimension has no score or
        none remain.
        """
        chosen = [d for d in dimensions if d not in EXPLORATORY]
        values = [self.score(d) for d in chosen]
        if not values or any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None) / len(values)


def enough_answers(n_answered: int, n_items: int) -> bool:
    """The two-thirds rule: at least ``2/3`` of the items, in integer arithmetic."""
    return n_items > 0 and 3 * n_answered >= 2 * n_items


def _contribution(item: Item, answer: int | None) -> ItemContribution:
    if answer is None:
        return ItemContribution(
            item.id, None, None, None, item.reverse, item.scale.minimum, item.scale.maximum
        )
    if not item.scale.minimum <= answer <= item.scale.maximum:
        raise CloseknitError(
            f"answer {answer} to item {item.id!r} is outside its scale "
            f"{item.scale.minimum}–{item.scale.maximum}; load the sheet through "
            "closeknit.instruments.load_sheet so it is checked first"
        )
    return ItemContribution(
        item.id,
        answer,
        key_answer(item, answer),
        item_points(item, answer),
        item.reverse,
        item.scale.minimum,
        item.scale.maximum,
    )


def score_dimension(
    dimension: str,
    items: tuple[Item, ...],
    answers: Mapping[str, int],
    reliability: Reliability | None = None,
) -> DimensionScore:
    """Score one dimension from its items (see the module docstring for the rules)."""
    contributions = tuple(_contribution(it, answers.get(it.id)) for it in items)
    points = [c.points for c in contributions if c.points is not None]
    n_answered, n_items = len(points), len(items)
    error = measurement_error(dimension, n_items, n_answered, reliability)
    if not enough_answers(n_answered, n_items):
        return DimensionScore(
            dimension,
            None,
            None,
            n_answered,
            n_items,
            "not_enough_answers",
            contributions,
            error.reliability,
            error.source,
        )
    return DimensionScore(
        dimension,
        sum(points) / n_answered,
        error.sem,
        n_answered,
        n_items,
        "ok",
        contributions,
        error.reliability,
        error.source,
    )


def score_sheet(
    sheet: AnswerSheet,
    instrument: Instrument,
    reliability: Mapping[str, Reliability] | None = None,
) -> SheetScores:
    """Score every dimension ``instrument`` measures from ``sheet``'s answers.

    ``reliability`` (from :func:`closeknit.scoring.reliability.reliability_table`) replaces
    the documented default reliabilities and standard deviations used for the SEM.
    Raises :class:`CloseknitError` when the sheet belongs to another instrument or version.
    """
    if sheet.instrument != instrument.id or sheet.version != instrument.version:
        raise CloseknitError(
            f"the sheet answers {sheet.instrument} version {sheet.version!r} but was scored "
            f"against {instrument.id} version {instrument.version!r}; load the matching "
            "instrument version"
        )
    table = reliability or {}
    dims = {
        d: score_dimension(d, instrument.items_for(d), sheet.answers, table.get(d))
        for d in instrument.dimensions
    }
    return SheetScores(
        instrument=instrument.id,
        version=instrument.version,
        relationship=sheet.relationship,
        respondent=sheet.respondent,
        dimensions=dims,
    )
