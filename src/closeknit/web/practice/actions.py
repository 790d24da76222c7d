"""Writes of the practice context: ``do_…`` trusted and atomic, ``check_…`` validate first."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from closeknit.practice import DeckError, Question, draw_question
from closeknit.web.practice.content import deck
from closeknit.web.practice.errors import PracticeActionError, PracticeError
from closeknit.web.practice.models import (
    ANSWER_MAX,
    REPLY_MAX,
    DrawnQuestion,
    StoredPlan,
    TogetherAnswer,
    TogetherReply,
    TogetherRound,
)
from closeknit.web.relationships.models import Membership, Relationship


def _lock_relationship(membership: Membership) -> None:
    """Serialises draws in one relationship, so two at once never pick the same question."""
    Relationship.objects.select_for_update().filter(pk=membership.relationship_id).first()


def _draw(membership: Membership, tier: str | None, form: str | None) -> Question:
    history = list(
        DrawnQuestion.objects.filter(relationship_id=membership.relationship_id).values_list(
            "question_id", flat=True
        )
    )
    try:
        question = draw_question(
            deck(),
            history,
            tier=tier or None,
            form=form or None,
            relationship=membership.relationship.kind,
            rng_seed=secrets.randbelow(2**31),
        )
    except DeckError as exc:
        code = "unknown" in str(exc)
        raise PracticeActionError(
            PracticeError.BAD_FILTER if code else PracticeError.NOTHING_LEFT
        ) from None
    DrawnQuestion.objects.create(
        relationship_id=membership.relationship_id, question_id=question.id, drawn_by=membership
    )
    return question


def check_draw_question(
    membership: Membership, *, tier: str | None = None, form: str | None = None
) -> Question:
    """Draws the relationship's next question (never a repeat until the deck runs out)."""
    with transaction.atomic():
        _lock_relationship(membership)
        return _draw(membership, tier, form)


def check_start_round(
    membership: Membership, *, tier: str | None = None, form: str | None = None
) -> TogetherRound:
    """A new together question; refused while the last one still waits for answers."""
    with transaction.atomic():
        _lock_relationship(membership)
        open_round = TogetherRound.objects.filter(
            relationship_id=membership.relationship_id, revealed_at__isnull=True
        ).exists()
        if open_round:
            raise PracticeActionError(PracticeError.ROUND_OPEN)
        question = _draw(membership, tier, form)
        return TogetherRound.objects.create(
            relationship_id=membership.relationship_id, question_id=question.id
        )


def _clean(text: str, limit: int) -> str:
    text = (text or "").strip()
    if not text:
        raise PracticeActionError(PracticeError.EMPTY_TEXT)
    if len(text) > limit:
        raise PracticeActionError(PracticeError.TOO_LONG)
    return text


def check_answer(membership: Membership, together: TogetherRound, text: str) -> TogetherRound:
    """Seals the member's answer; the second answer reveals both at once.

    The round row is locked, so when both answer at the same moment the later of the two
    sees the earlier answer and reveals; answers can never be changed.
    """
    text = _clean(text, ANSWER_MAX)
    with transaction.atomic():
        locked = TogetherRound.objects.select_for_update().get(pk=together.pk)
        if TogetherAnswer.objects.filter(round=locked, membership=membership).exists():
            raise PracticeActionError(PracticeError.ALREADY_ANSWERED)
        TogetherAnswer.objects.create(round=locked, membership=membership, text=text)
        active = Membership.objects.filter(
            relationship_id=membership.relationship_id, left_at__isnull=True
        )
        answered = TogetherAnswer.objects.filter(round=locked, membership__in=active).count()
        if answered >= 2 and locked.revealed_at is None:
            locked.revealed_at = timezone.now()
            locked.save(update_fields=["revealed_at"])
    return locked


def check_reply(membership: Membership, together: TogetherRound, text: str) -> TogetherReply:
    text = _clean(text, REPLY_MAX)
    if not together.is_revealed:
        raise PracticeActionError(PracticeError.NOT_REVEALED)
    try:
        with transaction.atomic():
            return TogetherReply.objects.create(round=together, membership=membership, text=text)
    except IntegrityError:
        raise PracticeActionError(PracticeError.ALREADY_REPLIED) from None


def check_mark_done(plan: StoredPlan, exercise_id: str, done: bool = True) -> StoredPlan:
    """Marks a planned practice done (or not). Only a set of ids: no dates, no counts."""
    if exercise_id not in plan.exercise_ids:
        raise PracticeActionError(PracticeError.NOT_IN_PLAN)
    with transaction.atomic():
        locked = StoredPlan.objects.select_for_update().get(pk=plan.pk)
        ids = [d for d in locked.done if d != exercise_id]
        if done:
            ids.append(exercise_id)
        locked.done = ids
        locked.save(update_fields=["done"])
    return locked
