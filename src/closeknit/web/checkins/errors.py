"""Error codes of the check-ins context, shared by pages and the JSON API. Messages never
echo a note or an entry back."""

from __future__ import annotations

from closeknit.web.common.errors import ActionError, ErrorCode


class CheckinsError(ErrorCode):
    BAD_CHECKIN = (400, "Some answers are missing or out of range: choose one option for each.")
    EMPTY_ENTRY = (400, "Write something first, then save the entry.")
    TOO_LONG = (400, "That is longer than this box allows: shorten it, then save.")
    BAD_REMINDER = (
        400,
        "Choose at least one weekday and a time like 19:00, or switch reminders off.",
    )


class CheckinsActionError(ActionError):
    error: CheckinsError
