"""The rule that turns a safety-screen sheet into a private result.

The rule (also written in ``instruments/content/safety.toml``) is deliberately
conservative, because a missed concern costs far more than a needless caution:

* ``fear``, ``violence`` (physical harm, threats, forced sexual contact) and ``self_harm``
  are present when ANY of their items is answered above the scale's lowest point;
* ``control`` is present when any control item is answered at the third point
  ("A few times") or above, or when two or more control items are answered above the
  lowest point; a single isolated instance is not on its own a pattern of control;
* the screen is ``positive`` when any concern is present and ``urgent`` when ``violence``
  or ``self_harm`` is present.

Unanswered items never count as "Never" and never make a screen positive. A positive
result is private: callers must never show it, or anything derived from it, to the other
person; they switch off joint exercises and show :func:`closeknit.safety.help_resources`.
"""

from __future__ import annotations

from dataclasses import dataclass

from closeknit.errors import SheetError
from closeknit.instruments.loader import load_instrument
from closeknit.instruments.types import SAFETY_CONCERNS, AnswerSheet

URGENT_CONCERNS = frozenset({"violence", "self_harm"})
# Steps above the lowest point at which one control item is enough on its own.
CONTROL_SINGLE_ITEM_STEPS = 2
CONTROL_ITEMS_ENDORSED = 2


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """What a safety screen found.

    ``concerns`` lists present concern ids in the order of ``SAFETY_CONCERNS``;
    ``answered`` counts answered items so a blank screen can be told apart from a clear one.
    """

    positive: bool
    concerns: tuple[str, ...]
    urgent: bool
    answered: int = 0


def screen(sheet: AnswerSheet) -> ScreenResult:
    """Apply the screening rule to a sheet of the ``safety`` instrument.

    Raises :class:`SheetError` when the sheet belongs to another instrument.
    """
    if sheet.instrument != "safety":
        raise SheetError(
            f"the safety screen needs a sheet of the 'safety' instrument, not {sheet.instrument!r}"
        )
    instrument = load_instrument("safety", sheet.version)
    steps: dict[str, list[int]] = {concern: [] for concern in SAFETY_CONCERNS}
    for item in instrument.items:
        answer = sheet.answers.get(item.id)
        if answer is None:
            continue
        steps[item.dimensions[0]].append(answer - item.scale.minimum)
    present = []
    for concern in SAFETY_CONCERNS:
        endorsed = [s for s in steps[concern] if s > 0]
        if concern == "control":
            hit = any(s >= CONTROL_SINGLE_ITEM_STEPS for s in endorsed) or (
                len(endorsed) >= CONTROL_ITEMS_ENDORSED
            )
        else:
            hit = bool(endorsed)
        if hit:
            present.append(concern)
    return ScreenResult(
        positive=bool(present),
        concerns=tuple(present),
        urgent=bool(URGENT_CONCERNS.intersection(present)),
        answered=sum(len(v) for v in steps.values()),
    )
