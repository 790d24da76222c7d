"""Writes to relationships. ``do_...`` trusts its input; ``check_...`` validates, then does.

``check_...`` functions raise :class:`RelationshipActionError` carrying a
:class:`RelationshipError`, which pages and the API turn into the same message and status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from closeknit.web.relationships.errors import RelationshipActionError, RelationshipError
from closeknit.web.relationships.models import (
    MAX_MEMBERS,
    Invitation,
    Membership,
    Relationship,
    RelationshipKind,
)
from closeknit.web.relationships.tokens import hash_token, new_token


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str  # the only time the plain token exists; it is never stored

    @property
    def path(self) -> str:
        return reverse("relationships-accept", kwargs={"token": self.token})


@transaction.atomic
def do_create_relationship(user: Any, kind: str) -> Membership:
    relationship = Relationship.objects.create(kind=kind, created_by=user)
    return Membership.objects.create(user=user, relationship=relationship)


def check_create_relationship(user: Any, kind: str) -> Membership:
    if kind not in RelationshipKind.values:
        raise RelationshipActionError(RelationshipError.UNKNOWN_KIND)
    return do_create_relationship(user, kind)


@transaction.atomic
def check_create_invitation(membership: Membership) -> NewInvitation:
    """A fresh single-use link; earlier pending links for this relationship stop working."""
    relationship = Relationship.objects.select_for_update().get(pk=membership.relationship_id)
    if relationship.active_memberships().count() >= MAX_MEMBERS:
        raise RelationshipActionError(RelationshipError.NOT_ALONE)
    now = timezone.now()
    Invitation.objects.filter(
        relationship=relationship, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = new_token()
    invitation = Invitation.objects.create(
        relationship=relationship, created_by=membership.user, token_hash=hash_token(token)
    )
    return NewInvitation(invitation, token)


def find_invitation(token: str) -> Invitation:
    """The invitation for ``token`` in any state, or the NOT_FOUND error."""
    invitation = (
        Invitation.objects.select_related("relationship", "created_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise RelationshipActionError(RelationshipError.INVITATION_NOT_FOUND)
    return invitation


def check_invitation_usable(invitation: Invitation, user: Any) -> None:
    """Raises the reason ``user`` cannot accept ``invitation`` now, most specific first."""
    if invitation.revoked_at is not None:
        raise RelationshipActionError(RelationshipError.INVITATION_REVOKED)
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == getattr(user, "pk", None):
            raise RelationshipActionError(RelationshipError.ALREADY_MEMBER)
        raise RelationshipActionError(RelationshipError.INVITATION_USED)
    if invitation.expires_at <= timezone.now():
        raise RelationshipActionError(RelationshipError.INVITATION_EXPIRED)
    if getattr(user, "is_authenticated", False):
        if invitation.created_by_id == user.pk:
            raise RelationshipActionError(RelationshipError.OWN_INVITATION)
        active = invitation.relationship.active_memberships()
        if active.filter(user=user).exists():
            raise RelationshipActionError(RelationshipError.ALREADY_MEMBER)
        if active.count() >= MAX_MEMBERS:
            raise RelationshipActionError(RelationshipError.RELATIONSHIP_FULL)


@transaction.atomic
def check_accept_invitation(user: Any, token: str) -> Membership:
    """Joins ``user`` to the invitation's relationship, once, and never beyond two people."""
    invitation = find_invitation(token)
    # Lock the relationship so two people accepting at once cannot both become the second.
    Relationship.objects.select_for_update().get(pk=invitation.relationship_id)
    invitation.refresh_from_db()
    check_invitation_usable(invitation, user)
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(accepted_at=now, accepted_by=user)
    if claimed != 1:
        raise RelationshipActionError(RelationshipError.INVITATION_USED)
    membership, created = Membership.objects.get_or_create(
        user=user,
        relationship_id=invitation.relationship_id,
        defaults={"joined_at": now},
    )
    if not created:
        # Someone who left and is invited back starts afresh as an active member.
        membership.left_at = None
        membership.joined_at = now
        membership.joint_features_enabled = True
        membership.save(update_fields=["left_at", "joined_at", "joint_features_enabled"])
    return membership


@transaction.atomic
def do_revoke_invitations(membership: Membership) -> int:
    return Invitation.objects.filter(
        relationship_id=membership.relationship_id,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())


@transaction.atomic
def do_leave_relationship(membership: Membership) -> None:
    """Ends ``membership``. Both people keep their own data (each can still export it or
    delete it with their account); neither sees anything new from the other any more."""
    now = timezone.now()
    Membership.objects.filter(pk=membership.pk).update(left_at=now)
    membership.left_at = now
    do_revoke_invitations(membership)
