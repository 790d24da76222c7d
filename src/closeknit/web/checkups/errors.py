"""Error codes of the checkups context, shared by pages and the JSON API.

Each member carries the message a person reads and the HTTP status both faces use. The
messages never echo an answer back.
"""

from __future__ import annotations

from closeknit.web.common.errors import ActionError, ErrorCode


class CheckupError(ErrorCode):
    UNKNOWN_SECTION = (404, "There is no such section in this Checkup.")
    BAD_ANSWERS = (
        400,
        "Some answers are not on the scale: choose one of the offered points for each "
        "statement, or leave it blank.",
    )
    ALREADY_FINISHED = (
        409,
        "This Checkup is already finished. Start a new one to take it again.",
    )
    SECTIONS_LEFT = (
        409,
        "Some sections have not been saved yet: go through every section, then finish.",
    )
    TOO_FEW_ANSWERS = (
        409,
        "There are too few answers to make a report. Answer at least a few statements in "
        "each section.",
    )
    EMPTY_PULSE = (400, "Choose an answer for at least one statement, then save.")
    NOT_FINISHED = (409, "This Checkup is not finished yet, so there is no report.")
    NOT_BOTH_FINISHED = (
        409,
        "The joint view opens once both of you have finished a Checkup.",
    )


class CheckupActionError(ActionError):
    error: CheckupError
