"""Error codes of the check-ins context, shared by pages and the JSON API. Messages never
echo a note or an entry back."""

from __future__ import annotations

from enum import Enum


class CheckinsError(Enum):
    BAD_CHECKIN = (400, "Some answers are missing or out of range: choose one option for each.")
    EMPTY_ENTRY = (400, "Write something first, then save the entry.")
    TOO_LONG = (400, "That is longer than this box allows: shorten it, then save.")
    BAD_REMINDER = (
        400,
        "Choose at least one weekday and a time like 19:00, or switch reminders off.",
    )

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message

    @property
    def code(self) -> str:
        return self.name.lower()


class CheckinsActionError(Exception):
    def __init__(self, error: CheckinsError, detail: str = "") -> None:
        super().__init__(error.message)
        self.error = error
        self.detail = detail  # a field name at most, never a value
