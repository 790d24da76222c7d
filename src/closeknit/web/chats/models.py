"""Conversation insights a member made from a chat export.

Only what the analysis found is kept, never the chat: the weekly figures, signs and the
two people's dynamics (``insights``), and, only when the person chose to keep them, a few
example messages per sign (``examples``). Both are encrypted at rest, since they hold the
names in the chat and, for examples, words from it. An analysis belongs to the member who
made it; the other member sees it only while ``shared`` is on and joint features are open.
Reads go through :mod:`closeknit.web.chats.access`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from closeknit.web.common.fields import EncryptedJSONField
from closeknit.web.relationships.models import Membership

PLATFORM_NAMES = {
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "signal": "Signal",
    "messenger": "Messenger",
    "discord": "Discord",
    "csv": "a CSV file",
}


class ChatAnalysis(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="chat_analyses"
    )
    created_at = models.DateTimeField(default=timezone.now)
    platform = models.CharField(max_length=20)
    messages = models.PositiveIntegerField()
    first_day = models.DateField(null=True)
    last_day = models.DateField(null=True)
    insights = EncryptedJSONField(help_text="Insights.to_dict() without example messages")
    examples = EncryptedJSONField(
        null=True, help_text="sign -> example messages, only when the person kept them"
    )
    shared = models.BooleanField(default=False)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"chat analysis {self.id} of {self.membership_id}"

    @property
    def platform_name(self) -> str:
        return PLATFORM_NAMES.get(self.platform, self.platform)


class AnalysisAttempt(models.Model):
    """One try at analysing a chat (kept an hour), for the per-person hourly limit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "at"])]  # noqa: RUF012 - read by Django
