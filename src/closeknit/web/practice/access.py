"""Reads that need permission in the practice context.

Together mode is the delicate part: :func:`round_view` gives the member their own answer
and, only once the round is revealed (both answered), the other member's answer and
replies. Before the reveal all anyone learns is "answered" or "not yet".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from closeknit.practice import Question
from closeknit.web.common.ids import uuid_or_404
from closeknit.web.practice.content import deck
from closeknit.web.practice.models import (
    DrawnQuestion,
    StoredPlan,
    TogetherAnswer,
    TogetherReply,
    TogetherRound,
)
from closeknit.web.relationships.models import Membership


def deck_history(membership: Membership) -> list[str]:
    """Question ids drawn for this relationship so far (both members' draws)."""
    return list(
        DrawnQuestion.objects.filter(relationship_id=membership.relationship_id).values_list(
            "question_id", flat=True
        )
    )


def last_drawn(membership: Membership) -> DrawnQuestion | None:
    return (
        DrawnQuestion.objects.filter(relationship_id=membership.relationship_id)
        .order_by("-drawn_at", "-id")
        .first()
    )


def plan_for_week(membership: Membership, week: Any) -> StoredPlan | None:
    return StoredPlan.objects.filter(membership=membership, week=week).first()


def _rounds(membership: Membership) -> Any:
    """Rounds of the relationship since this member joined: someone who joins later never
    reads answers written for a person before them."""
    return TogetherRound.objects.filter(
        relationship_id=membership.relationship_id, started_at__gte=membership.joined_at
    )


def get_round(membership: Membership, round_id: Any) -> TogetherRound:
    found = _rounds(membership).filter(pk=uuid_or_404(round_id, "question")).first()
    if found is None:
        raise Http404("No such question")
    return found


def current_round(membership: Membership) -> TogetherRound | None:
    return _rounds(membership).order_by("-started_at").first()


def past_rounds(membership: Membership, limit: int = 10) -> list[TogetherRound]:
    return list(
        _rounds(membership).filter(revealed_at__isnull=False).order_by("-revealed_at")[:limit]
    )


@dataclass(frozen=True)
class Reply:
    mine: bool
    text: str


@dataclass(frozen=True)
class RoundView:
    """One round as ``membership`` may see it. ``theirs`` and ``replies`` stay empty until
    the round is revealed, whatever is stored."""

    round: TogetherRound
    question: Question
    mine: str | None
    other_answered: bool
    theirs: str | None
    replies: tuple[Reply, ...]
    i_replied: bool

    @property
    def revealed(self) -> bool:
        return self.round.is_revealed

    @property
    def state(self) -> str:
        if self.revealed:
            return "revealed"
        if self.mine is not None:
            return "waiting_for_other"
        return "waiting_for_you" if self.other_answered else "open"


def round_view(membership: Membership, together: TogetherRound) -> RoundView:
    mine = TogetherAnswer.objects.filter(round=together, membership=membership).first()
    theirs_text: str | None = None
    replies: tuple[Reply, ...] = ()
    if together.is_revealed:
        other = TogetherAnswer.objects.filter(round=together).exclude(membership=membership).first()
        theirs_text = other.text if other else None
        other_answered = other is not None
        replies = tuple(
            Reply(r.membership_id == membership.pk, r.text)
            for r in TogetherReply.objects.filter(round=together).order_by("written_at")
        )
    else:
        # Only whether the other person answered: never the row itself.
        other_answered = (
            TogetherAnswer.objects.filter(round=together).exclude(membership=membership).exists()
        )
    return RoundView(
        round=together,
        question=deck().get(together.question_id),
        mine=mine.text if mine else None,
        other_answered=other_answered,
        theirs=theirs_text,
        replies=replies,
        i_replied=any(r.mine for r in replies),
    )
