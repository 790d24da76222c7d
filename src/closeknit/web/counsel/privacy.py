"""What counsellor mode contributes to "export my data" and "delete my account".

A member exports the counsellings of their relationships, what they consented to and every
record of the counsellor looking at their data; a counsellor exports the counsellings they
took on. Deleting a member's account removes their counsellings with their membership;
deleting a counsellor's account ends their counsellings (the members keep their records).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from closeknit.web.counsel.models import AccessRecord, Consent, Counselling
from closeknit.web.relationships.models import Membership


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def _while_member(user: Any) -> list[Counselling]:
    """Counsellings proposed while the person was in the relationship (not ones that
    others began after they left)."""
    found: dict[Any, Counselling] = {}
    for m in Membership.objects.filter(user=user):
        rows = Counselling.objects.filter(
            relationship_id=m.relationship_id, proposed_at__gte=m.joined_at
        )
        if m.left_at is not None:
            rows = rows.filter(proposed_at__lte=m.left_at)
        found.update((c.pk, c) for c in rows)
    return sorted(found.values(), key=lambda c: c.proposed_at)


def export_counsel(user: Any) -> dict[str, Any]:
    mine = _while_member(user)
    return {
        "counsellings": [
            {
                "relationship_id": str(c.relationship_id),
                "counsellor_email": c.counsellor_email,
                "state": c.state,
                "proposed_at": _when(c.proposed_at),
                "agreed_at": _when(c.agreed_at),
                "accepted_at": _when(c.accepted_at),
                "ended_at": _when(c.ended_at),
            }
            for c in mine
        ],
        "my_consents": [
            {
                "relationship_id": str(c.counselling.relationship_id),
                "checkup_report": c.checkup_report,
                "pulse_trend": c.pulse_trend,
            }
            for c in Consent.objects.filter(membership__user=user).select_related("counselling")
        ],
        "counsellor_looked_at_my_data": [
            {
                "relationship_id": str(r.counselling.relationship_id),
                "what": r.what,
                "at": _when(r.at),
            }
            for r in AccessRecord.objects.filter(membership__user=user).select_related(
                "counselling"
            )
        ],
        "as_counsellor": [
            {
                "counselling_id": str(c.pk),
                "accepted_at": _when(c.accepted_at),
                "ended_at": _when(c.ended_at),
            }
            for c in Counselling.objects.filter(counsellor=user)
        ],
    }


def delete_counsel(user: Any) -> None:
    """End the person's counsellings, as counsellor and as member (their own consents and
    records go with their membership; the other member keeps theirs)."""
    now = timezone.now()
    Counselling.objects.filter(counsellor=user, ended_at__isnull=True).update(ended_at=now)
    Counselling.objects.filter(relationship__memberships__user=user, ended_at__isnull=True).update(
        ended_at=now, token_hash=None
    )
