"""What relationships contribute to "export my data" and "delete my account"."""

from __future__ import annotations

from typing import Any

from closeknit.web.relationships.actions import do_leave_relationship
from closeknit.web.relationships.models import Membership


def export_relationships(user: Any) -> list[Any]:
    """My memberships (including ones I left); the other person appears only by name."""
    rows = []
    for m in Membership.objects.filter(user=user).select_related("relationship"):
        other = m.other() if m.is_active else None
        rows.append(
            {
                "relationship_id": str(m.relationship_id),
                "kind": m.relationship.kind,
                "joined_at": m.joined_at.isoformat(),
                "left_at": m.left_at.isoformat() if m.left_at else None,
                "other_person": other.user.display_name if other else None,
            }
        )
    return rows


def delete_relationship_data(user: Any) -> None:
    for membership in Membership.objects.filter(user=user, left_at__isnull=True).select_related(
        "relationship"
    ):
        do_leave_relationship(membership)
    Membership.objects.filter(user=user).delete()
