"""Error codes of the practice context, shared by pages and the JSON API. Messages never
echo an answer or a reply back."""

from __future__ import annotations

from closeknit.web.common.errors import ActionError, ErrorCode


class PracticeError(ErrorCode):
    UNKNOWN_EXERCISE = (404, "There is no such exercise.")
    BAD_FILTER = (400, "Choose a depth and a form from the lists offered.")
    NOTHING_LEFT = (409, "No question fits those choices: try another depth or form.")
    ROUND_OPEN = (
        409,
        "There is already a question waiting for answers: answer it first.",
    )
    ALREADY_ANSWERED = (
        409,
        "You have already answered. Answers cannot be changed, so both of you answer the "
        "same way: on your own, once.",
    )
    NOT_REVEALED = (409, "Replies open once you have both answered.")
    ALREADY_REPLIED = (409, "You have already replied to this question.")
    EMPTY_TEXT = (400, "Write something first, then send it.")
    TOO_LONG = (400, "That is longer than this box allows: shorten it, then send.")
    NOT_IN_PLAN = (404, "That practice is not in this week's plan.")


class PracticeActionError(ActionError):
    error: PracticeError
