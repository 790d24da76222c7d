"""A counsellor invited by both people, what each lets them see, and every look they take.

A :class:`Counselling` is proposed by one member, agreed by the other, then accepted by the
counsellor through a single-use link (stored only as a hash). Either member may end it at
any time; it also stops showing anything while joint features are closed (a positive
safety screen on either side, or someone leaving). A counsellor is never a member: the
relationship still has at most two people. Each member decides alone what the counsellor
may see of *their* data (:class:`Consent`, nothing by default), and every time the
counsellor opens it an :class:`AccessRecord` says what and when, for that member to read.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from closeknit.web.relationships.models import Membership, Relationship

INVITATION_LIFETIME = timedelta(days=14)


class Counselling(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="counsellings"
    )
    counsellor_email = models.EmailField()
    # SET_NULL, not CASCADE: deleting one person's account must not wipe the other's record
    # of the counsellor's looks; a counselling missing either person has simply ended.
    proposed_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True)
    token_hash = models.CharField(max_length=64, null=True, unique=True)
    expires_at = models.DateTimeField(null=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="counsellings"
    )
    accepted_at = models.DateTimeField(null=True)
    ended_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ("-proposed_at",)
        constraints = [  # noqa: RUF012 - Django reads it as a class attribute
            # Two proposals racing in two requests: the database keeps one.
            models.UniqueConstraint(
                fields=["relationship"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_counselling_per_relationship",
            )
        ]

    def __str__(self) -> str:
        return f"counselling {self.id} ({self.state})"

    @property
    def state(self) -> str:
        """``proposed``, ``invited``, ``active`` or ``ended``."""
        if self.ended_at is not None or (self.accepted_at and self.counsellor_id is None):
            return "ended"
        if self.accepted_at is not None:
            return "active"
        if self.agreed_at is not None:
            return "invited"
        return "proposed"


class Consent(models.Model):
    """What one member lets the counsellor see of their own data."""

    counselling = models.ForeignKey(Counselling, on_delete=models.CASCADE, related_name="consents")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    checkup_report = models.BooleanField(default=False)
    pulse_trend = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [  # noqa: RUF012 - Django reads it as a class attribute
            models.UniqueConstraint(
                fields=["counselling", "membership"], name="one_consent_per_member"
            )
        ]


class AccessRecord(models.Model):
    """The counsellor looked at ``what`` of ``membership``'s data at ``at``."""

    WHAT = (("checkup_report", "your latest Checkup report"), ("pulse_trend", "your Pulse trend"))

    counselling = models.ForeignKey(Counselling, on_delete=models.CASCADE, related_name="records")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=20, choices=WHAT)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at",)
