"""Reads that need permission. Every function takes the signed-in person's membership.

The member's own rows come whole. Of the other member's rows only *shared* notes and
*shared* journal entries ever leave this module, and only to a member of the same
relationship; a counsellor or anyone else has no path here. Shared rows written before
the viewer joined stay with the person they were shared with.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from closeknit.web.checkins.models import Checkin, JournalEntry, Reminder
from closeknit.web.common.ids import uuid_or_404
from closeknit.web.relationships.models import Membership


def checkins_for_member(membership: Membership) -> QuerySet[Checkin]:
    return Checkin.objects.filter(membership=membership).order_by("day")


def shared_notes_from_other(membership: Membership, limit: int = 20) -> list[Checkin]:
    """The other member's check-ins whose note they chose to share (newest first)."""
    other = membership.other()
    if other is None:
        return []
    return list(
        Checkin.objects.filter(
            membership=other, note_shared=True, created_at__gte=membership.joined_at
        )
        .exclude(note="")
        .order_by("-day")[:limit]
    )


def own_journal(membership: Membership) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(membership=membership).order_by("-created_at")


def shared_journal_from_other(membership: Membership) -> list[JournalEntry]:
    other = membership.other()
    if other is None:
        return []
    return list(
        JournalEntry.objects.filter(
            membership=other, shared=True, created_at__gte=membership.joined_at
        ).order_by("-created_at")
    )


def get_own_entry(membership: Membership, entry_id: Any) -> JournalEntry:
    """The member's own entry, or Http404 (the other's shared entry is not editable)."""
    entry = JournalEntry.objects.filter(
        membership=membership, pk=uuid_or_404(entry_id, "entry")
    ).first()
    if entry is None:
        raise Http404("No such entry")
    return entry


def reminder_for(membership: Membership) -> Reminder:
    """The member's reminder settings (an unsaved, switched-off one when never set)."""
    return Reminder.objects.filter(membership=membership).first() or Reminder(membership=membership)
