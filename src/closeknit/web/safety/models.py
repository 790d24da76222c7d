from __future__ import annotations

from django.db import models
from django.utils import timezone

from closeknit.web.common.fields import EncryptedJSONField
from closeknit.web.relationships.models import Membership


class SafetyScreen(models.Model):
    """One member's latest private safety screen in one relationship.

    Answers and result are encrypted at rest and read only by the member themself
    (``access.get_own_screen``). The only trace outside is the member's
    ``joint_features_enabled`` flag, which no page shows to the other person.
    """

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="safety_screen"
    )
    instrument_version = models.CharField(max_length=20)
    answers = EncryptedJSONField()
    # {"positive": bool, "urgent": bool, "concerns": [str, ...]}
    result = EncryptedJSONField()
    taken_at = models.DateTimeField(default=timezone.now)

    @property
    def positive(self) -> bool:
        return bool(self.result.get("positive"))

    @property
    def concerns(self) -> tuple[str, ...]:
        return tuple(self.result.get("concerns", ()))

    @property
    def urgent(self) -> bool:
        return bool(self.result.get("urgent"))
