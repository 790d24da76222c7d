"""Demo together-mode round for ``make run``: one question answered by both (revealed),
with a reply from Blair."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from closeknit.web.practice.content import deck
from closeknit.web.practice.models import (
    DrawnQuestion,
    TogetherAnswer,
    TogetherReply,
    TogetherRound,
)


def seed_practice(cast: Any) -> None:
    question = next(q for q in deck().questions if q.tier == "light" and q.suits("partner"))
    # Rounds are visible from the moment both had joined (see access._rounds).
    when = max(cast.alex_membership.joined_at, cast.blair_membership.joined_at)
    DrawnQuestion.objects.create(
        relationship=cast.relationship, question_id=question.id, drawn_by=cast.alex_membership
    )
    together = TogetherRound.objects.create(
        relationship=cast.relationship, question_id=question.id, started_at=when
    )
    TogetherAnswer.objects.create(
        round=together,
        membership=cast.alex_membership,
        text="Probably the evening we cooked with the windows open and no phones.",
        answered_at=when,
    )
    TogetherAnswer.objects.create(
        round=together,
        membership=cast.blair_membership,
        text="The long walk by the river, when we talked about nothing in particular.",
        answered_at=when,
    )
    together.revealed_at = when
    together.save(update_fields=["revealed_at"])
    TogetherReply.objects.create(
        round=together,
        membership=cast.blair_membership,
        text="Let's do the windows-open dinner again this week.",
        written_at=timezone.now(),
    )
