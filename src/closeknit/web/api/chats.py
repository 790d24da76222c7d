"""Chat analyses in the JSON API, under ``/api/chats/{relationship_id}/analyses``.

An export is posted as the raw request body (``Content-Type: application/octet-stream``,
its file name in ``?name=``), read from the stream in memory up to the upload limit and
analysed like an upload on the page: the chat is never stored, only what was found. Only
the caller's own analyses come back, plus the other member's *shared* ones while joint
features are open (their example messages never).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables
from ninja import Query, Router, Schema, Status

from closeknit.web.chats.access import (
    get_own_analysis,
    get_viewable_analysis,
    own_analyses,
    shared_with_me,
)
from closeknit.web.chats.actions import (
    MB,
    check_analyse_export,
    do_delete,
    do_set_shared,
    take_analysis_slot,
    upload_limit,
)
from closeknit.web.chats.errors import ChatsActionError, ChatsError
from closeknit.web.chats.models import ChatAnalysis
from closeknit.web.relationships.access import get_membership_for_user
from closeknit.web.safety.access import joint_features_available

router = Router(tags=["chats"])
_READ_CHUNK = 256 * 1024


class ErrorOut(Schema):
    code: str
    message: str


class AnalysisOut(Schema):
    id: uuid.UUID
    mine: bool
    shared: bool
    platform: str
    messages: int
    first_day: date | None
    last_day: date | None
    created_at: datetime


class AnalysisDetailOut(AnalysisOut):
    insights: dict[str, Any]
    examples: dict[str, Any] | None


class ExportQuery(Schema):
    name: str = "export"
    person_a: str = ""
    person_b: str = ""
    keep_examples: bool = False


class ShareIn(Schema):
    shared: bool


def _out(a: ChatAnalysis, mine: bool) -> AnalysisOut:
    return AnalysisOut(
        id=a.id,
        mine=mine,
        shared=a.shared,
        platform=a.platform,
        messages=a.messages,
        first_day=a.first_day,
        last_day=a.last_day,
        created_at=a.created_at,
    )


def _error(exc: ChatsActionError) -> Any:
    return Status(exc.error.status, ErrorOut(code=exc.error.code, message=exc.message))


@sensitive_variables("chunks", "chunk")
def _read_export(request: HttpRequest, limit: int) -> bytes:
    """The request body, read in chunks straight from the stream, refused past ``limit``."""
    chunks: list[bytes] = []
    size = 0
    while chunk := request.read(_READ_CHUNK):
        size += len(chunk)
        if size > limit:
            raise ChatsActionError(ChatsError.TOO_BIG, limit=limit // MB)
        chunks.append(chunk)
    return b"".join(chunks)


@router.get(
    "/{uuid:relationship_id}/analyses", response=list[AnalysisOut], url_name="api-chats-list"
)
def list_analyses(request: HttpRequest, relationship_id: uuid.UUID) -> list[AnalysisOut]:
    """My analyses (newest first), then those the other person shares with me."""
    membership = get_membership_for_user(request.user, relationship_id)
    return [_out(a, True) for a in own_analyses(membership)] + [
        _out(a, False) for a in shared_with_me(membership)
    ]


@router.post(
    "/{uuid:relationship_id}/analyses",
    response={201: AnalysisDetailOut, 400: ErrorOut, 413: ErrorOut, 415: ErrorOut, 429: ErrorOut},
    url_name="api-chats-create",
)
def create_analysis(  # type: ignore[no-untyped-def]
    request: HttpRequest, relationship_id: uuid.UUID, query: Query[ExportQuery]
):
    """Analyse the export in the body; for a group chat give ``person_a`` and ``person_b``."""
    membership = get_membership_for_user(request.user, relationship_id)
    a, b = query.person_a.strip(), query.person_b.strip()
    try:
        if bool(a) != bool(b):
            raise ChatsActionError(ChatsError.HALF_BETWEEN)
        if request.META.get("CONTENT_LENGTH") in (None, "", "0"):
            raise ChatsActionError(ChatsError.NO_FILE)
        if request.content_type != "application/octet-stream":
            raise ChatsActionError(ChatsError.WRONG_TYPE)
        take_analysis_slot(request.user)
        data = _read_export(request, upload_limit())
        analysis = check_analyse_export(
            membership,
            data or None,
            query.name,
            between=(a, b) if a else None,
            keep_examples=query.keep_examples,
            time_zone=getattr(request.user, "timezone", "") or "UTC",
        )
    except ChatsActionError as exc:
        return _error(exc)
    return Status(201, _detail(analysis, True))


def _detail(a: ChatAnalysis, mine: bool) -> AnalysisDetailOut:
    return AnalysisDetailOut(
        **_out(a, mine).dict(), insights=a.insights, examples=a.examples if mine else None
    )


@router.get(
    "/{uuid:relationship_id}/analyses/{uuid:analysis_id}",
    response=AnalysisDetailOut,
    url_name="api-chats-detail",
)
def get_analysis(
    request: HttpRequest, relationship_id: uuid.UUID, analysis_id: uuid.UUID
) -> AnalysisDetailOut:
    """One of mine (with any examples I kept), or one the other person shares with me."""
    membership = get_membership_for_user(request.user, relationship_id)
    analysis, mine = get_viewable_analysis(membership, analysis_id)
    return _detail(analysis, mine)


@router.put(
    "/{uuid:relationship_id}/analyses/{uuid:analysis_id}/shared",
    response=AnalysisOut,
    url_name="api-chats-share",
)
def share_analysis(
    request: HttpRequest, relationship_id: uuid.UUID, analysis_id: uuid.UUID, body: ShareIn
) -> AnalysisOut:
    """Share the figures of one of mine, or make them private (someone else's: 404)."""
    membership = get_membership_for_user(request.user, relationship_id)
    analysis = get_own_analysis(membership, analysis_id)
    do_set_shared(analysis, body.shared and joint_features_available(membership))
    analysis.refresh_from_db(fields=["shared"])
    return _out(analysis, True)


@router.delete(
    "/{uuid:relationship_id}/analyses/{uuid:analysis_id}",
    response={204: None},
    url_name="api-chats-delete",
)
def delete_analysis(  # type: ignore[no-untyped-def]
    request: HttpRequest, relationship_id: uuid.UUID, analysis_id: uuid.UUID
):
    """Delete one of mine (someone else's: 404)."""
    membership = get_membership_for_user(request.user, relationship_id)
    do_delete(get_own_analysis(membership, analysis_id))
    return Status(204, None)
