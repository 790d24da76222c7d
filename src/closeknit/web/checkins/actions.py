"""Writes of the check-ins context: ``do_…`` trusted and atomic, ``check_…`` validate first."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from closeknit.errors import CloseknitError
from closeknit.trends import Checkin as CoreCheckin
from closeknit.web.checkins.errors import CheckinsActionError, CheckinsError
from closeknit.web.checkins.models import (
    JOURNAL_MAX,
    NOTE_MAX,
    CalendarFeed,
    Checkin,
    JournalEntry,
    Reminder,
)
from closeknit.web.relationships.models import Membership

CHECKIN_FIELDS = ("mood", "closeness", "loneliness", "stress", "minutes_together")


def check_save_checkin(
    membership: Membership, values: Mapping[str, Any], *, day: date
) -> tuple[Checkin, bool]:
    """Saves the day's check-in (a second save the same day updates it).

    ``values`` holds the answers (ints), ``shared_moment`` (bool), ``note`` (str) and
    ``note_shared`` (bool). The core's :class:`closeknit.trends.Checkin` validates ranges.
    """
    try:
        numbers = {k: int(values[k]) for k in CHECKIN_FIELDS}
    except (KeyError, TypeError, ValueError):
        raise CheckinsActionError(CheckinsError.BAD_CHECKIN) from None
    shared_moment = bool(values.get("shared_moment", False))
    try:
        CoreCheckin(day=day, shared_moment=shared_moment, **numbers)
    except CloseknitError:
        raise CheckinsActionError(CheckinsError.BAD_CHECKIN) from None
    note = str(values.get("note") or "").strip()
    if len(note) > NOTE_MAX:
        raise CheckinsActionError(CheckinsError.TOO_LONG, "note")
    now = timezone.now()
    with transaction.atomic():
        checkin, created = Checkin.objects.update_or_create(
            membership=membership,
            day=day,
            defaults={
                **numbers,
                "shared_moment": shared_moment,
                "note": note,
                "note_shared": bool(values.get("note_shared", False)) and bool(note),
                "updated_at": now,
            },
            create_defaults={
                **numbers,
                "shared_moment": shared_moment,
                "note": note,
                "note_shared": bool(values.get("note_shared", False)) and bool(note),
                "updated_at": now,
                "created_at": now,
            },
        )
    return checkin, created


def check_add_entry(membership: Membership, text: str, *, shared: bool = False) -> JournalEntry:
    text = (text or "").strip()
    if not text:
        raise CheckinsActionError(CheckinsError.EMPTY_ENTRY, "text")
    if len(text) > JOURNAL_MAX:
        raise CheckinsActionError(CheckinsError.TOO_LONG, "text")
    return JournalEntry.objects.create(membership=membership, text=text, shared=shared)


def do_set_entry_shared(entry: JournalEntry, shared: bool) -> JournalEntry:
    JournalEntry.objects.filter(pk=entry.pk).update(shared=shared)
    entry.shared = shared
    return entry


def do_delete_entry(entry: JournalEntry) -> None:
    entry.delete()


def check_save_reminder(
    membership: Membership, *, enabled: bool, weekdays: list[int], at: time | None
) -> Reminder:
    days = sorted({int(d) for d in weekdays})
    if any(not 0 <= d <= 6 for d in days) or (enabled and (not days or at is None)):
        raise CheckinsActionError(CheckinsError.BAD_REMINDER)
    reminder, _ = Reminder.objects.update_or_create(
        membership=membership,
        defaults={
            "enabled": enabled,
            "weekdays": days,
            "time_of_day": at or time(19, 0),
            # A changed schedule starts afresh from now: nothing missed is sent late.
            "last_sent": timezone.now(),
            "updated_at": timezone.now(),
        },
    )
    return reminder


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_new_calendar_feed(membership: Membership) -> str:
    """Replaces the member's calendar address with a new one and returns its token (shown
    once; only its hash is stored, so the old address stops working at once)."""
    token = "cal_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(membership=membership).delete()
        CalendarFeed.objects.create(membership=membership, token_hash=hash_token(token))
    return token


def do_revoke_calendar_feed(membership: Membership) -> None:
    CalendarFeed.objects.filter(membership=membership).delete()
