"""Error codes of the accounts context, shared by pages and the JSON API."""

from enum import Enum


class AccountError(Enum):
    WRONG_PASSWORD = "Your password was not right. Type it again to confirm."  # noqa: S105
    UNKNOWN_REGION = "Choose your region from the list."
    UNKNOWN_TIMEZONE = "Choose your time zone from the list."

    @property
    def code(self) -> str:
        return self.name.lower()
