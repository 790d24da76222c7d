"""A person's Checkup takes and weekly Pulses in one relationship.

Answers are encrypted at rest and belong to one member: they are read only through
:mod:`closeknit.web.checkups.access`, which never hands one member's answers to the other.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.utils import timezone

from closeknit.web.common.fields import EncryptedJSONField
from closeknit.web.relationships.models import Membership


class Take(models.Model):
    """One go at the Checkup by one member, saved section by section.

    ``answers`` maps item id to the chosen point (unanswered items are absent);
    ``sections_done`` lists the ids of sections the person has saved, so a take can be
    resumed where it was left. A take is sealed from the other person for ever: only its
    ``finished_at`` is ever shown to them, as "finished" or "not yet".
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="takes")
    instrument = models.CharField(max_length=20, default="checkup")
    version = models.CharField(max_length=20)
    answers = EncryptedJSONField(default=dict)
    sections_done = models.JSONField(default=list)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["membership", "finished_at"])]  # noqa: RUF012 - Django reads it as a class attribute
        ordering = ("started_at",)

    def __str__(self) -> str:
        return f"{self.instrument} take {self.id}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


def iso_week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week (a Pulse belongs to one such week)."""
    return date.fromisocalendar(*day.isocalendar()[:2], 1)


class Pulse(models.Model):
    """One member's weekly Pulse; at most one per ISO week (a second save updates it)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="pulses")
    week = models.DateField(help_text="Monday of the ISO week, in the person's own time zone")
    version = models.CharField(max_length=20)
    answers = EncryptedJSONField(default=dict)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [  # noqa: RUF012 - Django reads it as a class attribute
            models.UniqueConstraint(fields=["membership", "week"], name="one_pulse_per_week")
        ]
        ordering = ("week",)

    def __str__(self) -> str:
        return f"pulse {self.week} of {self.membership_id}"
