"""Check-ins, the private journal, reminders and the calendar feed of one member.

Notes and journal entries are encrypted at rest and belong to their writer. The other
member sees a note or an entry only while its ``shared`` flag is on; nobody else ever
does. Reads go through :mod:`closeknit.web.checkins.access`.
"""

from __future__ import annotations

import uuid
from datetime import time

from django.db import models
from django.utils import timezone

from closeknit.web.common.fields import EncryptedTextField
from closeknit.web.relationships.models import Membership

NOTE_MAX = 1000
JOURNAL_MAX = 10000


class Checkin(models.Model):
    """One check-in; at most one per member per local day (saving again updates it)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField(help_text="the day in the person's own time zone")
    mood = models.PositiveSmallIntegerField()
    closeness = models.PositiveSmallIntegerField(help_text="1 (circles apart) to 7 (overlapping)")
    loneliness = models.PositiveSmallIntegerField()
    stress = models.PositiveSmallIntegerField()
    minutes_together = models.PositiveIntegerField(default=0)
    shared_moment = models.BooleanField(default=False)
    note = EncryptedTextField(blank=True, default="")
    note_shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [  # noqa: RUF012 - Django reads it as a class attribute
            models.UniqueConstraint(fields=["membership", "day"], name="one_checkin_per_day")
        ]
        ordering = ("day",)

    def __str__(self) -> str:
        return f"check-in {self.day} of {self.membership_id}"


class JournalEntry(models.Model):
    """A private journal entry; visible to the other member only while ``shared``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="journal")
    text = EncryptedTextField()
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"journal entry {self.id}"


class Reminder(models.Model):
    """An e-mail reminder the person set: weekdays (0 = Monday) at a local time.

    Off by default. ``last_sent`` is claimed with one conditional UPDATE before sending,
    so two senders running at once never both send the same occurrence.
    """

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="reminder")
    enabled = models.BooleanField(default=False)
    weekdays = models.JSONField(default=list)
    time_of_day = models.TimeField(default=time(19, 0))
    last_sent = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"reminder of {self.membership_id}"


class CalendarFeed(models.Model):
    """A secret calendar address; only the token's SHA-256 is kept. Revoking deletes it."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar feed of {self.membership_id}"
