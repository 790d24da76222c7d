"""closeknit practice: the exercise library, question decks and the weekly planner."""

from closeknit.practice.decks import (
    Deck,
    DeckError,
    Question,
    draw_question,
    draw_session,
    load_deck,
)
from closeknit.practice.library import Exercise, Library, Step, load_exercises
from closeknit.practice.planner import (
    CounsellingNote,
    PlanError,
    PlanInput,
    PlannedPractice,
    WeeklyPlan,
    build_weekly_plan,
)

__all__ = [
    "CounsellingNote",
    "Deck",
    "DeckError",
    "Exercise",
    "Library",
    "PlanError",
    "PlanInput",
    "PlannedPractice",
    "Question",
    "Step",
    "WeeklyPlan",
    "build_weekly_plan",
    "draw_question",
    "draw_session",
    "load_deck",
    "load_exercises",
]
