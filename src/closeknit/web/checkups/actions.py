"""Writes for Checkups and Pulses. ``do_...`` trusts its input; ``check_...`` validates,
then does, raising :class:`CheckupActionError` that pages and the API show alike.

Answers are validated by the core (:func:`closeknit.instruments.parse_sheet`) before any
write, so a bad request leaves stored answers untouched.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from closeknit.errors import CloseknitError
from closeknit.instruments import Instrument, load_instrument, parse_sheet
from closeknit.web.checkups.errors import CheckupActionError, CheckupError
from closeknit.web.checkups.models import Pulse, Take, iso_week_start
from closeknit.web.relationships.models import Membership


def validated_answers(
    instrument: Instrument, kind: str, answers: Mapping[str, Any], allowed: set[str] | None = None
) -> dict[str, int]:
    """``answers`` checked against ``instrument`` (and limited to the ``allowed`` item ids);
    blanks (``None``) are dropped. Raises :class:`CheckupActionError` (BAD_ANSWERS)."""
    if allowed is not None:
        stray = sorted(set(answers) - allowed)
        if stray:
            raise CheckupActionError(
                CheckupError.BAD_ANSWERS, f"item {stray[0]} is not in this section"
            )
    try:
        sheet = parse_sheet(
            {
                "instrument": instrument.id,
                "version": instrument.version,
                "relationship": kind,
                "answers": dict(answers),
            }
        )
    except CloseknitError as exc:
        raise CheckupActionError(CheckupError.BAD_ANSWERS, str(exc)) from None
    return dict(sheet.answers)


@transaction.atomic
def do_start_take(membership: Membership) -> Take:
    """The member's open take, or a new one on the current Checkup version."""
    existing = (
        Take.objects.select_for_update()
        .filter(membership=membership, finished_at__isnull=True)
        .first()
    )
    if existing is not None:
        return existing
    return Take.objects.create(
        membership=membership, instrument="checkup", version=load_instrument("checkup").version
    )


def take_instrument(take: Take) -> Instrument:
    return load_instrument("checkup", take.version)


@transaction.atomic
def check_save_section(take: Take, section_id: str, answers: Mapping[str, Any]) -> Take:
    """Replaces the take's answers for one section (blank = unanswered) and marks the
    section as saved. Raises for a finished take, an unknown section or a bad answer."""
    instrument = take_instrument(take)
    section = next((s for s in instrument.sections if s.id == section_id), None)
    if section is None:
        raise CheckupActionError(CheckupError.UNKNOWN_SECTION, section_id)
    kind = take.membership.relationship.kind
    clean = validated_answers(instrument, kind, answers, set(section.item_ids))
    take = Take.objects.select_for_update().get(pk=take.pk)
    if take.finished_at is not None:
        raise CheckupActionError(CheckupError.ALREADY_FINISHED)
    merged = {k: v for k, v in take.answers.items() if k not in section.item_ids}
    merged.update(clean)
    take.answers = {it.id: merged[it.id] for it in instrument.items if it.id in merged}
    if section.id not in take.sections_done:
        take.sections_done = [*take.sections_done, section.id]
    take.updated_at = timezone.now()
    take.save(update_fields=["answers", "sections_done", "updated_at"])
    return take


@transaction.atomic
def check_finish_take(take: Take) -> Take:
    """Seals the take as finished once every section has been saved."""
    instrument = take_instrument(take)
    take = Take.objects.select_for_update().get(pk=take.pk)
    if take.finished_at is not None:
        raise CheckupActionError(CheckupError.ALREADY_FINISHED)
    left = [s.id for s in instrument.sections if s.id not in take.sections_done]
    if left:
        raise CheckupActionError(CheckupError.SECTIONS_LEFT, ", ".join(left))
    if not take.answers:
        raise CheckupActionError(CheckupError.TOO_FEW_ANSWERS)
    take.finished_at = timezone.now()
    take.updated_at = take.finished_at
    take.save(update_fields=["finished_at", "updated_at"])
    return take


def today_for(user: Any) -> date:
    """Today in the person's own time zone (a Pulse week follows their calendar)."""
    try:
        tz = zoneinfo.ZoneInfo(getattr(user, "timezone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    return timezone.now().astimezone(tz).date()


def check_submit_pulse(
    membership: Membership, answers: Mapping[str, Any], *, today: date | None = None
) -> tuple[Pulse, bool]:
    """Saves this week's Pulse, replacing an earlier one from the same ISO week.

    Returns ``(pulse, created)``. Raises :class:`CheckupActionError` for a bad answer or
    an empty form.
    """
    _week, clean, pulse, created = _save_pulse(membership, answers, today, read_back=True)
    assert pulse is not None  # read_back=True always gives the row
    if not created:
        pulse.answers = clean  # as written, without decrypting it again
    pulse.membership = membership
    return pulse, created


def check_save_pulse(
    membership: Membership, answers: Mapping[str, Any], *, today: date | None = None
) -> bool:
    """:func:`check_submit_pulse` for a caller that needs only whether the Pulse is new
    (the page), without reading the saved row back."""
    return _save_pulse(membership, answers, today, read_back=False)[3]


def _save_pulse(
    membership: Membership, answers: Mapping[str, Any], today: date | None, *, read_back: bool
) -> tuple[date, dict[str, int], Pulse | None, bool]:
    """(the week, the validated answers, the saved Pulse, whether it is new).

    An updated row is read back only with ``read_back``, inside the same transaction: read
    after the commit, it could already be gone (its owner deleting their account at that
    moment), which would turn a successful save into an error.
    """
    instrument = load_instrument("pulse")
    clean = validated_answers(instrument, membership.relationship.kind, answers)
    if not clean:
        raise CheckupActionError(CheckupError.EMPTY_PULSE)
    week = iso_week_start(today or today_for(membership.user))
    now = timezone.now()
    fields = {"version": instrument.version, "answers": clean, "updated_at": now}
    # One UPDATE in the common case (a second save in the same week) instead of
    # update_or_create's SELECT … FOR UPDATE, savepoint and UPDATE; an INSERT otherwise.
    # Two first saves racing for the same week: the loser's INSERT hits the unique
    # constraint inside its savepoint and it updates the winner's row instead.
    with transaction.atomic():
        this_week = Pulse.objects.filter(membership=membership, week=week)
        if not this_week.update(**fields):
            try:
                with transaction.atomic():
                    pulse = Pulse.objects.create(
                        membership=membership, week=week, submitted_at=now, **fields
                    )
                return week, clean, pulse, True
            except IntegrityError:
                this_week.update(**fields)
        # The row was written in this transaction, so it is still here.
        saved = this_week.defer("answers").get() if read_back else None
    return week, clean, saved, False
