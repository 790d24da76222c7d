"""What counsellor mode contributes to "export my data" and "delete my account".

A member exports the counsellings of their relationships, what they consented to and every
record of the counsellor looking at their data; a counsellor exports the counsellings they
took on. Deleting a member's account removes their counsellings with their membership;
deleting a counsellor's account ends their counsellings (the members keep their records).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from closeknit.web.counsel.models import AccessRecord, Consent, Counselling
from closeknit.web.relationships.models import Membership


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def _while_member(user: Any) -> list[Counselling]:
    """Counsellings the person took part in: proposed or agreed to, consented in, looked at
    for them, or proposed during their current time in the relationship (not ones that
    others began after they left)."""
    memberships = list(Membership.objects.filter(user=user))
    ids = [m.pk for m in memberships]
    rows = Counselling.objects.filter(
        Q(proposed_by__in=ids)
        | Q(agreed_by__in=ids)
        | Q(consents__membership__in=ids)
        | Q(records__membership__in=ids)
    )
    for m in memberships:
        period = Q(relationship_id=m.relationship_id, proposed_at__gte=m.joined_at)
        if m.left_at is not None:
            period &= Q(proposed_at__lte=m.left_at)
        rows = rows | Counselling.objects.filter(period)
    return sorted(rows.distinct(), key=lambda c: c.proposed_at)


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
    # Only relationships the person is still in: one they left has moved on without them.
    Counselling.objects.filter(
        relationship__memberships__user=user,
        relationship__memberships__left_at__isnull=True,
        ended_at__isnull=True,
    ).update(ended_at=now, token_hash=None)
