"""Check-ins and their weekly means.

A check-in is the one-minute self-report: mood, felt closeness on the seven-step picture of
two circles (1 = apart, 7 = almost fully overlapping), loneliness, stress, minutes spent
together and whether a moment of sharing happened. The optional appreciation note is free
text and lives with the web app's encrypted storage, never here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean
from typing import Final

from closeknit.errors import CloseknitError

# Inclusive answer ranges, shared by validation, the warning rule and the web forms.
MOOD_RANGE: Final = (1, 5)
CLOSENESS_RANGE: Final = (1, 7)
LONELINESS_RANGE: Final = (1, 5)
STRESS_RANGE: Final = (1, 5)
MAX_MINUTES_PER_DAY: Final = 24 * 60


class CheckinError(CloseknitError):
    """A check-in value is out of range: names the field and the allowed range."""


@dataclass(frozen=True, slots=True)
class Checkin:
    """One check-in. Raises :class:`CheckinError` when a value is outside its range."""

    day: date
    mood: int
    closeness: int
    loneliness: int
    stress: int
    minutes_together: int = 0
    shared_moment: bool = False

    def __post_init__(self) -> None:
        for name, (low, high) in (
            ("mood", MOOD_RANGE),
            ("closeness", CLOSENESS_RANGE),
            ("loneliness", LONELINESS_RANGE),
            ("stress", STRESS_RANGE),
            ("minutes_together", (0, MAX_MINUTES_PER_DAY)),
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise CheckinError(
                    f"check-in of {self.day.isoformat()}: {name} must be a whole number "
                    f"from {low} to {high}, got {value!r}"
                )


@dataclass(frozen=True, slots=True)
class WeekMeans:
    """Means of the check-ins in one ISO week (``week_start`` is its Monday).

    ``minutes_together`` is the mean per check-in; ``shared_moment_share`` is the fraction
    of check-ins that recorded a moment of sharing (0–1).
    """

    week_start: date
    checkins: int
    mood: float
    closeness: float
    loneliness: float
    stress: float
    minutes_together: float
    shared_moment_share: float


def week_start(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def weekly_series(checkins: Iterable[Checkin]) -> tuple[WeekMeans, ...]:
    """Group check-ins by ISO week and average each field; weeks come out in date order.

    Weeks without a check-in are absent (not zero): a quiet week is missing data, not a
    week of no closeness.
    """
    by_week: dict[date, list[Checkin]] = defaultdict(list)
    for checkin in checkins:
        by_week[week_start(checkin.day)].append(checkin)
    return tuple(
        WeekMeans(
            week_start=monday,
            checkins=len(group),
            mood=fmean(c.mood for c in group),
            closeness=fmean(c.closeness for c in group),
            loneliness=fmean(c.loneliness for c in group),
            stress=fmean(c.stress for c in group),
            minutes_together=fmean(c.minutes_together for c in group),
            shared_moment_share=fmean(1.0 if c.shared_moment else 0.0 for c in group),
        )
        for monday, group in sorted(by_week.items())
    )
