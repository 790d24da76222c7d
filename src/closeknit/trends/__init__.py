"""closeknit trends: check-ins, weekly series and the early-warning rule."""

from closeknit.trends.checkins import Checkin, CheckinError, WeekMeans, weekly_series
from closeknit.trends.warning import (
    Decline,
    EarlyWarning,
    detect_decline,
    early_warning,
    pulse_warning,
    theil_sen_slope,
)

__all__ = [
    "Checkin",
    "CheckinError",
    "Decline",
    "EarlyWarning",
    "WeekMeans",
    "detect_decline",
    "early_warning",
    "pulse_warning",
    "theil_sen_slope",
    "weekly_series",
]
