"""Relationships in the JSON API: list mine, read one, create, invite, accept, leave."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from closeknit.web.relationships.access import get_membership_for_user, memberships_for_user
from closeknit.web.relationships.actions import (
    check_accept_invitation,
    check_create_invitation,
    check_create_relationship,
    do_leave_relationship,
)
from closeknit.web.relationships.errors import RelationshipActionError
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import joint_state

router = Router(tags=["relationships"])


class ErrorOut(Schema):
    code: str
    message: str


class RelationshipOut(Schema):
    id: uuid.UUID
    kind: str
    joined_at: datetime
    other_person: str | None
    joint_features: str  # available | needs_own_screen | waiting_for_other_to_join | unavailable


class CreateIn(Schema):
    kind: str


class InvitationOut(Schema):
    url: str
    expires_at: datetime


class AcceptIn(Schema):
    token: str


def _out(membership: Membership) -> RelationshipOut:
    other = membership.other()
    return RelationshipOut(
        id=membership.relationship_id,
        kind=membership.relationship.kind,
        joined_at=membership.joined_at,
        other_person=other.user.display_name if other else None,
        joint_features=joint_state(membership).value,
    )


def _error(exc: RelationshipActionError) -> Status[ErrorOut]:
    return Status(exc.error.status, ErrorOut(code=exc.error.code, message=exc.error.message))


@router.get("/", response=list[RelationshipOut], url_name="api-relationships-list")
def list_relationships(request: HttpRequest) -> list[RelationshipOut]:
    return [_out(m) for m in memberships_for_user(request.user)]


@router.post(
    "/", response={201: RelationshipOut, 400: ErrorOut}, url_name="api-relationships-create"
)
def create_relationship(request: HttpRequest, payload: CreateIn):  # type: ignore[no-untyped-def]
    try:
        return Status(201, _out(check_create_relationship(request.user, payload.kind)))
    except RelationshipActionError as exc:
        return _error(exc)


@router.get(
    "/{uuid:relationship_id}", response=RelationshipOut, url_name="api-relationships-detail"
)
def get_relationship(request: HttpRequest, relationship_id: uuid.UUID) -> RelationshipOut:
    return _out(get_membership_for_user(request.user, relationship_id))


@router.post(
    "/{uuid:relationship_id}/invitations",
    response={201: InvitationOut, 409: ErrorOut},
    url_name="api-relationships-invite",
)
def invite(request: HttpRequest, relationship_id: uuid.UUID):  # type: ignore[no-untyped-def]
    membership = get_membership_for_user(request.user, relationship_id)
    try:
        new = check_create_invitation(membership)
    except RelationshipActionError as exc:
        return _error(exc)
    return Status(
        201,
        InvitationOut(
            url=request.build_absolute_uri(new.path), expires_at=new.invitation.expires_at
        ),
    )


@router.post(
    "/accept",
    response={200: RelationshipOut, 404: ErrorOut, 409: ErrorOut, 410: ErrorOut},
    url_name="api-relationships-accept",
)
def accept(request: HttpRequest, payload: AcceptIn):  # type: ignore[no-untyped-def]
    try:
        return Status(200, _out(check_accept_invitation(request.user, payload.token)))
    except RelationshipActionError as exc:
        return _error(exc)


@router.post(
    "/{uuid:relationship_id}/leave", response={204: None}, url_name="api-relationships-leave"
)
def leave(request: HttpRequest, relationship_id: uuid.UUID):  # type: ignore[no-untyped-def]
    do_leave_relationship(get_membership_for_user(request.user, relationship_id))
    return Status(204, None)
