"""Content integrity of the exercise library."""

from __future__ import annotations

import tomllib
from collections import Counter

import pytest

from closeknit.errors import ContentError
from closeknit.model.vocabulary import KIND_OF, RELATIONSHIP_TYPES
from closeknit.practice.library import load_exercises, parse_library
from closeknit.trends.warning import COUNSELLING_EXERCISE, REBUILDING_EXERCISES

GUILT_WORDS = ("streak", "you failed", "missed", "don't break", "you forgot")

REQUIRED_THEMES = (
    "turn_taking_questions",
    "active_listening",
    "appreciation_exchange",
    "fear_hope_dream",
    "new_activity_plan",
    "repair_after_disagreement",
    "daily_check_in",
    "rebuild_after_distance",
    "find_a_counsellor",
)


def _valid_exercise(**overrides: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "id": "sample",
        "title": "Sample",
        "summary": "A sample exercise.",
        "minutes": 10,
        "mode": "joint",
        "relationships": ["partner"],
        "addresses": ["trust"],
        "steps": [{"who": "both", "text": "Do one."}, {"who": "both", "text": "Do two."}],
    }
    raw.update(overrides)
    return raw


def test_the_library_has_at_least_fifteen_exercises_with_unique_ids() -> None:
    library = load_exercises()
    ids = [e.id for e in library]
    assert len(ids) >= 15
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("exercise_id", REQUIRED_THEMES)
def test_every_theme_the_issue_names_is_in_the_library(exercise_id: str) -> None:
    assert exercise_id in load_exercises()


def test_every_exercise_addresses_only_model_ids() -> None:
    for exercise in load_exercises():
        assert exercise.addresses, exercise.id
        for concept in exercise.addresses:
            assert concept in KIND_OF, (exercise.id, concept)
            assert KIND_OF[concept] != "benefit"


def test_every_exercise_has_ordered_steps_with_roles_and_time() -> None:
    for exercise in load_exercises():
        assert len(exercise.steps) >= 2
        assert 1 <= exercise.minutes <= 240
        assert set(exercise.relationships) <= set(RELATIONSHIP_TYPES)
        roles = {s.who for s in exercise.steps}
        if exercise.mode == "solo":
            assert roles == {"you"}, exercise.id
        else:
            assert "you" not in roles, exercise.id


def test_active_listening_has_speaker_listener_and_a_feeling_reflection() -> None:
    exercise = load_exercises().get("active_listening")
    roles = [s.who for s in exercise.steps]
    assert "speaker" in roles
    assert "listener" in roles
    reflections = [s.text for s in exercise.steps if s.who == "listener" and "feel" in s.text]
    assert any("what I heard you feel" in t for t in reflections)


def test_there_are_enough_solo_exercises_for_a_plan_when_joint_features_are_off() -> None:
    safe_solo = [
        e
        for e in load_exercises()
        if e.mode == "solo" and not e.reaches_out and e.id != COUNSELLING_EXERCISE
    ]
    for relationship in RELATIONSHIP_TYPES:
        assert len([e for e in safe_solo if e.suits(relationship)]) >= 3


def test_the_rebuilding_steps_of_the_early_warning_are_real_exercises() -> None:
    library = load_exercises()
    for exercise_id in (*REBUILDING_EXERCISES, COUNSELLING_EXERCISE):
        assert exercise_id in library


def test_no_exercise_text_uses_guilt_language() -> None:
    for exercise in load_exercises():
        texts = [exercise.title, exercise.summary, *(s.text for s in exercise.steps)]
        for text in texts:
            for word in GUILT_WORDS:
                assert word not in text.lower(), (exercise.id, word)


def test_no_two_exercises_share_a_title_or_summary() -> None:
    library = load_exercises()
    assert max(Counter(e.title for e in library).values()) == 1
    assert max(Counter(e.summary for e in library).values()) == 1


def test_an_unknown_model_id_is_rejected_naming_file_and_exercise() -> None:
    doc = {"exercise": [_valid_exercise(addresses=["trust", "teleportation"])]}
    with pytest.raises(ContentError, match=r"exercises\.toml: exercise 'sample'.*teleportation"):
        parse_library(doc, "exercises.toml")


def test_a_duplicate_exercise_id_is_rejected() -> None:
    doc = {"exercise": [_valid_exercise(), _valid_exercise()]}
    with pytest.raises(ContentError, match="used twice"):
        parse_library(doc, "exercises.toml")


def test_a_solo_exercise_cannot_give_steps_to_both_people() -> None:
    doc = {"exercise": [_valid_exercise(mode="solo")]}
    with pytest.raises(ContentError, match="solo exercise cannot give a step to 'both'"):
        parse_library(doc, "exercises.toml")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minutes", 0, "minutes"),
        ("mode", "together", "mode"),
        ("relationships", ["neighbour"], "relationship"),
        ("steps", [{"who": "both", "text": "only one"}], "at least two steps"),
        ("colour", "blue", "unknown keys"),
    ],
)
def test_malformed_fields_are_rejected_with_a_message_naming_them(
    field: str, value: object, message: str
) -> None:
    doc = {"exercise": [_valid_exercise(**{field: value})]}
    with pytest.raises(ContentError, match=message):
        parse_library(doc, "exercises.toml")


def test_the_shipped_file_is_plain_toml_with_exercise_tables() -> None:
    from importlib import resources

    text = resources.files("closeknit.practice").joinpath("exercises.toml").read_text("utf-8")
    assert len(tomllib.loads(text)["exercise"]) == len(load_exercises())
