"""Reads that need permission. Every relationship-scoped view loads through here.

A relationship the person is not (or no longer) in answers exactly like one that does not
exist: :class:`django.http.Http404`. Never use a bare ``objects.get`` in a view.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from closeknit.web.common.ids import uuid_or_404
from closeknit.web.common.rows import JoinedRows
from closeknit.web.relationships.models import Membership, Relationship

# Membership.objects.select_related("relationship", "user")
#     .filter(relationship_id=…, left_at__isnull=True)
_ACTIVE_MEMBERS = JoinedRows(
    Membership, joins=("relationship", "user"), equal=("relationship",), null=("left_at",)
)


def get_membership_for_user(user: Any, relationship_id: Any) -> Membership:
    """The signed-in person's active membership in that relationship, or Http404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such relationship")
    # One query for the relationship's active members: the person's own membership and
    # the other member most pages name, which ``membership.other()`` then answers from
    # (instead of a query each). It runs on every relationship page, so it is prepared once.
    members = sorted(  # oldest membership first, as membership.other() answers
        _ACTIVE_MEMBERS.fetch(uuid_or_404(relationship_id, "relationship")), key=lambda m: m.pk
    )
    membership = next((m for m in members if m.user_id == user.pk), None)
    if membership is None:
        raise Http404("No such relationship")
    membership._active_others = tuple(m for m in members if m is not membership)  # type: ignore[attr-defined]
    return membership


def get_relationship_for_user(user: Any, relationship_id: Any) -> Relationship:
    return get_membership_for_user(user, relationship_id).relationship


def memberships_for_user(user: Any) -> QuerySet[Membership]:
    """The person's active memberships, newest first."""
    return (
        Membership.objects.filter(user=user, left_at__isnull=True)
        .select_related("relationship")
        .order_by("-joined_at")
    )
