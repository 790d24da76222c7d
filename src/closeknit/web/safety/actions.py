"""Writes for the safety screen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from closeknit.web.relationships.models import Membership
from closeknit.web.safety.models import SafetyScreen


def score_screen(membership: Membership, answers: Mapping[str, int]) -> dict[str, Any]:
    """Runs the core's screening rules; returns the JSON-ready result to store."""
    from closeknit.instruments import load_instrument
    from closeknit.instruments.types import AnswerSheet
    from closeknit.safety import screen

    instrument = load_instrument("safety")
    sheet = AnswerSheet(
        instrument="safety",
        version=instrument.version,
        relationship=membership.relationship.kind,  # type: ignore[arg-type]
        answers=dict(answers),
    )
    result = screen(sheet)
    return {
        "version": instrument.version,
        "positive": bool(result.positive),
        "urgent": bool(result.urgent),
        "concerns": sorted(str(c) for c in result.concerns),
    }


@transaction.atomic
def do_record_screen(
    membership: Membership, version: str, answers: Mapping[str, int], result: Mapping[str, Any]
) -> SafetyScreen:
    """Stores the member's screen (replacing an earlier one) and sets their joint switch.

    A positive screen turns joint features off for this member (and so for the
    relationship); a later negative screen, taken by the same person alone, turns them on.
    """
    screen_row, _ = SafetyScreen.objects.update_or_create(
        membership=membership,
        defaults={
            "instrument_version": version,
            "answers": dict(answers),
            "result": {k: result[k] for k in ("positive", "urgent", "concerns")},
            "taken_at": timezone.now(),
        },
    )
    enabled = not bool(result["positive"])
    Membership.objects.filter(pk=membership.pk).update(joint_features_enabled=enabled)
    membership.joint_features_enabled = enabled
    return screen_row


def check_record_screen(membership: Membership, answers: Mapping[str, int]) -> SafetyScreen:
    result = score_screen(membership, answers)
    return do_record_screen(membership, result["version"], answers, result)
