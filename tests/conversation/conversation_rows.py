"""Build a two-person :class:`Conversation` straight from rows, for analysis tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polars as pl

from closeknit.conversation.corpus import SCHEMA, Conversation

Row = tuple[datetime, str, str] | tuple[datetime, str, str, str]


def conversation_of(rows: Sequence[Row], *, tz_known: bool = False) -> Conversation:
    """Rows of (time, sender, text[, kind]) between Alex and Blair, in the order given."""
    return Conversation(
        pl.DataFrame(
            {
                "timestamp": [r[0] for r in rows],
                "sender": [r[1] for r in rows],
                "text": [r[2] for r in rows],
                "kind": [r[3] if len(r) > 3 else "text" for r in rows],
                "edited": [False] * len(rows),
            },
            schema=SCHEMA,
        ),
        ("Alex", "Blair"),
        "csv",
        timezone_known=tz_known,
    )
