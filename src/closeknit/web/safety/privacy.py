from __future__ import annotations

from typing import Any

from closeknit.web.safety.models import SafetyScreen


def export_screens(user: Any) -> list[Any]:
    return [
        {
            "relationship_id": str(s.membership.relationship_id),
            "instrument_version": s.instrument_version,
            "taken_at": s.taken_at.isoformat(),
            "answers": s.answers,
            "result": s.result,
        }
        for s in SafetyScreen.objects.filter(membership__user=user).select_related("membership")
    ]


def delete_screens(user: Any) -> None:
    SafetyScreen.objects.filter(membership__user=user).delete()
