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


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_counsel(user: Any) -> dict[str, Any]:
    mine = Counselling.objects.filter(relationship__memberships__user=user).distinct()
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
            for c in mine.order_by("proposed_at")
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
    Counselling.objects.filter(counsellor=user, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
