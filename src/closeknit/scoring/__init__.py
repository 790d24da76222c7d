"""Pure scoring: dimension scales, reliability (alpha/omega, SEM), change (RCI), two views.

Every formula and threshold is documented in docs/method.md.
"""

from closeknit.scoring.change import Change, compare_takes, reliable_change_index
from closeknit.scoring.reliability import (
    DEFAULT_RELIABILITY,
    DEFAULT_SD,
    Reliability,
    cronbach_alpha,
    default_reliability,
    mcdonald_omega,
    reliability_table,
    sem,
)
from closeknit.scoring.scales import DimensionScore, ItemContribution, SheetScores, score_sheet
from closeknit.scoring.simulate import simulate_sheets
from closeknit.scoring.two_views import ViewGap, compare_views

__all__ = [
    "DEFAULT_RELIABILITY",
    "DEFAULT_SD",
    "Change",
    "DimensionScore",
    "ItemContribution",
    "Reliability",
    "SheetScores",
    "ViewGap",
    "compare_takes",
    "compare_views",
    "cronbach_alpha",
    "default_reliability",
    "mcdonald_omega",
    "reliability_table",
    "reliable_change_index",
    "score_sheet",
    "sem",
    "simulate_sheets",
]
