"""Making, sharing and deleting chat analyses (``check_…`` validate, ``do_…`` trusted).

The export is analysed where it was received, in memory, and then dropped: the raw chat is
never written to the database, the task queue or the disk (see :mod:`.uploads`). That is
why the analysis runs in the request rather than in the task worker: queuing it would mean
storing the chat until a worker picks it up. The upload limit keeps that request short (a
32 MB export, about half a million messages, takes one or two seconds).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from closeknit.conversation.importers import load_conversation_bytes
from closeknit.conversation.importers.archive import ArchiveLimits
from closeknit.conversation.insights import analyze_conversation
from closeknit.errors import CloseknitError
from closeknit.web.chats.errors import ChatsActionError, ChatsError
from closeknit.web.chats.models import AnalysisAttempt, ChatAnalysis
from closeknit.web.relationships.models import Membership

MB = 1_000_000
logger = logging.getLogger(__name__)


def upload_limit() -> int:
    """The largest export accepted, in bytes (``CLOSEKNIT_CHAT_UPLOAD_MAX_MB``)."""
    return int(settings.CLOSEKNIT_CHAT_UPLOAD_MAX_MB) * MB


HOUR = timedelta(hours=1)


def analyses_left(user: Any) -> int:
    """How many more analyses the person may start now (a look, nothing counted)."""
    recent = AnalysisAttempt.objects.filter(user=user, at__gt=timezone.now() - HOUR).count()
    return max(0, int(settings.CLOSEKNIT_CHAT_ANALYSES_PER_HOUR) - recent)


def take_analysis_slot(user: Any) -> None:
    """Count one analysis for this person; refuse past the hourly limit.

    Analysing is the heaviest thing a person can ask of the server (a full export costs
    seconds of CPU), so each person gets ``CLOSEKNIT_CHAT_ANALYSES_PER_HOUR`` tries in any
    hour, failed ones included. The person's row is locked while counting, so requests
    racing each other cannot get past the limit together.
    """
    limit = int(settings.CLOSEKNIT_CHAT_ANALYSES_PER_HOUR)
    now = timezone.now()
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        AnalysisAttempt.objects.filter(user=user, at__lte=now - HOUR).delete()
        if AnalysisAttempt.objects.filter(user=user).count() >= limit:
            raise ChatsActionError(ChatsError.TOO_MANY, limit=limit)
        AnalysisAttempt.objects.create(user=user, at=now)


@sensitive_variables("data", "conversation", "insights", "found", "examples")
def check_analyse_export(
    membership: Membership,
    data: bytes | None,
    name: str,
    *,
    between: tuple[str, str] | None,
    keep_examples: bool,
    time_zone: str,
) -> ChatAnalysis:
    """Analyse one uploaded export and keep what was found (never the chat itself).

    Raises :class:`ChatsActionError` for a missing file, an unreadable or group export
    without two names, or anything the importer refuses (its message says what and where).
    """
    if data is None:
        raise ChatsActionError(ChatsError.NO_FILE)
    limit = upload_limit()
    if len(data) > limit:
        raise ChatsActionError(ChatsError.TOO_BIG, limit=limit // MB)
    try:
        # Exports that store wall-clock times (WhatsApp, most CSVs) stay as the phone showed
        # them: weeks and days are already the person's own, and a time that a clock change
        # skipped in the person's current zone (written while travelling) is not an error.
        # Exports with real instants are put in the person's zone for weeks and days.
        conversation = load_conversation_bytes(
            data, name or "export", between=between, limits=ArchiveLimits(max_total_bytes=limit)
        )
        insights = analyze_conversation(conversation, evidence=keep_examples, tz=time_zone)
    except CloseknitError as exc:
        raise ChatsActionError(ChatsError.BAD_EXPORT, reason=str(exc)) from None
    except Exception as exc:
        # Only the kind of failure is logged: an exception's text may quote the chat.
        logger.warning("chat analysis failed unexpectedly: %s", type(exc).__name__)
        raise ChatsActionError(
            ChatsError.BAD_EXPORT,
            reason=f"{name or 'the export'}: this export could not be read. If it came "
            "straight from the chat app, please tell the people who run this server.",
        ) from None
    found = insights.to_dict()
    examples = {s["sign"]: s.pop("evidence") for s in found["signs"]}
    return do_save_analysis(
        membership,
        found,
        examples if keep_examples else None,
        first=insights.first.date() if insights.first else None,
        last=insights.last.date() if insights.last else None,
    )


def do_save_analysis(
    membership: Membership,
    found: dict[str, Any],
    examples: dict[str, Any] | None,
    *,
    first: date | None,
    last: date | None,
) -> ChatAnalysis:
    return ChatAnalysis.objects.create(
        membership=membership,
        platform=found["platform"],
        messages=found["messages"],
        first_day=first,
        last_day=last,
        insights=found,
        examples=examples,
    )


def do_set_shared(analysis: ChatAnalysis, shared: bool) -> None:
    ChatAnalysis.objects.filter(pk=analysis.pk).update(shared=shared)


def do_delete(analysis: ChatAnalysis) -> None:
    ChatAnalysis.objects.filter(pk=analysis.pk).delete()
