"""The core's exercise library, question deck and model, loaded once per process."""

from __future__ import annotations

from functools import cache

from closeknit.practice import Deck, Exercise, Library, load_deck, load_exercises


@cache
def library() -> Library:
    return load_exercises()


@cache
def deck() -> Deck:
    return load_deck()


def exercise_or_none(exercise_id: str) -> Exercise | None:
    return next((e for e in library() if e.id == exercise_id), None)


@cache
def concept_name(concept_id: str) -> str:
    from closeknit.model import load_model

    try:
        return load_model().get(concept_id).name
    except KeyError:
        return concept_id.replace("_", " ").capitalize()


def offered_when_joint_off(exercise: Exercise) -> bool:
    """Solo exercises that do not reach out to the other person (the planner's rule)."""
    return not exercise.joint and not exercise.reaches_out
