"""What check-ins contribute to "export my data" and "delete my account": the person's
own check-ins (with their notes, shared or not), journal entries and reminder settings.
Nothing of the other person's, not even what they shared (it is theirs to export)."""

from __future__ import annotations

from typing import Any

from closeknit.web.checkins.models import CalendarFeed, Checkin, JournalEntry, Reminder


def export_checkins(user: Any) -> dict[str, Any]:
    checkins = Checkin.objects.filter(membership__user=user).select_related("membership")
    entries = JournalEntry.objects.filter(membership__user=user).select_related("membership")
    reminders = Reminder.objects.filter(membership__user=user).select_related("membership")
    return {
        "checkins": [
            {
                "relationship_id": str(c.membership.relationship_id),
                "day": c.day.isoformat(),
                "mood": c.mood,
                "closeness": c.closeness,
                "loneliness": c.loneliness,
                "stress": c.stress,
                "minutes_together": c.minutes_together,
                "shared_moment": c.shared_moment,
                "note": c.note,
                "note_shared": c.note_shared,
            }
            for c in checkins.order_by("day")
        ],
        "journal": [
            {
                "relationship_id": str(e.membership.relationship_id),
                "text": e.text,
                "shared": e.shared,
                "created_at": e.created_at.isoformat(),
            }
            for e in entries.order_by("created_at")
        ],
        "reminders": [
            {
                "relationship_id": str(r.membership.relationship_id),
                "enabled": r.enabled,
                "weekdays": list(r.weekdays),
                "time_of_day": r.time_of_day.strftime("%H:%M"),
            }
            for r in reminders
        ],
        "calendar_feed": CalendarFeed.objects.filter(membership__user=user).exists(),
    }


def delete_checkins(user: Any) -> None:
    CalendarFeed.objects.filter(membership__user=user).delete()
    Reminder.objects.filter(membership__user=user).delete()
    JournalEntry.objects.filter(membership__user=user).delete()
    Checkin.objects.filter(membership__user=user).delete()
