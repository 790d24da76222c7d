"""Question decks and the no-repeat draw.

The deck is content: ``questions/light.toml``, ``questions/deeper.toml`` and
``questions/vulnerable.toml``, each holding groups of questions that share a form and the
relationship types they suit. Depth escalates from tier to tier, the structure of
closeness-generating procedures in which self-disclosure deepens step by step.

Cycle rule of :func:`draw_question`
-----------------------------------
Filter the deck (tier, form, relationship) to the *candidates*. Count how often each
candidate id appears in the history; let ``m`` be the smallest count. The questions that
have been seen exactly ``m`` times are the ones still open in the current cycle (cycle
number ``m``); draw one of them. So a question never comes back until every candidate has
been seen as often as it has — the filtered deck is exhausted — and then cycle ``m + 1``
starts. The rule looks only at counts, so it holds whatever the order of the history,
when filters change between draws, and when new questions join the deck (they count as
unseen and come first). History ids that are not candidates are ignored.

The pick within the open questions is deterministic for a given ``rng_seed``, cycle and
history length.
"""

from __future__ import annotations

import random
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final, Literal, cast

from closeknit.errors import CloseknitError, ContentError
from closeknit.model.vocabulary import FORMS, RELATIONSHIP_TYPES, RelationshipType

Tier = Literal["light", "deeper", "vulnerable"]
TIERS: Final = ("light", "deeper", "vulnerable")
QUESTION_FILES: Final = tuple(f"questions/{tier}.toml" for tier in TIERS)


class DeckError(CloseknitError):
    """A draw cannot be made: an unknown filter value, or filters that leave no question."""


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    tier: Tier
    form: str
    relationships: tuple[RelationshipType, ...]

    def suits(self, relationship: RelationshipType) -> bool:
        return relationship in self.relationships


@dataclass(frozen=True, slots=True)
class Deck:
    questions: tuple[Question, ...]

    def get(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise DeckError(f"no question with id {question_id!r} in the deck")

    def filter(
        self,
        *,
        tier: str | None = None,
        form: str | None = None,
        relationship: str | None = None,
    ) -> tuple[Question, ...]:
        """Questions matching every given filter; unknown filter values raise DeckError."""
        _check_choice("tier", tier, TIERS)
        _check_choice("form", form, FORMS)
        _check_choice("relationship", relationship, RELATIONSHIP_TYPES)
        return tuple(
            q
            for q in self.questions
            if (tier is None or q.tier == tier)
            and (form is None or q.form == form)
            and (relationship is None or relationship in q.relationships)
        )

    def __len__(self) -> int:
        return len(self.questions)


def _check_choice(name: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise DeckError(f"unknown {name} {value!r}; choose one of: {', '.join(allowed)}")


def draw_question(
    deck: Deck,
    history: Sequence[str],
    *,
    tier: str | None = None,
    form: str | None = None,
    relationship: RelationshipType,
    rng_seed: int,
) -> Question:
    """Draw the next question for a relationship without repeating one too early.

    ``history`` holds the ids already drawn for this relationship (repeats allowed, any
    order). See the module docstring for the cycle rule. Raises :class:`DeckError` when a
    filter value is unknown or the filters leave no question.
    """
    candidates = deck.filter(tier=tier, form=form, relationship=relationship)
    if not candidates:
        chosen = ", ".join(
            f"{k}={v!r}"
            for k, v in (("tier", tier), ("form", form), ("relationship", relationship))
            if v is not None
        )
        raise DeckError(
            f"no question matches {chosen}; drop or change a filter (for example the form)"
        )
    candidate_ids = {q.id for q in candidates}
    seen = Counter(h for h in history if h in candidate_ids)
    cycle = min(seen[q.id] for q in candidates)
    open_questions = [q for q in candidates if seen[q.id] == cycle]
    # A string seed keeps the pick stable across Python versions and processes.
    rng = random.Random(f"{rng_seed}:{cycle}:{len(history)}")
    return rng.choice(open_questions)


# Questions per tier in one turn-taking session: depth escalates step by step.
SESSION_SHAPE: Final = (("light", 3), ("deeper", 3), ("vulnerable", 1))


def draw_session(
    deck: Deck,
    history: Sequence[str],
    *,
    relationship: RelationshipType,
    rng_seed: int,
    form: str | None = None,
    shape: Sequence[tuple[str, int]] = SESSION_SHAPE,
) -> tuple[Question, ...]:
    """Draw a session of questions that deepens tier by tier (light, deeper, vulnerable).

    Each question is drawn with :func:`draw_question` against the history *plus the
    questions already drawn in this session*, so the no-repeat cycle rule holds across
    the session too. Raises :class:`DeckError` like :func:`draw_question`.
    """
    seen = list(history)
    session: list[Question] = []
    for tier, count in shape:
        for _ in range(count):
            question = draw_question(
                deck, seen, tier=tier, form=form, relationship=relationship, rng_seed=rng_seed
            )
            session.append(question)
            seen.append(question.id)
    return tuple(session)


def parse_questions(document: Mapping[str, Any], tier: Tier, source: str) -> list[Question]:
    """Expand one tier file's ``[[group]]`` tables into questions, validating each field."""
    groups = document.get("group")
    if not isinstance(groups, list) or not groups:
        raise ContentError(f"{source}: expected one or more [[group]] tables")
    questions: list[Question] = []
    for number, group in enumerate(groups, start=1):
        where = f"{source}: group {number}"
        form = group.get("form")
        if form not in FORMS:
            raise ContentError(f"{where}: 'form' must be one of {FORMS}, got {form!r}")
        rels = group.get("relationships")
        if (
            not isinstance(rels, list)
            or not rels
            or any(r not in RELATIONSHIP_TYPES for r in rels)
            or len(set(rels)) != len(rels)
        ):
            raise ContentError(f"{where}: 'relationships' must list some of {RELATIONSHIP_TYPES}")
        items = group.get("questions")
        if not isinstance(items, list) or not items:
            raise ContentError(f"{where}: 'questions' must be a non-empty list")
        for item in items:
            qid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(qid, str) or not qid.startswith(f"{tier}."):
                raise ContentError(f"{where}: question id {qid!r} must start with '{tier}.'")
            text = item.get("text")
            if (
                not isinstance(text, str)
                or len(text.strip()) < 10
                or not text.strip().endswith(("?", "."))
            ):
                raise ContentError(f"{source}: question {qid!r}: text must be a full sentence")
            questions.append(
                Question(
                    id=qid,
                    text=text.strip(),
                    tier=tier,
                    form=form,
                    relationships=cast(tuple[RelationshipType, ...], tuple(rels)),
                )
            )
    return questions


def build_deck(questions: Sequence[Question]) -> Deck:
    """Check ids and texts are unique (texts compared case- and space-insensitively)."""
    ids: set[str] = set()
    texts: dict[str, str] = {}
    for q in questions:
        if q.id in ids:
            raise ContentError(f"question id {q.id!r} is used twice")
        ids.add(q.id)
        key = " ".join(q.text.lower().split())
        if key in texts:
            raise ContentError(f"questions {texts[key]!r} and {q.id!r} have the same text")
        texts[key] = q.id
    return Deck(tuple(questions))


@cache
def load_deck() -> Deck:
    """Load and validate the shipped question deck (cached; it is immutable)."""
    root = resources.files("closeknit.practice")
    questions: list[Question] = []
    for tier, source in zip(TIERS, QUESTION_FILES, strict=True):
        try:
            document = tomllib.loads(root.joinpath(source).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ContentError(f"{source}: not valid TOML: {exc}") from exc
        questions.extend(parse_questions(document, cast(Tier, tier), source))
    return build_deck(questions)
