"""The shape every context's error codes share (Saleor's habit: one Enum per context).

A member's value is ``(HTTP status, message a person reads)``; pages show the message and
the JSON API answers ``{"code": member.code, "message": ...}`` with the status. Messages
never echo what the person typed back.
"""

from __future__ import annotations

from enum import Enum


class ErrorCode(Enum):
    """Base for a context's error codes; subclasses only list their members."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message

    @property
    def code(self) -> str:
        return self.name.lower()


class ActionError(Exception):
    """A ``check_...`` action refused; ``error`` says why (for the page and the API).

    ``detail`` names what was wrong (a field, item or section id), never a value.
    """

    def __init__(self, error: ErrorCode, detail: str = "") -> None:
        super().__init__(error.message)
        self.error = error
        self.detail = detail
