"""The practice library: guided exercises loaded from ``exercises.toml``.

An :class:`Exercise` is content with a stable id. Each one says who does what, how long it
takes, whether it needs both people (``joint``) or one person alone (``solo``), which
relationship types it suits, and which model ids it addresses (components, forms, signs,
causes and practice concepts from :mod:`closeknit.model.vocabulary`).

:func:`load_exercises` validates everything at load time and raises
:class:`~closeknit.errors.ContentError` naming the file and the exercise id on any problem.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final, Literal, cast

from closeknit.errors import ContentError
from closeknit.model.vocabulary import KIND_OF, RELATIONSHIP_TYPES, RelationshipType

Mode = Literal["joint", "solo"]
Role = Literal["both", "speaker", "listener", "person_a", "person_b", "you"]

MODES: Final = ("joint", "solo")
ROLES: Final = ("both", "speaker", "listener", "person_a", "person_b", "you")
# Roles that only make sense when two people take part.
JOINT_ROLES: Final = frozenset({"both", "speaker", "listener", "person_a", "person_b"})
# Benefits are Learn-page concepts, not something an exercise can target.
ADDRESSABLE_KINDS: Final = frozenset(
    {"component", "form", "strong_sign", "fading_sign", "cause", "practice"}
)
EXERCISES_FILE: Final = "exercises.toml"


@dataclass(frozen=True, slots=True)
class Step:
    """One ordered step: ``who`` does ``text``."""

    who: Role
    text: str


@dataclass(frozen=True, slots=True)
class Exercise:
    """A guided exercise.

    ``reaches_out`` is true when the exercise asks the person to contact or approach the
    other person; such exercises are never suggested when joint features are off, because
    joint features are off for safety reasons too.
    """

    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    minutes: int
    mode: Mode
    relationships: tuple[RelationshipType, ...]
    addresses: tuple[str, ...]
    reaches_out: bool = False

    @property
    def joint(self) -> bool:
        return self.mode == "joint"

    def suits(self, relationship: RelationshipType) -> bool:
        return relationship in self.relationships


@dataclass(frozen=True, slots=True)
class Library:
    """All exercises, in file order, with lookup by id."""

    exercises: tuple[Exercise, ...]

    def get(self, exercise_id: str) -> Exercise:
        """Return the exercise; raise ContentError naming the known ids when it is missing."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = ", ".join(e.id for e in self.exercises)
        raise ContentError(f"no exercise with id {exercise_id!r}; known ids: {known}")

    def __contains__(self, exercise_id: object) -> bool:
        return any(e.id == exercise_id for e in self.exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)


def _fail(source: str, where: str, problem: str) -> ContentError:
    return ContentError(f"{source}: {where}: {problem}")


def _text(raw: Mapping[str, Any], key: str, source: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, where, f"{key!r} must be a non-empty string")
    return value.strip()


def _string_list(raw: Mapping[str, Any], key: str, source: str, where: str) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise _fail(source, where, f"{key!r} must be a non-empty list of strings")
    if len(set(value)) != len(value):
        raise _fail(source, where, f"{key!r} lists an id twice")
    return tuple(cast(list[str], value))


def parse_exercise(raw: Mapping[str, Any], source: str) -> Exercise:
    """Build one exercise from its TOML table, validating every field against the model."""
    exercise_id = raw.get("id")
    if not isinstance(exercise_id, str) or not exercise_id.isidentifier():
        raise _fail(source, f"exercise {exercise_id!r}", "'id' must be a snake_case identifier")
    where = f"exercise {exercise_id!r}"
    unknown = set(raw) - {
        "id",
        "title",
        "summary",
        "steps",
        "minutes",
        "mode",
        "relationships",
        "addresses",
        "reaches_out",
    }
    if unknown:
        raise _fail(source, where, f"unknown keys {sorted(unknown)}")
    mode = raw.get("mode")
    if mode not in MODES:
        raise _fail(source, where, f"'mode' must be one of {MODES}, got {mode!r}")
    minutes = raw.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 240:
        raise _fail(source, where, "'minutes' must be a whole number from 1 to 240")
    relationships = _string_list(raw, "relationships", source, where)
    for rel in relationships:
        if rel not in RELATIONSHIP_TYPES:
            raise _fail(source, where, f"unknown relationship {rel!r}; use {RELATIONSHIP_TYPES}")
    addresses = _string_list(raw, "addresses", source, where)
    for concept in addresses:
        kind = KIND_OF.get(concept)
        if kind is None or kind not in ADDRESSABLE_KINDS:
            raise _fail(
                source, where, f"addresses unknown model id {concept!r} (see model/vocabulary.py)"
            )
    raw_steps = raw.get("steps")
    if not isinstance(raw_steps, list) or len(raw_steps) < 2:
        raise _fail(source, where, "'steps' must list at least two steps")
    steps: list[Step] = []
    for number, raw_step in enumerate(raw_steps, start=1):
        step_where = f"{where} step {number}"
        if not isinstance(raw_step, dict):
            raise _fail(source, step_where, "each step must be a table {who = ..., text = ...}")
        who = raw_step.get("who")
        if who not in ROLES:
            raise _fail(source, step_where, f"'who' must be one of {ROLES}, got {who!r}")
        if mode == "solo" and who in JOINT_ROLES:
            raise _fail(source, step_where, f"a solo exercise cannot give a step to {who!r}")
        if mode == "joint" and who == "you":
            raise _fail(source, step_where, "a joint exercise names 'both' or a role, not 'you'")
        steps.append(Step(who=cast(Role, who), text=_text(raw_step, "text", source, step_where)))
    reaches_out = raw.get("reaches_out", mode == "joint")
    if not isinstance(reaches_out, bool):
        raise _fail(source, where, "'reaches_out' must be true or false")
    if mode == "joint" and not reaches_out:
        raise _fail(source, where, "a joint exercise always reaches out to the other person")
    return Exercise(
        id=exercise_id,
        title=_text(raw, "title", source, where),
        summary=_text(raw, "summary", source, where),
        steps=tuple(steps),
        minutes=minutes,
        mode=cast(Mode, mode),
        relationships=cast(tuple[RelationshipType, ...], relationships),
        addresses=addresses,
        reaches_out=reaches_out,
    )


def parse_library(document: Mapping[str, Any], source: str) -> Library:
    """Validate a parsed exercises document; ids must be unique."""
    raw_exercises = document.get("exercise")
    if not isinstance(raw_exercises, list) or not raw_exercises:
        raise ContentError(f"{source}: expected one or more [[exercise]] tables")
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for raw in raw_exercises:
        exercise = parse_exercise(raw, source)
        if exercise.id in seen:
            raise _fail(source, f"exercise {exercise.id!r}", "the id is used twice")
        seen.add(exercise.id)
        exercises.append(exercise)
    return Library(tuple(exercises))


@cache
def load_exercises() -> Library:
    """Load and validate the shipped exercise library (cached; it is immutable)."""
    path = resources.files("closeknit.practice").joinpath(EXERCISES_FILE)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{EXERCISES_FILE}: not valid TOML: {exc}") from exc
    return parse_library(document, EXERCISES_FILE)
