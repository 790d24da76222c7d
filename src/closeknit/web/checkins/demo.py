"""Demo check-ins and journal for ``make run``: ten weeks of check-ins each, Alex's
closeness fading gently over the last weeks (so the trends page and its early warning have
something to show), Blair steady; Alex has one shared and one private journal entry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from closeknit.web.checkins.models import Checkin, JournalEntry

WEEKS = 10
# Closeness by week, oldest first: steady, then a gentle fade for Alex.
ALEX_CLOSENESS = (6, 6, 5, 6, 6, 5, 4, 4, 3, 3)
BLAIR_CLOSENESS = (5, 5, 6, 5, 5, 5, 6, 5, 5, 5)


def _series(membership: Any, shape: tuple[int, ...], lonely_when_low: bool) -> None:
    today = timezone.localdate()
    for week, level in enumerate(shape):
        for k, back in enumerate((1, 4)):  # two check-ins a week
            day = today - timedelta(weeks=WEEKS - 1 - week, days=back)
            if day > today:
                continue
            wobble = (week + k) % 2
            Checkin.objects.create(
                membership=membership,
                day=day,
                mood=max(1, min(5, level - 1 - wobble)),
                closeness=max(1, min(7, level + wobble - (k % 2))),
                loneliness=max(1, min(5, 6 - level)) if lonely_when_low else 2,
                stress=3,
                minutes_together=30 + 10 * level,
                shared_moment=level >= 5,
            )


def seed_checkins(cast: Any) -> None:
    _series(cast.alex_membership, ALEX_CLOSENESS, lonely_when_low=True)
    _series(cast.blair_membership, BLAIR_CLOSENESS, lonely_when_low=False)
    JournalEntry.objects.create(
        membership=cast.alex_membership,
        text="Walking to the station together on Sunday felt easy again. I'd like more of that.",
        shared=True,
    )
    JournalEntry.objects.create(
        membership=cast.alex_membership,
        text="This week I kept my worries to myself. I'm not sure why.",
        shared=False,
    )
