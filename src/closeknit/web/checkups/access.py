"""Reads that need permission: a member's own takes and Pulses, and the seal.

Every function takes the signed-in person's :class:`Membership` (from ``member_view``) and
returns only that member's rows. The one exception is :func:`finished_pair`, which hands
the other member's latest finished take to the joint report builder only once both have
finished; views never show its answers. :func:`other_checkup_status` is all anyone learns
about the other person's Checkup before that: "finished" or "not yet".
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import Http404

from closeknit.web.checkups.models import Pulse, Take
from closeknit.web.common.ids import uuid_or_404
from closeknit.web.common.rows import JoinedRows
from closeknit.web.relationships.models import Membership

OtherStatus = Literal["finished", "not_yet", "not_joined"]


def takes_for_member(membership: Membership) -> QuerySet[Take]:
    """The member's own takes, oldest first."""
    return Take.objects.filter(membership=membership).order_by("started_at")


def get_take_for_member(membership: Membership, take_id: Any) -> Take:
    """The member's own take with that id, or Http404 (someone else's looks absent)."""
    take = Take.objects.filter(membership=membership, pk=uuid_or_404(take_id, "Checkup")).first()
    if take is None:
        raise Http404("No such Checkup")
    take.membership = membership  # the same instance: its user and other member are loaded
    return take


def open_take(membership: Membership) -> Take | None:
    """The member's unfinished take, if any (there is at most one)."""
    return (
        Take.objects.filter(membership=membership, finished_at__isnull=True)
        .order_by("-started_at")
        .first()
    )


def latest_finished_take(membership: Membership) -> Take | None:
    return (
        Take.objects.filter(membership=membership, finished_at__isnull=False)
        .order_by("-finished_at")
        .first()
    )


def _previous_and_later(
    finished_at: datetime, finished: list[tuple[datetime, uuid.UUID]]
) -> tuple[uuid.UUID | None, bool]:
    """Among the member's finished takes (``(finished_at, pk)``), the one just before a take
    finished at ``finished_at`` (the latest earlier one; ties by pk) and whether one came
    after it."""
    before = [pair for pair in finished if pair[0] < finished_at]
    later = any(at > finished_at for at, _ in finished)
    return (max(before)[1] if before else None), later


def previous_and_later(take: Take) -> tuple[Take | None, bool]:
    """(the member's finished take before ``take``, whether they finished one after it)
    from one small query (plus one for the previous take's answers when there is one)."""
    if take.finished_at is None:
        return None, False
    finished = [
        (at, pk)
        for pk, at in Take.objects.filter(
            membership_id=take.membership_id, finished_at__isnull=False
        ).values_list("pk", "finished_at")
    ]
    previous, later = _previous_and_later(take.finished_at, finished)
    return (Take.objects.get(pk=previous) if previous else None), later


# Take.objects.filter(membership=…)
_MEMBER_TAKES = JoinedRows(Take, equal=("membership",))
# Take.objects.filter(membership=…, finished_at__isnull=False).only("id"): whether the other
# member has finished, without reading anything of their takes but the ids
_FINISHED_TAKE_IDS = JoinedRows(Take, equal=("membership",), not_null=("finished_at",), only=())


def get_take_with_history(membership: Membership, take_id: Any) -> tuple[Take, Take | None, bool]:
    """(:func:`get_take_for_member`, then for a finished take :func:`previous_and_later`)
    from one query prepared once (``common.rows``): the member's takes. A person finishes a
    Checkup every few weeks at most and has one open take at most, so these rows stay few;
    their answers are the member's own."""
    pk = uuid_or_404(take_id, "Checkup")
    takes = _MEMBER_TAKES.fetch(membership.pk)
    take = next((t for t in takes if t.pk == pk), None)
    if take is None:
        raise Http404("No such Checkup")
    for t in takes:
        t.membership = membership  # the same instance: its user and other member are loaded
    if take.finished_at is None:
        return take, None, False
    finished = [(t.finished_at, t.pk) for t in takes if t.finished_at is not None]
    previous_pk, later = _previous_and_later(take.finished_at, finished)
    previous = next((t for t in takes if t.pk == previous_pk), None)
    return take, previous, later


def other_checkup_status(membership: Membership) -> OtherStatus:
    """All the member may know of the other person's Checkup: finished or not yet.
    Asked once per request (remembered on the instance, which lives for one request)."""
    other = membership.other()
    if other is None:
        return "not_joined"
    finished = getattr(membership, "_checkups_other_finished", None)
    if finished is None:
        finished = bool(_FINISHED_TAKE_IDS.fetch(other.pk))
        membership._checkups_other_finished = finished  # type: ignore[attr-defined]
    return "finished" if finished else "not_yet"


def finished_pair(membership: Membership) -> tuple[Take, Take, Membership] | None:
    """(my latest finished take, the other's latest finished take, the other membership)
    once both have finished, else ``None``. Only the joint report may use the other take."""
    mine = latest_finished_take(membership)
    if mine is None:
        return None
    other = membership.other()
    if other is None:
        return None
    theirs = latest_finished_take(other)
    if theirs is None:
        return None
    return mine, theirs, other


# Pulse.objects.filter(membership=…, week=…)
_WEEK_PULSE = JoinedRows(Pulse, equal=("membership", "week"))


def pulse_for_week(membership: Membership, week: date, *, answers: bool = True) -> Pulse | None:
    """The member's own Pulse of the ISO week starting ``week`` (one at most), with its
    answers unless ``answers`` is false."""
    if answers:  # the Pulse page's every view: prepared once (see common.rows)
        return next(iter(_WEEK_PULSE.fetch(membership.pk, week)), None)
    return Pulse.objects.filter(membership=membership, week=week).defer("answers").first()


def pulses_for_member(membership: Membership) -> QuerySet[Pulse]:
    """The member's own Pulses, oldest week first (scoring reads each one's relationship
    kind, so it comes along rather than one query per Pulse)."""
    return (
        Pulse.objects.filter(membership=membership)
        .select_related("membership__relationship")
        .order_by("week")
    )
