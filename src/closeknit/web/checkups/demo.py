"""Demo data for ``make run``: Alex and Blair each with finished Checkups (Alex twice, so
the report shows change over time) and eight weeks of Pulse.

Answers are hand-shaped: each person has a level per dimension (mostly good, a few
things to work on, not the same things for both), and Alex's retake shows communication
and listening improved, the way practice might move them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from closeknit.instruments import load_instrument
from closeknit.model.vocabulary import KIND_OF
from closeknit.web.checkups.models import Pulse, Take, iso_week_start

PULSE_WEEKS = 8
# Pulse answers over eight weeks (oldest first): a dip in the middle, then recovery.
_PULSE_SHAPE = (4, 4, 3, 3, 3, 4, 4, 5)


def create_finished_take(membership: Any, answers: dict[str, int], days_ago: int) -> Take:
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


# How each person sees each dimension, 1 (struggling) to 5 (thriving); 4 where unnamed.
# For fading signs and obstacles a low level means the sign is strongly present.
ALEX_BEFORE = {
    "communication": 2,
    "active_listening": 2,
    "frequent_communication": 3,
    "stress_and_busyness": 2,
    "experiential": 3,
    "physical": 5,
}
ALEX_NOW = {**ALEX_BEFORE, "communication": 4, "active_listening": 4, "frequent_communication": 4}
BLAIR_NOW = {
    "communication": 2,
    "frequent_communication": 2,
    "vulnerability": 3,
    "empathy": 3,
    "stress_and_busyness": 2,
    "unresolved_conflict": 3,
    "shared_joy": 5,
    "superficial_talk": 3,
}


def answers_for_levels(levels: dict[str, int], salt: int) -> dict[str, int]:
    """Answers that express ``levels``, with a small fixed wobble so they look human."""
    instrument = load_instrument("checkup")
    out = {}
    for n, item in enumerate(instrument.items):
        if not item.dimensions:
            continue
        level = round(sum(levels.get(d, 4) for d in item.dimensions) / len(item.dimensions))
        level += (1, 0, 0, -1, 0, 0, 0)[(n * 3 + salt) % 7]
        fading = any(KIND_OF.get(d) in ("fading_sign", "cause") for d in item.dimensions)
        point = level if fading == item.reverse else 6 - level
        scale = item.scale
        out[item.id] = min(scale.maximum, max(scale.minimum, point))
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
    create_finished_take(cast.alex_membership, answers_for_levels(ALEX_BEFORE, 0), days_ago=70)
    create_finished_take(cast.alex_membership, answers_for_levels(ALEX_NOW, 0), days_ago=3)
    create_finished_take(cast.blair_membership, answers_for_levels(BLAIR_NOW, 2), days_ago=2)
    _pulses(cast.alex_membership, offset=0)
    _pulses(cast.blair_membership, offset=1)
