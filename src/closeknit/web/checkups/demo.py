"""Demo data for ``make run``: Alex and Blair each with finished Checkups (Alex twice, so
the report shows change over time) and eight weeks of Pulse.

Answers come from the core's simulator (one simulated couple, so the two views are
related but not identical), nudged for Alex's retake the way practice might move them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from closeknit.instruments import load_instrument
from closeknit.scoring import simulate_sheets
from closeknit.web.checkups.models import Pulse, Take, iso_week_start

DEMO_SEED = 20261121
PULSE_WEEKS = 8
# Pulse answers over eight weeks (oldest first): a dip in the middle, then recovery.
_PULSE_SHAPE = (4, 4, 3, 3, 3, 4, 4, 5)


def _finished_take(membership: Any, answers: dict[str, int], days_ago: int) -> Take:
    instrument = load_instrument("checkup")
    when = timezone.now() - timedelta(days=days_ago)
    return Take.objects.create(
        membership=membership,
        instrument="checkup",
        version=instrument.version,
        answers=answers,
        sections_done=[s.id for s in instrument.sections],
        started_at=when - timedelta(minutes=14),
        updated_at=when,
        finished_at=when,
    )


def _retake(answers: dict[str, int], dimensions: tuple[str, ...]) -> dict[str, int]:
    """The same answers, one point better on the statements measuring ``dimensions``."""
    instrument = load_instrument("checkup")
    out = dict(answers)
    for item in instrument.items:
        if item.id in out and set(item.dimensions) & set(dimensions):
            step = -1 if item.reverse else 1
            out[item.id] = min(item.scale.maximum, max(item.scale.minimum, out[item.id] + step))
    return out


def _pulses(membership: Any, offset: int) -> None:
    instrument = load_instrument("pulse")
    this_week = iso_week_start(timezone.localdate())
    for n, level in enumerate(_PULSE_SHAPE):
        week = this_week - timedelta(weeks=PULSE_WEEKS - 1 - n)
        answers = {}
        for i, item in enumerate(instrument.items):
            wobble = (i + n + offset) % 3 - 1  # -1, 0 or +1: weeks are never identical
            point = level + wobble
            if item.id.startswith("pu_lonely"):
                point = 6 - point  # loneliness runs the other way
            answers[item.id] = min(item.scale.maximum, max(item.scale.minimum, point))
        stamp = timezone.now() - timedelta(weeks=PULSE_WEEKS - 1 - n)
        Pulse.objects.create(
            membership=membership,
            week=week,
            version=instrument.version,
            answers=answers,
            submitted_at=stamp,
            updated_at=stamp,
        )


def seed_checkups(cast: Any) -> None:
    """The :data:`demo_seeders` hook (see ``closeknit.web.common.registry``)."""
    instrument = load_instrument("checkup")
    alex_sheet, blair_sheet = simulate_sheets(instrument, 2, DEMO_SEED, cast.relationship.kind)
    alex_first = dict(alex_sheet.answers)
    _finished_take(cast.alex_membership, alex_first, days_ago=70)
    _finished_take(
        cast.alex_membership,
        _retake(alex_first, ("communication", "active_listening", "empathy")),
        days_ago=3,
    )
    _finished_take(cast.blair_membership, dict(blair_sheet.answers), days_ago=2)
    _pulses(cast.alex_membership, offset=0)
    _pulses(cast.blair_membership, offset=1)
