"""Plan, question decks and together mode in the JSON API, under ``/api/practice/{id}``.

Same rules as the pages: the relationship loads through ``get_membership_for_user`` (404
for anything not yours, exactly as for something absent); decks and together mode need
joint features (409 with a neutral code otherwise). Before a together round is revealed
the other person's answer is never in a response: only ``other_answered``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from closeknit.web.checkups.actions import today_for
from closeknit.web.practice.access import current_round, get_round, round_view
from closeknit.web.practice.actions import (
    check_answer,
    check_draw_question,
    check_mark_done,
    check_reply,
    check_start_round,
)
from closeknit.web.practice.errors import PracticeActionError
from closeknit.web.practice.plans import current_plan
from closeknit.web.relationships.access import get_membership_for_user
from closeknit.web.safety.access import require_joint_features

router = Router(tags=["practice"])


class ErrorOut(Schema):
    code: str
    message: str


class PracticeOut(Schema):
    exercise_id: str
    title: str
    minutes: int
    mode: str
    reason: str
    done: bool


class PlanOut(Schema):
    week: date
    practices: list[PracticeOut]
    counselling: dict[str, str] | None
    notes: list[str]


class DoneIn(Schema):
    exercise_id: str
    done: bool = True


class DrawIn(Schema):
    tier: str | None = None
    form: str | None = None


class QuestionOut(Schema):
    id: str
    text: str
    tier: str
    form: str


class ReplyOut(Schema):
    mine: bool
    text: str


class RoundOut(Schema):
    id: uuid.UUID
    question: QuestionOut
    state: str  # open | waiting_for_you | waiting_for_other | revealed
    started_at: datetime
    revealed_at: datetime | None
    my_answer: str | None
    other_answered: bool
    their_answer: str | None  # only once revealed
    replies: list[ReplyOut]


class TextIn(Schema):
    text: str


def _error(exc: PracticeActionError) -> Status[ErrorOut]:
    return Status(exc.error.status, ErrorOut(code=exc.error.code, message=exc.error.message))


def _question(q) -> QuestionOut:  # type: ignore[no-untyped-def]
    return QuestionOut(id=q.id, text=q.text, tier=q.tier, form=q.form)


def _plan_out(plan) -> PlanOut:  # type: ignore[no-untyped-def]
    return PlanOut(
        week=plan.week,
        practices=[
            PracticeOut(
                exercise_id=p["exercise_id"],
                title=p["title"],
                minutes=p["minutes"],
                mode=p["mode"],
                reason=p["reason"],
                done=p["exercise_id"] in plan.done,
            )
            for p in plan.practices
        ],
        counselling=plan.counselling,
        notes=list(plan.notes),
    )


def _round_out(membership, together) -> RoundOut:  # type: ignore[no-untyped-def]
    view = round_view(membership, together)
    return RoundOut(
        id=together.id,
        question=_question(view.question),
        state=view.state,
        started_at=together.started_at,
        revealed_at=together.revealed_at,
        my_answer=view.mine,
        other_answered=view.other_answered,
        their_answer=view.theirs if view.revealed else None,
        replies=[ReplyOut(mine=r.mine, text=r.text) for r in view.replies],
    )


@router.get("/{uuid:relationship_id}/plan", response=PlanOut, url_name="api-practice-plan")
def get_plan(request: HttpRequest, relationship_id: uuid.UUID) -> PlanOut:
    """This week's plan for me (built or adapted on the way)."""
    membership = get_membership_for_user(request.user, relationship_id)
    return _plan_out(current_plan(membership, today_for(request.user)))


@router.post(
    "/{uuid:relationship_id}/plan/done",
    response={200: PlanOut, 404: ErrorOut},
    url_name="api-practice-plan-done",
)
def mark_done(request: HttpRequest, relationship_id: uuid.UUID, body: DoneIn):  # type: ignore[no-untyped-def]
    membership = get_membership_for_user(request.user, relationship_id)
    plan = current_plan(membership, today_for(request.user))
    try:
        plan = check_mark_done(plan, body.exercise_id, body.done)
    except PracticeActionError as exc:
        return _error(exc)
    return _plan_out(plan)


@router.post(
    "/{uuid:relationship_id}/deck/draw",
    response={201: QuestionOut, 400: ErrorOut, 409: ErrorOut},
    url_name="api-practice-draw",
)
def draw(request: HttpRequest, relationship_id: uuid.UUID, body: DrawIn):  # type: ignore[no-untyped-def]
    """The relationship's next question: never a repeat until the deck is exhausted."""
    membership = get_membership_for_user(request.user, relationship_id)
    require_joint_features(membership)
    try:
        question = check_draw_question(membership, tier=body.tier, form=body.form)
    except PracticeActionError as exc:
        return _error(exc)
    return Status(201, _question(question))


@router.get(
    "/{uuid:relationship_id}/together",
    response={200: RoundOut, 204: None},
    url_name="api-practice-together",
)
def get_together(request: HttpRequest, relationship_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """The current together round as I may see it (204 when there is none yet)."""
    membership = get_membership_for_user(request.user, relationship_id)
    require_joint_features(membership)
    together = current_round(membership)
    if together is None:
        return Status(204, None)
    return _round_out(membership, together)


@router.post(
    "/{uuid:relationship_id}/together",
    response={201: RoundOut, 400: ErrorOut, 409: ErrorOut},
    url_name="api-practice-together-new",
)
def new_together(request: HttpRequest, relationship_id: uuid.UUID, body: DrawIn):  # type: ignore[no-untyped-def]
    membership = get_membership_for_user(request.user, relationship_id)
    require_joint_features(membership)
    try:
        together = check_start_round(membership, tier=body.tier, form=body.form)
    except PracticeActionError as exc:
        return _error(exc)
    return Status(201, _round_out(membership, together))


@router.post(
    "/{uuid:relationship_id}/together/{uuid:round_id}/answer",
    response={200: RoundOut, 400: ErrorOut, 409: ErrorOut},
    url_name="api-practice-together-answer",
)
def answer(request: HttpRequest, relationship_id: uuid.UUID, round_id: uuid.UUID, body: TextIn):  # type: ignore[no-untyped-def]
    """Seal my answer (once; it cannot be changed). The second answer reveals both."""
    membership = get_membership_for_user(request.user, relationship_id)
    require_joint_features(membership)
    together = get_round(membership, round_id)
    try:
        together = check_answer(membership, together, body.text)
    except PracticeActionError as exc:
        return _error(exc)
    return _round_out(membership, together)


@router.post(
    "/{uuid:relationship_id}/together/{uuid:round_id}/reply",
    response={200: RoundOut, 400: ErrorOut, 409: ErrorOut},
    url_name="api-practice-together-reply",
)
def reply(request: HttpRequest, relationship_id: uuid.UUID, round_id: uuid.UUID, body: TextIn):  # type: ignore[no-untyped-def]
    membership = get_membership_for_user(request.user, relationship_id)
    require_joint_features(membership)
    together = get_round(membership, round_id)
    try:
        check_reply(membership, together, body.text)
    except PracticeActionError as exc:
        return _error(exc)
    return _round_out(membership, together)
