"""The shape every importer produces and every analyser consumes.

A :class:`Conversation` is ConvoKit's "utterances by speakers" idea, held column-wise in a
polars DataFrame so nothing on the hot path loops over messages in Python.

``messages`` columns, in this order and with these dtypes:

=============  ===========================  =================================================
column         dtype                        meaning
=============  ===========================  =================================================
timestamp      Datetime("us", "UTC")        when it was sent; sources without a time zone
                                            (WhatsApp) store wall-clock time as if UTC and set
                                            ``timezone_known = False``
sender         String                       display name, exactly one of ``participants``
                                            (system messages: empty string)
text           String                       message text ("" for media/deleted/system)
kind           Enum(MESSAGE_KINDS)          text | media | system | deleted
edited         Boolean                      the platform marked it as edited
=============  ===========================  =================================================

Rows are sorted by timestamp (stable, so same-minute messages keep file order).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

MESSAGE_KINDS = ("text", "media", "system", "deleted")
MessageKind = pl.Enum(MESSAGE_KINDS)

SCHEMA: dict[str, pl.DataType] = {
    "timestamp": pl.Datetime("us", "UTC"),
    "sender": pl.String(),
    "text": pl.String(),
    "kind": MessageKind,
    "edited": pl.Boolean(),
}


@dataclass(frozen=True)
class Conversation:
    """A two-person chat, parsed and validated.

    ``platform`` is the importer's id (``whatsapp``, ``telegram``, ``signal``, ``messenger``,
    ``discord``, ``csv``); ``source`` the file it came from, for error messages and reports.
    """

    messages: pl.DataFrame
    participants: tuple[str, str]
    platform: str
    source: str = ""
    timezone_known: bool = False

    def __post_init__(self) -> None:
        if dict(self.messages.schema) != SCHEMA:
            raise ValueError(
                f"messages must have schema {SCHEMA}, got {dict(self.messages.schema)}"
            )
        if len(self.participants) != 2 or self.participants[0] == self.participants[1]:
            raise ValueError("a conversation has exactly two distinct participants")

    def __len__(self) -> int:
        return self.messages.height


def empty_messages() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)
