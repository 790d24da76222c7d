"""The early-warning rule: has closeness faded over several weeks beyond normal fluctuation?

The rule describes what the person's own answers show; it never predicts what will
happen. It compares the person with themselves, on calendar weeks counted back from the
latest week that has data (``W``):

* **recent window** — the 4 calendar weeks ending at ``W``; at least 3 must have data;
* **baseline window** — the 8 calendar weeks before the recent window; at least 6 must
  have data;
* **slope window** — the 6 calendar weeks ending at ``W``; at least 5 must have data.

It fires only when all of these hold:

1. *Enough data*: the minimums above (so at least 9 weeks with data over 12 weeks).
2. *Steady decline*: the Theil–Sen slope (median of all pairwise slopes, robust to one odd
   week) over the slope window is at or below ``-0.025 × scale range`` per week —
   −0.15 points a week on the 1–7 closeness picture, −2.5 points a week on a 0–100 Pulse
   score.
3. *Beyond normal fluctuation*: the recent mean lies below the baseline mean by more than
   ``1.96 × s``, where ``s`` is the standard deviation of the baseline's weekly means (the
   person's own week-to-week fluctuation, a reliable-change style criterion after Jacobson
   & Truax), floored at ``0.05 × scale range`` (0.3 closeness points, 5 Pulse points) so a
   very steady baseline cannot turn a tiny dip into an alarm.

When it fires, the warning lists rebuilding exercises. It also suggests counselling when
the drop is large (at least ``0.25 × scale range``: 1.5 closeness points, 25 Pulse points)
or, for check-ins, when mean loneliness over the recent window is 4 or more out of 5.

For Pulse dimensions where a high score means trouble (fading signs and obstacles), the
same rule is applied to the rise, by mirroring the scale.

Measured false-alarm rate on stationary noise: see ``docs/practice.md`` (bound tested:
at most 5 % of 200 seeded series).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean, median, stdev
from typing import Final

from closeknit.model.vocabulary import CAUSES, FADING_SIGNS
from closeknit.trends.checkins import CLOSENESS_RANGE, WeekMeans, week_start

RECENT_WEEKS: Final = 4
RECENT_MIN_WEEKS: Final = 3
BASELINE_WEEKS: Final = 8
BASELINE_MIN_WEEKS: Final = 6
SLOPE_WEEKS: Final = 6
SLOPE_MIN_WEEKS: Final = 5
SLOPE_THRESHOLD: Final = -0.025  # per week, as a fraction of the scale range
LEVEL_Z: Final = 1.96
SD_FLOOR: Final = 0.05  # fraction of the scale range
LARGE_DROP: Final = 0.25  # fraction of the scale range
HIGH_LONELINESS: Final = 4.0  # mean on the 1–5 loneliness answer
PULSE_RANGE: Final = (0.0, 100.0)

# Rebuilding steps offered with every warning, most specific first. The planner removes
# joint or reaching-out ones when joint features are off.
REBUILDING_EXERCISES: Final = (
    "rebuild_after_distance",
    "daily_check_in",
    "new_activity_plan",
    "reach_out_after_distance",
    "notice_your_needs",
)
COUNSELLING_EXERCISE: Final = "find_a_counsellor"


@dataclass(frozen=True, slots=True)
class Decline:
    """What the rule measured when it fired, in the measure's own units."""

    measure: str
    baseline_mean: float
    baseline_sd: float
    recent_mean: float
    threshold: float  # how far below the baseline the recent mean had to fall
    slope_per_week: float
    weeks_used: int
    first_week: date
    last_week: date

    @property
    def drop(self) -> float:
        return self.baseline_mean - self.recent_mean


@dataclass(frozen=True, slots=True)
class EarlyWarning:
    """A fired early warning: the decline, a plain description, and what may help."""

    decline: Decline
    message: str
    rebuilding_exercises: tuple[str, ...]
    suggest_counselling: bool
    counselling_reason: str = ""


def theil_sen_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Median of the slopes between all pairs of points with different x (Theil–Sen)."""
    slopes = [
        (ys[j] - ys[i]) / (xs[j] - xs[i])
        for i in range(len(xs))
        for j in range(i + 1, len(xs))
        if xs[j] != xs[i]
    ]
    if not slopes:
        raise ValueError("a slope needs at least two points at different times")
    return median(slopes)


def detect_decline(
    points: Sequence[tuple[date, float]],
    *,
    scale: tuple[float, float],
    measure: str,
) -> Decline | None:
    """Apply the rule (module docstring) to weekly values; ``None`` when it does not fire.

    ``points`` are (week's Monday, weekly mean) pairs, one per week, any order. A decline
    is a fall in value; mirror the values first to watch for a rise.
    """
    if not points:
        return None
    by_week = dict(points)
    span = scale[1] - scale[0]
    last = max(by_week)

    def window(end_offset: int, length: int) -> list[tuple[int, float]]:
        # (weeks before ``last``, value) for the calendar weeks in the window that have data
        out = []
        for back in range(end_offset, end_offset + length):
            monday = last - timedelta(weeks=back)
            if monday in by_week:
                out.append((back, by_week[monday]))
        return out

    recent = window(0, RECENT_WEEKS)
    baseline = window(RECENT_WEEKS, BASELINE_WEEKS)
    sloped = window(0, SLOPE_WEEKS)
    if (
        len(recent) < RECENT_MIN_WEEKS
        or len(baseline) < BASELINE_MIN_WEEKS
        or len(sloped) < SLOPE_MIN_WEEKS
    ):
        return None
    slope = theil_sen_slope([-b for b, _ in sloped], [v for _, v in sloped])
    if slope > SLOPE_THRESHOLD * span:
        return None
    baseline_values = [v for _, v in baseline]
    baseline_mean = fmean(baseline_values)
    baseline_sd = stdev(baseline_values)
    threshold = LEVEL_Z * max(baseline_sd, SD_FLOOR * span)
    recent_mean = fmean(v for _, v in recent)
    if baseline_mean - recent_mean <= threshold:
        return None
    newest_back = min(b for b, _ in recent)
    oldest_back = max(b for b, _ in baseline)
    return Decline(
        measure=measure,
        baseline_mean=baseline_mean,
        baseline_sd=baseline_sd,
        recent_mean=recent_mean,
        threshold=threshold,
        slope_per_week=slope,
        weeks_used=len(baseline) + len(recent),
        first_week=last - timedelta(weeks=oldest_back),
        last_week=last - timedelta(weeks=newest_back),
    )


def _counselling(decline: Decline, span: float, loneliness: float | None) -> tuple[bool, str]:
    if decline.drop >= LARGE_DROP * span:
        return True, "the drop is large (a quarter of the scale or more)"
    if loneliness is not None and loneliness >= HIGH_LONELINESS:
        return True, f"loneliness has averaged {loneliness:.1f} of 5 in recent weeks"
    return False, ""


def _rebuilding(counselling: bool) -> tuple[str, ...]:
    return (*REBUILDING_EXERCISES, COUNSELLING_EXERCISE) if counselling else REBUILDING_EXERCISES


def early_warning(series: Sequence[WeekMeans]) -> EarlyWarning | None:
    """The early warning for check-in closeness, or ``None`` when the rule does not fire.

    ``series`` is the output of :func:`~closeknit.trends.checkins.weekly_series`. See the
    module docstring for the rule, its thresholds and its minimum data.
    """
    decline = detect_decline(
        [(w.week_start, w.closeness) for w in series], scale=CLOSENESS_RANGE, measure="closeness"
    )
    if decline is None:
        return None
    recent_weeks = {decline.last_week - timedelta(weeks=b) for b in range(RECENT_WEEKS)}
    loneliness = [w.loneliness for w in series if w.week_start in recent_weeks]
    span = CLOSENESS_RANGE[1] - CLOSENESS_RANGE[0]
    counselling, why = _counselling(decline, span, fmean(loneliness) if loneliness else None)
    message = (
        f"Felt closeness averaged {decline.recent_mean:.1f} of 7 over the last four weeks, "
        f"down from {decline.baseline_mean:.1f} in the weeks before, and it has been "
        f"drifting down week by week. That is more than your usual ups and downs "
        f"(a fall of over {decline.threshold:.1f} points). This describes the past weeks; "
        "it says nothing certain about what comes next, and small steps often help."
    )
    return EarlyWarning(decline, message, _rebuilding(counselling), counselling, why)


def pulse_warning(points: Sequence[tuple[date, float]], *, dimension: str) -> EarlyWarning | None:
    """The same rule on a Pulse dimension's scores (0–100), or ``None`` when it is quiet.

    ``points`` are (date, score) pairs in any order; scores in one ISO week are averaged.
    For fading signs and obstacles (higher = more present) a rise is what is watched.
    """
    by_week: dict[date, list[float]] = defaultdict(list)
    for day, score in points:
        by_week[week_start(day)].append(score)
    worse_when_high = dimension in FADING_SIGNS or dimension in CAUSES
    low, high = PULSE_RANGE
    weekly = [
        (monday, (high + low - fmean(v)) if worse_when_high else fmean(v))
        for monday, v in by_week.items()
    ]
    decline = detect_decline(weekly, scale=PULSE_RANGE, measure=dimension)
    if decline is None:
        return None
    counselling, why = _counselling(decline, high - low, None)
    label = dimension.replace("_", " ")
    if worse_when_high:
        change = (
            f"rose to {high + low - decline.recent_mean:.0f} of 100 over the last four weeks, "
            f"from {high + low - decline.baseline_mean:.0f}"
        )
    else:
        change = (
            f"fell to {decline.recent_mean:.0f} of 100 over the last four weeks, "
            f"from {decline.baseline_mean:.0f}"
        )
    message = (
        f"Your Pulse score for {label} {change} in the weeks before, a steady change larger "
        f"than your usual week-to-week variation ({decline.threshold:.0f} points). "
        "This describes the past weeks; it does not predict what comes next."
    )
    return EarlyWarning(decline, message, _rebuilding(counselling), counselling, why)
