"""Shared helpers for the checkups tests: filling in Checkups through the real actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from closeknit.instruments import Item, load_instrument

CHECKUP = load_instrument("checkup")
PULSE = load_instrument("pulse")


def answers_where(pick: Callable[[Item], int]) -> dict[str, int]:
    return {item.id: pick(item) for item in CHECKUP.items}


def high_closeness(item: Item) -> int:
    """Answers that describe a close relationship (reverse-keyed items answered low)."""
    positive = not item.reverse
    from closeknit.model.vocabulary import KIND_OF

    if any(KIND_OF.get(d) in ("fading_sign", "cause") for d in item.dimensions):
        positive = not positive
    return item.scale.maximum if positive else item.scale.minimum


def low_closeness(item: Item) -> int:
    high = high_closeness(item)
    return item.scale.minimum if high == item.scale.maximum else item.scale.maximum


def finish_checkup(membership: Any, answers: dict[str, int]) -> Any:
    """A finished take with ``answers``, saved section by section through the actions."""
    from closeknit.web.checkups.actions import check_finish_take, check_save_section, do_start_take

    take = do_start_take(membership)
    for section in CHECKUP.sections:
        take = check_save_section(take, section.id, {i: answers.get(i) for i in section.item_ids})
    return check_finish_take(take)


def pulse_answers(point: int) -> dict[str, int]:
    return {item.id: point for item in PULSE.items}
