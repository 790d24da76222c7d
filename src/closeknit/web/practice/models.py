"""Weekly plans, drawn questions and together-mode rounds.

Plans belong to one member. Drawn questions and together rounds belong to the
relationship (so a question is never drawn twice for the same two people until the deck
is exhausted); each together answer and reply belongs to one member and is encrypted.
The other member's answer is read only through :mod:`closeknit.web.practice.access`,
which releases it once the round is revealed.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from closeknit.web.common.fields import EncryptedTextField
from closeknit.web.relationships.models import Membership, Relationship

ANSWER_MAX = 2000
REPLY_MAX = 500


class StoredPlan(models.Model):
    """One member's plan for one ISO week (``week`` is its Monday).

    ``practices`` is a list of ``{"exercise_id", "title", "minutes", "mode", "reason"}``;
    ``inputs_key`` fingerprints what the plan was built from, so a new Pulse or check-in
    rebuilds it; ``done`` lists the exercise ids the person marked done (no dates, no
    counts: nothing here can become a streak).
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="plans")
    week = models.DateField()
    practices = models.JSONField(default=list)
    counselling = models.JSONField(null=True, blank=True)
    notes = models.JSONField(default=list)
    inputs_key = models.CharField(max_length=64)
    done = models.JSONField(default=list)
    generated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [  # noqa: RUF012 - Django reads it as a class attribute
            models.UniqueConstraint(fields=["membership", "week"], name="one_plan_per_week")
        ]
        ordering = ("week",)

    def __str__(self) -> str:
        return f"plan {self.week} of {self.membership_id}"

    @property
    def exercise_ids(self) -> list[str]:
        return [p["exercise_id"] for p in self.practices]


class DrawnQuestion(models.Model):
    """A question drawn for a relationship (its history makes the deck never repeat)."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="drawn_questions"
    )
    question_id = models.CharField(max_length=60)
    drawn_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True)
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("drawn_at", "id")

    def __str__(self) -> str:
        return f"{self.question_id} for {self.relationship_id}"


class TogetherRound(models.Model):
    """One together-mode question; ``revealed_at`` is set when the second answer lands."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="together_rounds"
    )
    question_id = models.CharField(max_length=60)
    started_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("started_at",)

    def __str__(self) -> str:
        return f"together {self.question_id}"

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None


class TogetherAnswer(models.Model):
    """One member's answer: written once, sealed until both have answered."""

    round = models.ForeignKey(TogetherRound, on_delete=models.CASCADE, related_name="answers")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [  # noqa: RUF012 - Django reads it as a class attribute
            models.UniqueConstraint(fields=["round", "membership"], name="one_answer_each")
        ]

    def __str__(self) -> str:
        return f"answer in {self.round_id}"


class TogetherReply(models.Model):
    """A short reply after the reveal (one per person per round)."""

    round = models.ForeignKey(TogetherRound, on_delete=models.CASCADE, related_name="replies")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [  # noqa: RUF012 - Django reads it as a class attribute
            models.UniqueConstraint(fields=["round", "membership"], name="one_reply_each")
        ]
        ordering = ("written_at",)

    def __str__(self) -> str:
        return f"reply in {self.round_id}"
