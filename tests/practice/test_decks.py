"""Question decks: content integrity and the no-repeat cycle draw."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.errors import ContentError
from closeknit.model.vocabulary import FORMS, RELATIONSHIP_TYPES
from closeknit.practice.decks import (
    TIERS,
    Deck,
    DeckError,
    Question,
    build_deck,
    draw_question,
    draw_session,
    load_deck,
)

# Aron et al.'s 36 questions must not be copied; a few of their tell-tale phrases.
ARON_PHRASES = (
    "dinner guest",
    "would you like to be famous",
    "perfect day",
    "most treasured memory",
    "crystal ball",
    "last cry in front of",
    "house, containing everything",
)


def _small_deck() -> Deck:
    return build_deck(
        [
            Question(
                f"light.emotional.{n:02}",
                f"Question number {n}?",
                "light",
                "emotional",
                ("partner", "friend", "family"),
            )
            for n in range(1, 6)
        ]
        + [
            Question(
                "light.physical.01", "A partner-only question?", "light", "physical", ("partner",)
            )
        ]
    )


def test_the_deck_has_at_least_150_questions() -> None:
    assert len(load_deck()) >= 150


def test_ids_and_texts_are_unique() -> None:
    deck = load_deck()
    assert len({q.id for q in deck.questions}) == len(deck)
    normalised = Counter(" ".join(q.text.lower().split()) for q in deck.questions)
    assert max(normalised.values()) == 1


@pytest.mark.parametrize("tier", TIERS)
def test_every_tier_has_enough_questions_for_every_form(tier: str) -> None:
    deck = load_deck()
    assert len(deck.filter(tier=tier)) >= 45
    for form in FORMS:
        assert len(deck.filter(tier=tier, form=form)) >= 6, form


@pytest.mark.parametrize("relationship", RELATIONSHIP_TYPES)
def test_every_relationship_type_has_questions_in_every_tier_and_form(relationship: str) -> None:
    deck = load_deck()
    for tier in TIERS:
        for form in FORMS:
            assert len(deck.filter(tier=tier, form=form, relationship=relationship)) >= 5


def test_some_questions_are_for_partners_only() -> None:
    partner_only = [q for q in load_deck().questions if q.relationships == ("partner",)]
    assert partner_only
    assert all(q.form in FORMS for q in partner_only)


def test_no_question_copies_the_36_questions() -> None:
    for q in load_deck().questions:
        for phrase in ARON_PHRASES:
            assert phrase not in q.text.lower(), q.id


def test_question_ids_name_their_tier_and_form() -> None:
    for q in load_deck().questions:
        tier, form, number = q.id.split(".")
        assert (tier, form) == (q.tier, q.form)
        assert number.isdigit()


def test_a_duplicate_text_is_rejected_at_load() -> None:
    a = Question("light.emotional.01", "Same words?", "light", "emotional", ("partner",))
    b = Question("light.emotional.02", "same   WORDS?", "light", "emotional", ("partner",))
    with pytest.raises(ContentError, match="same text"):
        build_deck([a, b])


def test_draw_never_repeats_until_the_small_deck_is_exhausted() -> None:
    deck = _small_deck()
    history: list[str] = []
    for _ in range(5):
        history.append(
            draw_question(deck, history, form="emotional", relationship="family", rng_seed=7).id
        )
    assert len(set(history)) == 5
    sixth = draw_question(deck, history, form="emotional", relationship="family", rng_seed=7)
    assert sixth.id in history  # a new cycle starts only now


def test_the_draw_is_deterministic_for_a_seed_and_history() -> None:
    deck = load_deck()
    history = ["light.emotional.01", "deeper.spiritual.03"]
    first = draw_question(deck, history, relationship="friend", rng_seed=42)
    again = draw_question(deck, list(history), relationship="friend", rng_seed=42)
    assert first == again


def test_a_filter_that_leaves_nothing_raises_a_clear_error() -> None:
    deck = _small_deck()
    with pytest.raises(DeckError, match=r"no question matches.*form='physical'.*family"):
        draw_question(deck, [], form="physical", relationship="family", rng_seed=1)


def test_an_unknown_tier_is_rejected_naming_the_choices() -> None:
    with pytest.raises(DeckError, match=r"unknown tier 'deepest'.*light, deeper, vulnerable"):
        draw_question(load_deck(), [], tier="deepest", relationship="partner", rng_seed=1)


def test_partner_only_questions_never_reach_family() -> None:
    deck = load_deck()
    for seed in range(30):
        q = draw_question(deck, [], form="physical", relationship="family", rng_seed=seed)
        assert "family" in q.relationships


filters = st.fixed_dictionaries(
    {
        "tier": st.sampled_from((None, *TIERS)),
        "form": st.sampled_from((None, *FORMS)),
        "relationship": st.sampled_from(RELATIONSHIP_TYPES),
    }
)


@settings(max_examples=60, deadline=None)
@given(
    filters=filters, seed=st.integers(0, 2**32), prior=st.lists(st.integers(0, 200), max_size=30)
)
def test_draws_never_repeat_within_a_cycle_whatever_the_seed_filter_or_prior_history(
    filters: dict[str, str | None], seed: int, prior: list[int]
) -> None:
    deck = load_deck()
    candidates = deck.filter(**filters)
    # Other relationships' or filters' ids may sit in the history; they never block a draw.
    others = [deck.questions[i % len(deck)].id for i in prior]
    history = list(others)
    base = Counter(h for h in history if h in {q.id for q in candidates})
    start_cycle = min(base[q.id] for q in candidates)
    open_at_start = [q.id for q in candidates if base[q.id] == start_cycle]
    drawn: list[str] = []
    for _ in range(len(open_at_start)):
        q = draw_question(deck, history, rng_seed=seed, **filters)  # type: ignore[arg-type]
        drawn.append(q.id)
        history.append(q.id)
    # The open questions of the current cycle come out once each, and only they do.
    assert sorted(drawn) == sorted(open_at_start)
    # Then the cycle is exhausted: every candidate has been seen more often than before.
    counts = Counter(h for h in history if h in {q.id for q in candidates})
    assert min(counts[q.id] for q in candidates) == start_cycle + 1


def test_a_session_deepens_tier_by_tier_without_repeats() -> None:
    deck = load_deck()
    session = draw_session(deck, [], relationship="friend", rng_seed=5)
    assert [q.tier for q in session] == ["light"] * 3 + ["deeper"] * 3 + ["vulnerable"]
    assert len({q.id for q in session}) == len(session)
    assert all(q.suits("friend") for q in session)


def test_consecutive_sessions_share_no_question_while_the_deck_lasts() -> None:
    deck = load_deck()
    history: list[str] = []
    for seed in range(5):
        history.extend(
            q.id for q in draw_session(deck, history, relationship="family", rng_seed=seed)
        )
    assert len(history) == 35
    assert len(set(history)) == 35
