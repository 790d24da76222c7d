"""Check-ins and the journal in the JSON API, under ``/api/checkins/{relationship_id}``.

Only the caller's own check-ins and entries come back, plus the other member's *shared*
entries and notes when joint features are open. A private note or entry of the other
person has no path into any response.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from closeknit.web.checkins.access import (
    checkins_for_member,
    get_own_entry,
    own_journal,
    shared_journal_from_other,
    shared_notes_from_other,
)
from closeknit.web.checkins.actions import (
    check_add_entry,
    check_save_checkin,
    do_set_entry_shared,
)
from closeknit.web.checkins.errors import CheckinsActionError
from closeknit.web.checkups.actions import today_for
from closeknit.web.relationships.access import get_membership_for_user
from closeknit.web.safety.access import joint_features_available

router = Router(tags=["checkins"])


class ErrorOut(Schema):
    code: str
    message: str


class CheckinIn(Schema):
    mood: int
    closeness: int
    loneliness: int
    stress: int
    minutes_together: int = 0
    shared_moment: bool = False
    note: str = ""
    note_shared: bool = False


class CheckinOut(Schema):
    day: date
    mood: int
    closeness: int
    loneliness: int
    stress: int
    minutes_together: int
    shared_moment: bool
    note: str
    note_shared: bool


class SharedNoteOut(Schema):
    day: date
    note: str


class EntryIn(Schema):
    text: str
    shared: bool = False


class EntryOut(Schema):
    id: uuid.UUID
    text: str
    shared: bool
    mine: bool
    created_at: datetime


class ShareIn(Schema):
    shared: bool


def _error(exc: CheckinsActionError) -> Status[ErrorOut]:
    return Status(exc.error.status, ErrorOut(code=exc.error.code, message=exc.error.message))


def _checkin_out(c) -> CheckinOut:  # type: ignore[no-untyped-def]
    return CheckinOut(
        day=c.day,
        mood=c.mood,
        closeness=c.closeness,
        loneliness=c.loneliness,
        stress=c.stress,
        minutes_together=c.minutes_together,
        shared_moment=c.shared_moment,
        note=c.note,
        note_shared=c.note_shared,
    )


def _entry_out(e, mine: bool) -> EntryOut:  # type: ignore[no-untyped-def]
    return EntryOut(id=e.id, text=e.text, shared=e.shared, mine=mine, created_at=e.created_at)


@router.get(
    "/{uuid:relationship_id}/checkins", response=list[CheckinOut], url_name="api-checkins-list"
)
def list_checkins(request: HttpRequest, relationship_id: uuid.UUID) -> list[CheckinOut]:
    """My own check-ins, oldest first."""
    membership = get_membership_for_user(request.user, relationship_id)
    return [_checkin_out(c) for c in checkins_for_member(membership)]


@router.post(
    "/{uuid:relationship_id}/checkins",
    response={201: CheckinOut, 200: CheckinOut, 400: ErrorOut},
    url_name="api-checkins-create",
)
def create_checkin(request: HttpRequest, relationship_id: uuid.UUID, body: CheckinIn):  # type: ignore[no-untyped-def]
    """Today's check-in (in my time zone); a second one the same day updates it."""
    membership = get_membership_for_user(request.user, relationship_id)
    values = body.dict()
    values["note_shared"] = body.note_shared and joint_features_available(membership)
    try:
        checkin, created = check_save_checkin(membership, values, day=today_for(request.user))
    except CheckinsActionError as exc:
        return _error(exc)
    return Status(201 if created else 200, _checkin_out(checkin))


@router.get(
    "/{uuid:relationship_id}/shared-notes",
    response=list[SharedNoteOut],
    url_name="api-checkins-shared-notes",
)
def shared_notes(request: HttpRequest, relationship_id: uuid.UUID) -> list[SharedNoteOut]:
    """Notes the other person chose to share with me (empty when joint features are off)."""
    membership = get_membership_for_user(request.user, relationship_id)
    if not joint_features_available(membership):
        return []
    return [SharedNoteOut(day=c.day, note=c.note) for c in shared_notes_from_other(membership)]


@router.get(
    "/{uuid:relationship_id}/journal", response=list[EntryOut], url_name="api-checkins-journal"
)
def list_journal(request: HttpRequest, relationship_id: uuid.UUID) -> list[EntryOut]:
    """My entries, then the other person's shared ones (newest first in each)."""
    membership = get_membership_for_user(request.user, relationship_id)
    out = [_entry_out(e, True) for e in own_journal(membership)]
    if joint_features_available(membership):
        out += [_entry_out(e, False) for e in shared_journal_from_other(membership)]
    return out


@router.post(
    "/{uuid:relationship_id}/journal",
    response={201: EntryOut, 400: ErrorOut},
    url_name="api-checkins-journal-add",
)
def add_entry(request: HttpRequest, relationship_id: uuid.UUID, body: EntryIn):  # type: ignore[no-untyped-def]
    membership = get_membership_for_user(request.user, relationship_id)
    shared = body.shared and joint_features_available(membership)
    try:
        entry = check_add_entry(membership, body.text, shared=shared)
    except CheckinsActionError as exc:
        return _error(exc)
    return Status(201, _entry_out(entry, True))


@router.put(
    "/{uuid:relationship_id}/journal/{uuid:entry_id}/shared",
    response=EntryOut,
    url_name="api-checkins-journal-share",
)
def share_entry(
    request: HttpRequest, relationship_id: uuid.UUID, entry_id: uuid.UUID, body: ShareIn
) -> EntryOut:
    """Share or unshare one of my entries (someone else's entry: 404)."""
    membership = get_membership_for_user(request.user, relationship_id)
    entry = get_own_entry(membership, entry_id)
    shared = body.shared and joint_features_available(membership)
    return _entry_out(do_set_entry_shared(entry, shared), True)
