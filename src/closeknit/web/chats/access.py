"""Reads that need permission. Every function takes the signed-in person's membership.

A member's own analyses come whole. Of the other member's analyses only *shared* ones
leave this module, and only while joint features are open for the viewer (a positive
safety screen on either side closes them, and the shared analysis quietly disappears).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from closeknit.web.chats.models import ChatAnalysis
from closeknit.web.common.ids import uuid_or_404
from closeknit.web.relationships.models import Membership
from closeknit.web.safety.access import joint_features_available


def own_analyses(membership: Membership) -> QuerySet[ChatAnalysis]:
    """The member's analyses, newest first, without their (encrypted) contents: lists need
    only dates and counts, and decrypting every analysis to list them is slow."""
    return (
        ChatAnalysis.objects.filter(membership=membership)
        .defer("insights", "examples")
        .order_by("-created_at")
    )


def get_own_analysis(membership: Membership, analysis_id: Any) -> ChatAnalysis:
    """One of the member's own analyses; 404 for anyone else's and for absent ids alike."""
    wanted = uuid_or_404(analysis_id, "analysis")
    found = ChatAnalysis.objects.filter(membership=membership, pk=wanted).first()
    if found is None:
        raise Http404("No such analysis")
    return found


def shared_with_me(membership: Membership) -> list[ChatAnalysis]:
    """The other member's analyses they chose to share (empty while joint features are
    closed, or if they shared before the viewer joined)."""
    other = membership.other()
    if other is None or not joint_features_available(membership):
        return []
    return list(_shared_by(other, membership).defer("insights", "examples"))


def _shared_by(other: Membership, viewer: Membership) -> QuerySet[ChatAnalysis]:
    return ChatAnalysis.objects.filter(
        membership=other, shared=True, created_at__gte=viewer.joined_at
    ).order_by("-created_at")


def get_viewable_analysis(membership: Membership, analysis_id: Any) -> tuple[ChatAnalysis, bool]:
    """``(analysis, mine)``: an own analysis, or one the other member shares with this one.
    Anything else is 404, exactly like an id that does not exist."""
    wanted = uuid_or_404(analysis_id, "analysis")
    mine = ChatAnalysis.objects.filter(membership=membership, pk=wanted).first()
    if mine is not None:
        return mine, True
    other = membership.other()
    if other is not None and joint_features_available(membership):
        theirs = _shared_by(other, membership).filter(pk=wanted).first()
        if theirs is not None:
            return theirs, False
    raise Http404("No such analysis")
