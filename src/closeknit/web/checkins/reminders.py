"""When a reminder is due, and sending it exactly once.

A reminder's *occurrences* are its weekdays at its local time in the person's own time
zone (``User.timezone``). :func:`due_occurrence` is the latest occurrence at or before
``now`` that is not older than :data:`GRACE` and after ``last_sent``: an occurrence missed
for longer (the worker was down for a day) is skipped, not sent late.

:func:`send_due_reminders` claims each due occurrence with one conditional UPDATE
(``… SET last_sent = occurrence WHERE id = … AND (last_sent IS NULL OR last_sent <
occurrence)``) before enqueueing the e-mail: whichever sender's UPDATE changes the row
sends, every other sender sees zero rows changed and moves on. The message carries no
content from the app, only a link.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from closeknit.web.checkins.models import Reminder
from closeknit.web.common.tasks import send_email

GRACE = timedelta(hours=2)
SUBJECT = "A reminder from closeknit"
BODY = (
    "You asked closeknit to remind you. Open closeknit to see your plan.\n\n{link}\n\n"
    "You can change or switch off reminders on that page.\n"
)


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def due_occurrence(reminder: Reminder, tz_name: str, now: datetime) -> datetime | None:
    """The occurrence (aware, UTC) to send now, or ``None``; see the module docstring."""
    if not reminder.enabled or not reminder.weekdays:
        return None
    tz = _zone(tz_name)
    local_now = now.astimezone(tz)
    for back in range(8):
        day = local_now.date() - timedelta(days=back)
        if day.weekday() not in reminder.weekdays:
            continue
        # fold=0 picks the first of a repeated hour; a skipped hour resolves forward.
        at = datetime.combine(day, reminder.time_of_day, tzinfo=tz)
        at = at.astimezone(zoneinfo.ZoneInfo("UTC"))
        if at > now:
            continue
        if now - at > GRACE:
            return None
        if reminder.last_sent is not None and reminder.last_sent >= at:
            return None
        return at
    return None


def _link(reminder: Reminder) -> str:
    # No request to ask for the host here: the configured public address is used.
    base: str = settings.CLOSEKNIT_PUBLIC_URL
    path = reverse("practice-plan", kwargs={"relationship_id": reminder.membership.relationship_id})
    return base + path


def send_due_reminders(now: datetime | None = None) -> int:
    """Enqueues one e-mail per due occurrence claimed by this call; returns how many."""
    now = now or timezone.now()
    sent = 0
    candidates = Reminder.objects.filter(
        enabled=True, membership__left_at__isnull=True
    ).select_related("membership__user")
    for reminder in candidates:
        user = reminder.membership.user
        at = due_occurrence(reminder, user.timezone, now)
        if at is None:
            continue
        claimed = (
            Reminder.objects.filter(pk=reminder.pk)
            .filter(Q(last_sent__isnull=True) | Q(last_sent__lt=at))
            .update(last_sent=at)
        )
        if claimed != 1:
            continue  # another sender got there first
        send_email.enqueue(subject=SUBJECT, body=BODY.format(link=_link(reminder)), to=[user.email])
        sent += 1
    return sent
