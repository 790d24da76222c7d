"""Two views of one relationship: each dimension's two scores and whether they differ.

The gap ``a - b`` has standard error ``sqrt(SEM_a^2 + SEM_b^2)`` (two independent
measurements). A gap is flagged only when ``|gap| > 1.96 * se_gap``: smaller gaps are what
measurement error alone would produce, so the two people are treated as seeing it alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from closeknit.scoring.scales import SheetScores

GAP_Z: Final = 1.96


@dataclass(frozen=True, slots=True)
class ViewGap:
    """Person A's and person B's score on one dimension, the gap and whether it is real.

    ``reason`` says in plain words why ``differs`` is what it is (always set).
    """

    dimension: str
    a: float | None
    b: float | None
    gap: float | None
    se_gap: float | None
    differs: bool
    reason: str


def compare_views(a: SheetScores, b: SheetScores) -> dict[str, ViewGap]:
    """A gap for every dimension both sheets measured, in ``a``'s order."""
    gaps: dict[str, ViewGap] = {}
    for dim, da in a.dimensions.items():
        db = b.dimensions.get(dim)
        if db is None:
            continue
        if da.score is None or db.score is None or da.sem is None or db.sem is None:
            missing = "the first person" if da.score is None else "the second person"
            if da.score is None and db.score is None:
                missing = "either person"
            gaps[dim] = ViewGap(
                dim,
                da.score,
                db.score,
                None,
                None,
                False,
                f"not compared: {missing} answered too few of its questions",
            )
            continue
        gap = da.score - db.score
        se_gap = math.sqrt(da.sem**2 + db.sem**2)
        differs = abs(gap) > GAP_Z * se_gap
        limit = GAP_Z * se_gap
        reason = (
            f"the gap of {abs(gap):.0f} points is larger than the {limit:.0f} points "
            "measurement error can explain"
            if differs
            else f"the gap of {abs(gap):.0f} points is within the {limit:.0f} points "
            "measurement error can explain"
        )
        gaps[dim] = ViewGap(dim, da.score, db.score, gap, se_gap, differs, reason)
    return gaps
