"""Reverse keying and the 0–100 rescale of one item's answer (shared by scales and reliability)."""

from __future__ import annotations

from closeknit.instruments.types import Item


def key_answer(item: Item, answer: int) -> int:
    """The answer as scored: a reverse-keyed item's ``x`` becomes ``minimum + maximum - x``."""
    return item.scale.minimum + item.scale.maximum - answer if item.reverse else answer


def item_points(item: Item, answer: int) -> float:
    """The keyed answer rescaled linearly onto 0–100: ``100 * (keyed - min) / (max - min)``."""
    lo, hi = item.scale.minimum, item.scale.maximum
    return 100.0 * (key_answer(item, answer) - lo) / (hi - lo)
