"""What practice contributes to "export my data" and "delete my account".

The export holds the person's own plans, together-mode answers and replies, and the
questions of rounds they took part in, never the other person's answers or replies.
Deleting removes the person's own answers and replies and plans; a round the other person
answered stays theirs (its question id only).
"""

from __future__ import annotations

from typing import Any

from closeknit.web.practice.models import StoredPlan, TogetherAnswer, TogetherReply


def export_practice(user: Any) -> dict[str, Any]:
    plans = StoredPlan.objects.filter(membership__user=user).select_related("membership")
    answers = TogetherAnswer.objects.filter(membership__user=user).select_related(
        "round", "membership"
    )
    replies = TogetherReply.objects.filter(membership__user=user).select_related(
        "round", "membership"
    )
    return {
        "plans": [
            {
                "relationship_id": str(p.membership.relationship_id),
                "week": p.week.isoformat(),
                "practices": [
                    {"exercise_id": x["exercise_id"], "reason": x["reason"]} for x in p.practices
                ],
                "done": list(p.done),
            }
            for p in plans.order_by("week")
        ],
        "together_answers": [
            {
                "relationship_id": str(a.membership.relationship_id),
                "question_id": a.round.question_id,
                "answer": a.text,
                "answered_at": a.answered_at.isoformat(),
            }
            for a in answers.order_by("answered_at")
        ],
        "together_replies": [
            {
                "relationship_id": str(r.membership.relationship_id),
                "question_id": r.round.question_id,
                "reply": r.text,
                "written_at": r.written_at.isoformat(),
            }
            for r in replies.order_by("written_at")
        ],
    }


def delete_practice(user: Any) -> None:
    TogetherReply.objects.filter(membership__user=user).delete()
    TogetherAnswer.objects.filter(membership__user=user).delete()
    StoredPlan.objects.filter(membership__user=user).delete()
