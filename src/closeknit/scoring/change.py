"""Change between two takes of the same person: the reliable change index.

Jacobson & Truax (1991): ``S_diff = sqrt(2 * SEM^2)`` and ``RCI = (x2 - x1) / S_diff``; a
change is *reliable* when ``|RCI| > 1.96``, i.e. larger than measurement error alone would
produce in 95 of 100 retakes. Each take here carries its own SEM (a person may skip
different items), so ``S_diff = sqrt(SEM_1^2 + SEM_2^2)``, which is Jacobson & Truax's
formula whenever both SEMs are equal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

from closeknit.scoring.scales import SheetScores

RELIABLE_CHANGE_Z: Final = 1.96

Direction = Literal["higher", "lower", "unchanged", "unknown"]


@dataclass(frozen=True, slots=True)
class Change:
    """One dimension's change from ``before`` to ``after`` (0–100 scores).

    ``direction`` is ``higher``/``lower`` only when the change is reliable, ``unchanged``
    when it is within measurement error and ``unknown`` when either take has no score.
    """

    dimension: str
    before: float | None
    after: float | None
    delta: float | None
    s_diff: float | None
    rci: float | None
    reliable: bool
    direction: Direction


def reliable_change_index(
    before: float, after: float, sem_before: float, sem_after: float
) -> float:
    """``(after - before) / sqrt(sem_before^2 + sem_after^2)``; infinite if both SEMs are 0."""
    s_diff = math.sqrt(sem_before**2 + sem_after**2)
    delta = after - before
    if s_diff == 0:
        return 0.0 if delta == 0 else math.copysign(math.inf, delta)
    return delta / s_diff


def compare_takes(before: SheetScores, after: SheetScores) -> dict[str, Change]:
    """Change on every dimension both takes measured, in ``after``'s order."""
    changes: dict[str, Change] = {}
    for dim, now in after.dimensions.items():
        then = before.dimensions.get(dim)
        if then is None:
            continue
        if then.score is None or now.score is None or then.sem is None or now.sem is None:
            changes[dim] = Change(dim, then.score, now.score, None, None, None, False, "unknown")
            continue
        s_diff = math.sqrt(then.sem**2 + now.sem**2)
        rci = reliable_change_index(then.score, now.score, then.sem, now.sem)
        reliable = abs(rci) > RELIABLE_CHANGE_Z
        direction: Direction = "unchanged"
        if reliable:
            direction = "higher" if rci > 0 else "lower"
        changes[dim] = Change(
            dim, then.score, now.score, now.score - then.score, s_diff, rci, reliable, direction
        )
    return changes
