from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from closeknit.model.vocabulary import RELATIONSHIP_TYPES

MAX_MEMBERS = 2
INVITATION_LIFETIME = timedelta(days=7)


class RelationshipKind(models.TextChoices):
    PARTNER = "partner", "Partners"
    FRIEND = "friend", "Friends"
    FAMILY = "family", "Family"


assert tuple(RelationshipKind.values) == RELATIONSHIP_TYPES  # one vocabulary everywhere


class Relationship(models.Model):
    """Two people (at most) who look at their closeness together."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=RelationshipKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.id}"

    def active_memberships(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(left_at__isnull=True)


class Membership(models.Model):
    """One person's place in one relationship.

    ``joint_features_enabled`` is False after a positive safety screen; it is private to
    this member and only ever read through ``closeknit.web.safety.access``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    joint_features_enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [  # noqa: RUF012 - Django reads it as a class attribute
            models.UniqueConstraint(
                fields=["user", "relationship"], name="one_membership_per_person"
            )
        ]
        indexes = [models.Index(fields=["user", "left_at"])]  # noqa: RUF012 - Django reads it as a class attribute

    def __str__(self) -> str:
        return f"{self.user} in {self.relationship_id}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None

    def active_others(self) -> list[Membership]:
        """The relationship's other active members (at most one), oldest membership first,
        each with its user.

        A membership loaded by ``access.get_membership_for_user`` (every relationship page
        and API call) already holds them: the same query loaded the relationship's active
        members. That instance lives for one request, so what it holds is that request's
        view, as a query made later in the request would have seen it.
        """
        loaded = self.__dict__.get("_active_others")
        if loaded is not None:
            return list(loaded)
        return list(
            Membership.objects.filter(relationship_id=self.relationship_id, left_at__isnull=True)
            .exclude(pk=self.pk)
            .select_related("user")
            .order_by("pk")
        )

    def other(self) -> Membership | None:
        """The other active member, if one has joined."""
        others = self.active_others()
        return others[0] if others else None


def default_expiry() -> datetime:
    return timezone.now() + INVITATION_LIFETIME


class Invitation(models.Model):
    """A single-use link to join a relationship. Only the SHA-256 of the token is stored."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="invitations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_expiry)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [  # noqa: RUF012 - Django reads it as a class attribute
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked_not_both",
            )
        ]

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
