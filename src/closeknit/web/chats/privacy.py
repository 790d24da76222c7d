"""What chat analyses contribute to "export my data" and "delete my account": the person's
own analyses (what was found, and examples if they kept any). Nothing of the other
person's, not even what they shared."""

from __future__ import annotations

from typing import Any

from closeknit.web.chats.models import ChatAnalysis


def export_chats(user: Any) -> dict[str, Any]:
    rows = ChatAnalysis.objects.filter(membership__user=user).select_related("membership")
    return {
        "chat_analyses": [
            {
                "relationship_id": str(a.membership.relationship_id),
                "created_at": a.created_at.isoformat(),
                "shared": a.shared,
                "insights": a.insights,
                "examples": a.examples,
            }
            for a in rows.order_by("created_at")
        ]
    }


def delete_chats(user: Any) -> None:
    ChatAnalysis.objects.filter(membership__user=user).delete()
