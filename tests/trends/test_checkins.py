"""Check-ins and weekly means."""

from __future__ import annotations

from datetime import date

import pytest

from closeknit.trends.checkins import Checkin, CheckinError, week_start, weekly_series


def _checkin(day: date, closeness: int, **kw: object) -> Checkin:
    values: dict[str, object] = {"mood": 3, "loneliness": 2, "stress": 2} | kw
    return Checkin(day=day, closeness=closeness, **values)  # type: ignore[arg-type]


def test_weekly_series_averages_each_iso_week_in_date_order() -> None:
    checkins = [
        _checkin(date(2026, 11, 18), 3, minutes_together=30, shared_moment=True),  # Wednesday
        _checkin(date(2026, 11, 9), 6),  # the week before
        _checkin(date(2026, 11, 22), 5, minutes_together=90),  # Sunday, same week as the first
    ]
    series = weekly_series(checkins)
    assert [w.week_start for w in series] == [date(2026, 11, 9), date(2026, 11, 16)]
    later = series[1]
    assert later.checkins == 2
    assert later.closeness == pytest.approx(4.0)
    assert later.minutes_together == pytest.approx(60.0)
    assert later.shared_moment_share == pytest.approx(0.5)


def test_weeks_without_check_ins_are_absent_not_zero() -> None:
    series = weekly_series([_checkin(date(2026, 1, 5), 4), _checkin(date(2026, 1, 26), 4)])
    assert len(series) == 2
    assert all(w.closeness == 4 for w in series)


def test_week_start_is_the_monday() -> None:
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16)
    assert week_start(date(2026, 11, 16)) == date(2026, 11, 16)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("closeness", 8, "closeness must be a whole number from 1 to 7"),
        ("closeness", 0, "closeness"),
        ("mood", 6, "mood must be a whole number from 1 to 5"),
        ("loneliness", 0, "loneliness"),
        ("stress", 2.5, "stress"),
        ("minutes_together", -5, "minutes_together"),
    ],
)
def test_out_of_range_answers_are_rejected_naming_the_field(
    field: str, value: object, message: str
) -> None:
    values: dict[str, object] = {"mood": 3, "closeness": 4, "loneliness": 2, "stress": 2}
    values[field] = value
    with pytest.raises(CheckinError, match=message):
        Checkin(day=date(2026, 11, 20), **values)  # type: ignore[arg-type]
