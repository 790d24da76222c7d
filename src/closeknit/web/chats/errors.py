"""Error codes of the chats context. Messages never echo the chat back."""

from __future__ import annotations

from closeknit.web.common.errors import ActionError, ErrorCode


class ChatsError(ErrorCode):
    NO_FILE = (400, "Choose the chat export file first, then analyse it.")
    TOO_BIG = (
        413,
        "That export is larger than this server accepts ({limit} MB): export a shorter period, "
        "or analyse it on your own computer with `closeknit analyze`.",
    )
    BAD_EXPORT = (400, "{reason}")
    TOO_MANY = (
        429,
        "You have started {limit} chat analyses in the last hour, the most this server allows: "
        "try again in a little while.",
    )
    WRONG_TYPE = (
        415,
        "Send the export itself as the request body, with Content-Type: "
        "application/octet-stream and its file name in ?name=.",
    )
    HALF_BETWEEN = (
        400,
        "For a group chat, give both names exactly as they appear in the chat, or leave both "
        "empty for a chat between two people.",
    )


class ChatsActionError(ActionError):
    """Refused; ``message`` is the error's message with its ``{…}`` filled in."""

    error: ChatsError

    def __init__(self, error: ChatsError, detail: str = "", **values: object) -> None:
        super().__init__(error, detail)
        self.message = error.message.format(**values) if values else error.message
