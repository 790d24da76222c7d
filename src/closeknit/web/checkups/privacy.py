"""What checkups contribute to "export my data" and "delete my account".

The export holds the person's own takes and Pulses with their answers, and nothing of the
other person's: not their answers, not their scores, not even whether they finished.
"""

from __future__ import annotations

from typing import Any

from closeknit.web.checkups.models import Pulse, Take


def export_checkups(user: Any) -> dict[str, Any]:
    takes = Take.objects.filter(membership__user=user).order_by("started_at")
    pulses = Pulse.objects.filter(membership__user=user).order_by("week")
    return {
        "takes": [
            {
                "id": str(t.id),
                "relationship_id": str(t.membership.relationship_id),
                "instrument": t.instrument,
                "version": t.version,
                "answers": t.answers,
                "sections_done": list(t.sections_done),
                "started_at": t.started_at.isoformat(),
                "finished_at": t.finished_at.isoformat() if t.finished_at else None,
            }
            for t in takes.select_related("membership")
        ],
        "pulses": [
            {
                "relationship_id": str(p.membership.relationship_id),
                "week": p.week.isoformat(),
                "version": p.version,
                "answers": p.answers,
                "submitted_at": p.submitted_at.isoformat(),
                "updated_at": p.updated_at.isoformat(),
            }
            for p in pulses.select_related("membership")
        ],
    }


def delete_checkups(user: Any) -> None:
    Take.objects.filter(membership__user=user).delete()
    Pulse.objects.filter(membership__user=user).delete()
