"""Signal chats as JSON lines, as written by signal-export (one message object per line).

The reader is liberal because the tool's field names changed over versions. Per line it takes
the first field present of each group (blank lines are skipped):

=========  ===========================================================================
time       ``timestamp``, ``date``, ``sent_at``, ``sentAt``, ``date_sent``, ``dateSent``:
           a number or digit string (seconds, or milliseconds from 10^11 on) or an ISO
           8601 string; an ISO time without offset is wall-clock time, read in ``tz`` or
           as UTC (then ``timezone_known`` is False)
sender     ``sender``, ``author``, ``from``, ``source``, ``sender_name``, ``senderName``: a
           string, or an object with ``name`` (or ``number``)
text       ``body``, ``text``, ``message``, ``content`` (null means no text)
=========  ===========================================================================

A non-empty ``attachments`` list, a truthy ``sticker`` or ``hasAttachments`` make it media;
a truthy ``deleted``, ``isErased``, ``remoteDeleted`` or ``is_deleted`` make it deleted; a
truthy ``edited``, ``isEdited``, ``edited_at`` or non-empty ``editHistory`` mark it edited; a
``type`` other than ``incoming``, ``outgoing``, ``message`` or ``text`` (key changes, calls,
group updates), or ``"system": true``, makes it a system message.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from closeknit.conversation.corpus import Conversation
from closeknit.conversation.importers._common import (
    apply_time_zone,
    check_time_zone,
    decode_utf8,
    epoch_to_micros,
    finalize,
    import_error,
    iso_to_micros,
    records_frame,
)

TIME_FIELDS = ("timestamp", "date", "sent_at", "sentAt", "date_sent", "dateSent")
SENDER_FIELDS = ("sender", "author", "from", "source", "sender_name", "senderName")
TEXT_FIELDS = ("body", "text", "message", "content")
_DELETED_FIELDS = ("deleted", "isErased", "remoteDeleted", "is_deleted")
_EDITED_FIELDS = ("edited", "isEdited", "edited_at", "editHistory")
_MESSAGE_TYPES = ("incoming", "outgoing", "message", "text")


def looks_like_signal_record(record: Any) -> bool:
    """True for one object of a signal-export JSON lines file (used by format detection)."""
    return (
        isinstance(record, dict)
        and any(f in record for f in TIME_FIELDS)
        and any(f in record for f in SENDER_FIELDS)
        and "messages" not in record
    )


def parse_signal(
    data: bytes,
    *,
    source: str = "",
    between: tuple[str, str] | None = None,
    tz: str | None = None,
) -> Conversation:
    """A :class:`Conversation` from signal-export JSON lines; see the module docstring."""
    check_time_zone(tz, source)
    text = decode_utf8(data, source)
    stamps: list[int | None] = []
    senders: list[str] = []
    texts: list[str] = []
    kinds: list[str] = []
    edited: list[bool] = []
    lines: list[int] = []
    aware_flags: list[bool] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # JSONDecodeError, or a number too long to read
            raise import_error(source, "expected one JSON object per line", line=number) from None
        if not isinstance(record, dict):
            raise import_error(source, "expected one JSON object per line", line=number)
        micros, aware = _time(record, source, number)
        aware_flags.append(aware)
        kind, sender, body = _content(record, source, number)
        stamps.append(micros)
        senders.append(sender)
        texts.append(body)
        kinds.append(kind)
        edited.append(any(bool(record.get(f)) for f in _EDITED_FIELDS))
        lines.append(number)
    if not stamps:
        raise import_error(source, "expected at least one message, found none")
    raw = records_frame(stamps, senders, texts, kinds, edited, source=source)
    any_naive = not all(aware_flags)
    if any_naive and tz is not None:
        # Only the times written without an offset are wall-clock times in ``tz``.
        wall = apply_time_zone(pl.col("timestamp").dt.replace_time_zone(None), tz)
        raw = raw.with_columns(
            pl.when(pl.Series(aware_flags))
            .then(pl.col("timestamp"))
            .otherwise(wall)
            .alias("timestamp")
        )
        missing = raw.with_row_index().filter(pl.col("timestamp").is_null())
        if missing.height:
            raise import_error(
                source,
                f"expected a time that exists in {tz} (this one falls in a clock change)",
                line=lines[int(missing["index"][0])],
            )
    return finalize(
        raw,
        platform="signal",
        source=source,
        between=between,
        timezone_known=not any_naive or tz is not None,
    )


def _first(record: dict[str, Any], fields: tuple[str, ...]) -> Any:
    for field in fields:
        if field in record and record[field] is not None:
            return record[field]
    return None


def _time(record: dict[str, Any], source: str, line: int) -> tuple[int, bool]:
    value = _first(record, TIME_FIELDS)
    at = f"line {line}"
    if value is None:
        raise import_error(source, f"expected a time in one of {', '.join(TIME_FIELDS)}", line=line)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return epoch_to_micros(value, source, at), True
    if isinstance(value, str) and value.strip().isdigit():
        return epoch_to_micros(value, source, at), True
    return iso_to_micros(value, source, at)


def _content(record: dict[str, Any], source: str, line: int) -> tuple[str, str, str]:
    kind_type = record.get("type")
    if record.get("system") is True or (
        isinstance(kind_type, str) and kind_type not in _MESSAGE_TYPES
    ):
        return "system", "", ""
    sender = _first(record, SENDER_FIELDS)
    if isinstance(sender, dict):
        sender = sender.get("name") or sender.get("number")
    if not isinstance(sender, str) or not sender.strip():
        raise import_error(
            source, f"expected the sender's name in one of {', '.join(SENDER_FIELDS)}", line=line
        )
    body = _first(record, TEXT_FIELDS)
    if body is None:
        body = ""
    if not isinstance(body, str):
        raise import_error(source, "expected the message text to be a string", line=line)
    if any(bool(record.get(f)) for f in _DELETED_FIELDS):
        return "deleted", sender, ""
    attachments = record.get("attachments")
    if (
        (isinstance(attachments, list) and attachments)
        or record.get("sticker")
        or record.get("hasAttachments")
    ):
        return "media", sender, ""
    return "text", sender, body
