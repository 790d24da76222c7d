"""Checkups, reports and Pulse in the JSON API, under ``/api/checkups/{relationship_id}``.

Same rules as the pages: the relationship loads through ``get_membership_for_user`` and a
take through ``get_take_for_member`` (404 for anything not yours, exactly as for something
absent); answers are only ever the caller's own; the joint view needs both finished and
joint features open, and never carries the other person's item-level answers.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from closeknit.web.checkups.access import (
    get_take_for_member,
    other_checkup_status,
    pulses_for_member,
    takes_for_member,
)
from closeknit.web.checkups.actions import (
    check_finish_take,
    check_save_section,
    check_submit_pulse,
    do_start_take,
    take_instrument,
)
from closeknit.web.checkups.errors import CheckupActionError, CheckupError
from closeknit.web.checkups.models import Take
from closeknit.web.checkups.reports import (
    PULSE_HEADLINE,
    individual_report,
    joint_view,
    pulse_points,
    pulse_scores,
    report_json,
)
from closeknit.web.relationships.access import get_membership_for_user
from closeknit.web.safety.access import JointState, joint_state

router = Router(tags=["checkups"])


class ErrorOut(Schema):
    code: str
    message: str
    detail: str = ""


class TakeOut(Schema):
    id: uuid.UUID
    instrument: str
    version: str
    started_at: datetime
    finished_at: datetime | None
    sections: list[str]
    sections_done: list[str]
    other_person: str  # finished | not_yet | not_joined — all you learn of their Checkup


class SectionIn(Schema):
    answers: dict[str, int | None]


class PulseIn(Schema):
    answers: dict[str, int | None]


class PulseOut(Schema):
    week: date
    version: str
    answers: dict[str, int]
    closeness: float | None
    updated_at: datetime


def _error(exc: CheckupActionError) -> Status[ErrorOut]:
    return Status(
        exc.error.status,
        ErrorOut(code=exc.error.code, message=exc.error.message, detail=exc.detail),
    )


def _take_out(take: Take, other_status: str) -> TakeOut:
    return TakeOut(
        id=take.id,
        instrument=take.instrument,
        version=take.version,
        started_at=take.started_at,
        finished_at=take.finished_at,
        sections=[s.id for s in take_instrument(take).sections],
        sections_done=list(take.sections_done),
        other_person=other_status,
    )


@router.get("/{uuid:relationship_id}/takes", response=list[TakeOut], url_name="api-checkups-takes")
def list_takes(request: HttpRequest, relationship_id: uuid.UUID) -> list[TakeOut]:
    """My takes in this relationship, oldest first (never the other person's)."""
    membership = get_membership_for_user(request.user, relationship_id)
    status = other_checkup_status(membership)
    return [_take_out(t, status) for t in takes_for_member(membership)]


@router.post(
    "/{uuid:relationship_id}/takes", response={201: TakeOut}, url_name="api-checkups-start"
)
def start_take(request: HttpRequest, relationship_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """Starts a Checkup, or returns the one already under way."""
    membership = get_membership_for_user(request.user, relationship_id)
    return Status(201, _take_out(do_start_take(membership), other_checkup_status(membership)))


@router.get(
    "/{uuid:relationship_id}/takes/{uuid:take_id}",
    response=TakeOut,
    url_name="api-checkups-take",
)
def get_take(request: HttpRequest, relationship_id: uuid.UUID, take_id: uuid.UUID) -> TakeOut:
    membership = get_membership_for_user(request.user, relationship_id)
    take = get_take_for_member(membership, take_id)
    return _take_out(take, other_checkup_status(membership))


@router.put(
    "/{uuid:relationship_id}/takes/{uuid:take_id}/sections/{section_id}",
    response={200: TakeOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    url_name="api-checkups-section",
)
def save_section(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    relationship_id: uuid.UUID,
    take_id: uuid.UUID,
    section_id: str,
    payload: SectionIn,
):
    """Replaces my answers for one section (``null`` = left blank)."""
    membership = get_membership_for_user(request.user, relationship_id)
    take = get_take_for_member(membership, take_id)
    try:
        take = check_save_section(take, section_id, payload.answers)
    except CheckupActionError as exc:
        return _error(exc)
    return Status(200, _take_out(take, other_checkup_status(membership)))


@router.post(
    "/{uuid:relationship_id}/takes/{uuid:take_id}/finish",
    response={200: TakeOut, 409: ErrorOut},
    url_name="api-checkups-finish",
)
def finish_take(  # type: ignore[no-untyped-def]
    request: HttpRequest, relationship_id: uuid.UUID, take_id: uuid.UUID
):
    membership = get_membership_for_user(request.user, relationship_id)
    take = get_take_for_member(membership, take_id)
    try:
        take = check_finish_take(take)
    except CheckupActionError as exc:
        return _error(exc)
    return Status(200, _take_out(take, other_checkup_status(membership)))


@router.get(
    "/{uuid:relationship_id}/takes/{uuid:take_id}/report",
    response={200: dict[str, Any], 409: ErrorOut},
    url_name="api-checkups-report",
)
def get_report(  # type: ignore[no-untyped-def]
    request: HttpRequest, relationship_id: uuid.UUID, take_id: uuid.UUID
):
    """My report on one of my finished takes (the core's JSON report)."""
    membership = get_membership_for_user(request.user, relationship_id)
    take = get_take_for_member(membership, take_id)
    if not take.is_finished:
        return _error(CheckupActionError(CheckupError.NOT_FINISHED))
    return Status(200, report_json(individual_report(take).report))


@router.get(
    "/{uuid:relationship_id}/joint",
    response={200: dict[str, Any], 403: ErrorOut, 409: ErrorOut},
    url_name="api-checkups-joint",
)
def get_joint(request: HttpRequest, relationship_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """Both views side by side, from my side: scores and gaps, never the other's answers.

    403 ``joint_unavailable`` (the same neutral answer whatever the reason) unless joint
    features are open; 409 until both have finished.
    """
    from closeknit.web.checkups.reports import joint_json

    membership = get_membership_for_user(request.user, relationship_id)
    state = joint_state(membership)
    if state is not JointState.AVAILABLE:
        return Status(
            403,
            ErrorOut(
                code="joint_unavailable",
                message="Joint features are not available right now.",
                detail=state.value
                if state in (JointState.NEEDS_OWN_SCREEN, JointState.WAITING_FOR_OTHER_TO_JOIN)
                else "",
            ),
        )
    view = joint_view(membership)
    if view is None:
        return _error(CheckupActionError(CheckupError.NOT_BOTH_FINISHED))
    return Status(200, joint_json(view))


@router.get(
    "/{uuid:relationship_id}/pulse", response=list[PulseOut], url_name="api-checkups-pulses"
)
def list_pulses(request: HttpRequest, relationship_id: uuid.UUID) -> list[PulseOut]:
    """My Pulses, oldest week first, each with the core's closeness score."""
    membership = get_membership_for_user(request.user, relationship_id)
    closeness = {p.week: p.headline for p in pulse_points(membership)}
    return [
        PulseOut(
            week=p.week,
            version=p.version,
            answers=p.answers,
            closeness=None if closeness.get(p.week) is None else round(closeness[p.week] or 0, 2),
            updated_at=p.updated_at,
        )
        for p in pulses_for_member(membership)
    ]


@router.post(
    "/{uuid:relationship_id}/pulse",
    response={200: PulseOut, 201: PulseOut, 400: ErrorOut, 409: ErrorOut},
    url_name="api-checkups-pulse",
)
def submit_pulse(  # type: ignore[no-untyped-def]
    request: HttpRequest, relationship_id: uuid.UUID, payload: PulseIn
):
    """This week's Pulse: 201 when new, 200 when it replaced this week's earlier one."""
    membership = get_membership_for_user(request.user, relationship_id)
    try:
        pulse, created = check_submit_pulse(membership, payload.answers)
    except CheckupActionError as exc:
        return _error(exc)
    out = PulseOut(
        week=pulse.week,
        version=pulse.version,
        answers=pulse.answers,
        closeness=pulse_scores(pulse).composite(PULSE_HEADLINE),
        updated_at=pulse.updated_at,
    )
    return Status(201 if created else 200, out)
