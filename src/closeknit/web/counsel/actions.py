"""Proposing, agreeing to, accepting and ending counselling; consent; the access record.

``check_…`` validate and refuse with :class:`CounselActionError`; ``do_…`` are trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from closeknit.web.counsel.access import open_counselling, still_stands
from closeknit.web.counsel.errors import CounselActionError, CounselError
from closeknit.web.counsel.models import INVITATION_LIFETIME, AccessRecord, Consent, Counselling
from closeknit.web.relationships.models import Membership
from closeknit.web.relationships.tokens import hash_token, new_token
from closeknit.web.safety.access import joint_features_available


@dataclass(frozen=True)
class Invitation:
    counselling: Counselling
    token: str  # the only time the plain token exists; it is never stored


def _require_joint(membership: Membership) -> None:
    if not joint_features_available(membership):
        raise CounselActionError(CounselError.UNAVAILABLE)


def check_propose(membership: Membership, email: str) -> Counselling:
    _require_joint(membership)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise CounselActionError(CounselError.BAD_EMAIL) from None
    if len(email) > Counselling._meta.get_field("counsellor_email").max_length:  # type: ignore[operator]
        raise CounselActionError(CounselError.BAD_EMAIL)
    # A counsellor whose account is gone leaves an accepted row without a counsellor: it
    # has ended, so close it for good before the one-open-counselling rule is checked.
    Counselling.objects.filter(
        relationship_id=membership.relationship_id,
        ended_at__isnull=True,
        accepted_at__isnull=False,
        counsellor__isnull=True,
    ).update(ended_at=timezone.now())
    if open_counselling(membership) is not None:
        raise CounselActionError(CounselError.ALREADY_OPEN)
    try:
        with transaction.atomic():
            return Counselling.objects.create(
                relationship_id=membership.relationship_id,
                counsellor_email=email,
                proposed_by=membership,
            )
    except IntegrityError:
        raise CounselActionError(CounselError.ALREADY_OPEN) from None


def check_agree(membership: Membership) -> Invitation:
    """The other member agrees: the single-use invitation for the counsellor is made."""
    _require_joint(membership)
    counselling = open_counselling(membership)
    if counselling is None or counselling.state != "proposed":
        raise CounselActionError(CounselError.NOT_PROPOSED)
    if counselling.proposed_by_id == membership.pk:
        raise CounselActionError(CounselError.NOT_YOURS_TO_AGREE)
    token = new_token()
    now = timezone.now()
    # Conditional on still being a proposal: of two agreements racing, one makes the link.
    agreed = Counselling.objects.filter(
        pk=counselling.pk, agreed_at__isnull=True, ended_at__isnull=True
    ).update(
        agreed_by=membership,
        agreed_at=now,
        token_hash=hash_token(token),
        expires_at=now + INVITATION_LIFETIME,
    )
    if not agreed:
        raise CounselActionError(CounselError.NOT_PROPOSED)
    counselling.refresh_from_db()
    return Invitation(counselling, token)


def do_end(membership: Membership) -> bool:
    """Either member declines a proposal, withdraws an invitation or ends the counselling."""
    counselling = open_counselling(membership)
    if counselling is None:
        return False
    Counselling.objects.filter(pk=counselling.pk).update(ended_at=timezone.now(), token_hash=None)
    return True


def check_invitation(token: str, *, lock: bool = False) -> Counselling:
    """The counselling whose usable invitation ``token`` is, or INVITATION_UNUSABLE."""
    rows = Counselling.objects.select_for_update() if lock else Counselling.objects
    counselling = rows.filter(
        token_hash=hash_token(token), ended_at__isnull=True, accepted_at__isnull=True
    ).first()
    if counselling is None or not still_stands(counselling):
        raise CounselActionError(CounselError.INVITATION_UNUSABLE)
    return counselling


def check_accept(user: Any, token: str) -> Counselling:
    with transaction.atomic():
        counselling = check_invitation(token, lock=True)
        if Membership.objects.filter(
            relationship_id=counselling.relationship_id, user=user
        ).exists():
            raise CounselActionError(CounselError.MEMBER_CANNOT_COUNSEL)
        counselling.counsellor = user
        counselling.accepted_at = timezone.now()
        counselling.token_hash = None
        counselling.save(update_fields=["counsellor", "accepted_at", "token_hash"])
    return counselling


def check_set_consent(
    membership: Membership, *, checkup_report: bool, pulse_trend: bool
) -> Consent:
    """What this member lets the counsellor see; sharing needs joint features open."""
    counselling = open_counselling(membership)
    if counselling is None:
        raise CounselActionError(CounselError.NOT_PROPOSED)
    if (checkup_report or pulse_trend) and not joint_features_available(membership):
        raise CounselActionError(CounselError.UNAVAILABLE)
    consent, _ = Consent.objects.update_or_create(
        counselling=counselling,
        membership=membership,
        defaults={
            "checkup_report": checkup_report,
            "pulse_trend": pulse_trend,
            "updated_at": timezone.now(),
        },
    )
    return consent


def do_record(counselling: Counselling, membership: Membership, what: str) -> None:
    AccessRecord.objects.create(counselling=counselling, membership=membership, what=what)
