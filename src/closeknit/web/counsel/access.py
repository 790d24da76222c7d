"""Reads that need permission.

Members reach their relationship's open counselling through their membership. A
counsellor reaches a counselling only while it is active, they are its counsellor, both
members are still in the relationship and joint features are open; everyone else gets
404, as for an id that does not exist. What the counsellor may see of each member is read
from that member's :class:`Consent` only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from closeknit.web.common.ids import uuid_or_404
from closeknit.web.counsel.models import AccessRecord, Consent, Counselling
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import joint_features_available


def _lapsed(counselling: Counselling, members: list[Membership]) -> bool:
    """Whether an unended counselling no longer stands: its counsellor's account is gone, its
    invitation expired unused, or the people who proposed and agreed to it are no longer
    exactly the relationship's members (someone left, someone new joined, an account was
    deleted). A counselling belongs to the two people who chose it, never to a newcomer."""
    if counselling.state == "ended":
        return True
    if (
        counselling.state == "invited"
        and counselling.expires_at is not None
        and counselling.expires_at < timezone.now()
    ):
        return True
    if counselling.agreed_at is not None and counselling.agreed_by_id is None:
        return True  # the person who agreed deleted their account
    member_ids = {m.pk for m in members}
    chosen_by = {counselling.proposed_by_id, counselling.agreed_by_id} - {None}
    if counselling.proposed_by_id is None or not chosen_by <= member_ids:
        return True
    if any(m.joined_at > counselling.proposed_at for m in members):
        return True  # proposed before this person was here: not theirs to agree to
    return counselling.agreed_by_id is not None and chosen_by != member_ids


def _active_members(relationship_id: Any) -> list[Membership]:
    return list(
        Membership.objects.filter(
            relationship_id=relationship_id, left_at__isnull=True
        ).select_related("user", "relationship")
    )


def still_stands(counselling: Counselling) -> bool:
    """Whether the counselling still stands; one that has lapsed (see :func:`_lapsed`) is
    ended here for good, whoever's request notices it first (a member's, the counsellor's,
    or the one accepting the invitation)."""
    if counselling.ended_at is not None:
        return False
    if _lapsed(counselling, _active_members(counselling.relationship_id)):
        Counselling.objects.filter(pk=counselling.pk).update(
            ended_at=timezone.now(), token_hash=None
        )
        counselling.ended_at = timezone.now()
        return False
    return True


def open_counselling(membership: Membership) -> Counselling | None:
    """The relationship's counselling that still stands (at most one, by constraint)."""
    found = Counselling.objects.filter(
        relationship_id=membership.relationship_id, ended_at__isnull=True
    ).first()
    return found if found is not None and still_stands(found) else None


def consent_of(counselling: Counselling, membership: Membership) -> Consent:
    """The member's consent; a fresh one (nothing shared) when they never chose."""
    found = Consent.objects.filter(counselling=counselling, membership=membership).first()
    return found or Consent(counselling=counselling, membership=membership)


def records_about(counselling: Counselling, membership: Membership) -> QuerySet[AccessRecord]:
    return AccessRecord.objects.filter(counselling=counselling, membership=membership)


def counselling_open_to(counselling: Counselling) -> list[Membership] | None:
    """Both members, when the counsellor may look now; else ``None`` (no reason given)."""
    if counselling.state != "active":
        return None
    members = _active_members(counselling.relationship_id)
    if (
        len(members) != 2
        or _lapsed(counselling, members)
        or any(m.user_id == counselling.counsellor_id for m in members)
        or not all(joint_features_available(m) for m in members)
    ):
        return None
    return members


def counsellings_for_counsellor(user: Any) -> list[tuple[Counselling, bool]]:
    """The counsellor's standing counsellings, each with whether it is open right now
    (lapsed ones are ended on the way and left out)."""
    rows = Counselling.objects.filter(
        counsellor=user, accepted_at__isnull=False, ended_at__isnull=True
    ).order_by("-accepted_at")
    return [(c, counselling_open_to(c) is not None) for c in rows if still_stands(c)]


def get_counselling_for_counsellor(user: Any, counselling_id: Any) -> Counselling:
    """One of the counsellor's standing counsellings; anything else is 404."""
    wanted = uuid_or_404(counselling_id, "counselling")
    found = Counselling.objects.filter(
        pk=wanted, counsellor=user, accepted_at__isnull=False, ended_at__isnull=True
    ).first()
    if found is None or not getattr(user, "is_authenticated", False) or not still_stands(found):
        raise Http404("No such counselling")
    return found
