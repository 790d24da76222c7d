"""Shared steps of every importer: decoding, error wording, validation, and the final frame.

Every importer builds a raw frame with the five :data:`~closeknit.conversation.corpus.SCHEMA`
columns (any string dtype for ``kind``), then hands it to :func:`finalize`, which sorts it,
checks that exactly two people talk (or keeps the two named in ``between``) and returns the
:class:`~closeknit.conversation.corpus.Conversation`. Nothing is returned before every check
passed, so a failed import never leaves a half-read conversation behind.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import polars as pl

from closeknit.conversation.corpus import MESSAGE_KINDS, SCHEMA, Conversation
from closeknit.errors import ChatImportError

# Direction marks and isolates that exports sprinkle around names and placeholders, plus the
# byte-order mark: invisible, never part of what anybody typed.
INVISIBLE_MARKS = "\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE_MARKS_RE = "[" + INVISIBLE_MARKS + "]"
_STRIP_TABLE = {ord(c): None for c in INVISIBLE_MARKS}


def strip_marks(text: str) -> str:
    """``text`` without direction marks, isolates and byte-order marks (for short strings)."""
    return text.translate(_STRIP_TABLE)


def import_error(
    source: str, what: str, *, line: int | None = None, at: str | None = None
) -> ChatImportError:
    """An :class:`ChatImportError` worded as ``<file>, line <n>: <what>``.

    ``at`` names a place that is not a line (``message 12`` in a JSON export).
    """
    where = source or "the export"
    if line is not None:
        where = f"{where}, line {line}"
    if at is not None:
        where = f"{where}, {at}"
    return ChatImportError(f"{where}: {what}")


def epoch_to_micros(value: object, source: str, at: str) -> int:
    """Seconds or milliseconds since 1970 (number or digit string) -> microseconds.

    Values of 10^11 and above are read as milliseconds (10^11 seconds is the year 5138).
    """
    number: float
    if isinstance(value, bool):
        raise import_error(source, "expected a time as a number", at=at)
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.strip().lstrip("-").replace(".", "", 1).isdigit():
        number = float(value.strip())
    else:
        raise import_error(source, "expected a time as seconds or milliseconds since 1970", at=at)
    if number != number or abs(number) >= 1e15:  # NaN or absurd
        raise import_error(source, "expected a time between 1970 and 9999", at=at)
    micros = number * 1000 if abs(number) >= 1e11 else number * 1_000_000
    if not 0 <= micros < _MAX_MICROS:
        raise import_error(source, "expected a time between 1970 and 9999", at=at)
    return int(micros)


def iso_to_micros(value: object, source: str, at: str) -> tuple[int, bool]:
    """An ISO 8601 date-time -> (microseconds since 1970 UTC, had an offset).

    A time without an offset is returned as its wall-clock value read as UTC.
    """
    if not isinstance(value, str):
        raise import_error(source, "expected an ISO 8601 time like 2026-11-21T22:09:59Z", at=at)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise import_error(
            source, "expected an ISO 8601 time like 2026-11-21T22:09:59Z", at=at
        ) from None
    aware = moment.tzinfo is not None
    if not aware:
        moment = moment.replace(tzinfo=UTC)
    try:
        delta = moment - _EPOCH
    except OverflowError:
        raise import_error(source, "expected a time between 1970 and 9999", at=at) from None
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    if not 0 <= micros < _MAX_MICROS:
        raise import_error(source, "expected a time between 1970 and 9999", at=at)
    return micros, aware


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_MICROS = 253_402_300_800 * 1_000_000  # 10000-01-01


def decode_utf8(data: bytes, source: str) -> str:
    """Decode an export as UTF-8 (a leading byte-order mark is dropped).

    Raises :class:`ChatImportError` naming the line of the first byte that is not UTF-8.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise import_error(
            source,
            "expected UTF-8 text but found bytes in another encoding; export the chat again "
            "or re-save the file as UTF-8",
            line=line,
        ) from None


def load_json(data: bytes, source: str) -> Any:
    """Parse a JSON document; a syntax error names its line."""
    text = decode_utf8(data, source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise import_error(source, f"expected valid JSON ({exc.msg})", line=exc.lineno) from None
    except ValueError:  # a number with thousands of digits, which Python refuses to read
        raise import_error(source, "expected JSON numbers of a sensible length") from None
    except RecursionError:
        raise import_error(source, "expected JSON nested less deeply") from None


def records_frame(
    timestamps_us: Sequence[int | None],
    senders: Sequence[str],
    texts: Sequence[str],
    kinds: Sequence[str],
    edited: Sequence[bool],
    *,
    source: str,
) -> pl.DataFrame:
    """The raw frame of a JSON importer, from per-message columns (epoch microseconds, UTC).

    JSON may spell half of a character pair on its own (``"\\ud800"``), which no text can
    hold: that is refused as a clear import error naming ``source``."""
    try:
        columns = {
            "timestamp": pl.Series(timestamps_us, dtype=pl.Int64),
            "sender": pl.Series(senders, dtype=pl.String),
            "text": pl.Series(texts, dtype=pl.String),
            "kind": pl.Series(kinds, dtype=pl.String),
            "edited": pl.Series(edited, dtype=pl.Boolean),
        }
    except UnicodeEncodeError:
        raise import_error(
            source,
            "expected text without lone surrogate escapes (a \\uD800–\\uDFFF that is not half "
            "of a pair); export the chat again",
        ) from None
    return pl.DataFrame(columns).with_columns(
        pl.col("timestamp").cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    )


def apply_time_zone(timestamps: pl.Expr, tz: str | None) -> pl.Expr:
    """Naive wall-clock times -> UTC, reading them in ``tz`` (or as UTC when ``tz`` is None).

    Ambiguous times at a daylight-saving fall-back take the earlier instant; times that do not
    exist (spring-forward gap) become null and are reported by :func:`check_time_zone`.
    """
    if tz is None:
        return timestamps.dt.replace_time_zone("UTC")
    return timestamps.dt.replace_time_zone(
        tz, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone("UTC")


def check_time_zone(tz: str | None, source: str) -> None:
    """Raise :class:`ChatImportError` unless ``tz`` is None or a known IANA zone name."""
    if tz is None:
        return
    try:
        pl.Series([0], dtype=pl.Datetime("us")).dt.replace_time_zone(tz)
    except Exception:  # polars raises several error types for an unknown zone
        raise import_error(
            source, f"expected an IANA time zone name like 'Europe/Berlin', got {tz!r}"
        ) from None


def finalize(
    raw: pl.DataFrame,
    *,
    platform: str,
    source: str,
    between: tuple[str, str] | None,
    timezone_known: bool,
) -> Conversation:
    """Validate and order a raw frame, returning the two-person :class:`Conversation`.

    Participants are the senders of non-system messages. With ``between`` only the messages
    of those two people (and system messages) are kept; without it the chat must have exactly
    two participants. Raises :class:`ChatImportError` for a group chat, a one-person chat, an
    unknown name in ``between``, or an export without messages.
    """
    frame = raw.select(
        pl.col("timestamp").cast(SCHEMA["timestamp"]),
        pl.col("sender").cast(pl.String).fill_null(""),
        pl.col("text").cast(pl.String).fill_null(""),
        pl.col("kind").cast(SCHEMA["kind"]),
        pl.col("edited").cast(pl.Boolean).fill_null(False),
    )
    if frame.height == 0:
        raise import_error(source, "expected at least one message, found none")
    if frame["timestamp"].null_count():
        raise import_error(source, "expected every message to have a time")
    system = pl.col("kind") == "system"
    if frame.select((system & (pl.col("sender") != "")).any()).item():
        frame = frame.with_columns(
            pl.when(system).then(pl.lit("")).otherwise(pl.col("sender")).alias("sender")
        )
    people = (
        frame.filter(pl.col("kind") != "system")
        .get_column("sender")
        .unique(maintain_order=True)
        .to_list()
    )
    if "" in people:
        raise import_error(source, "expected every message to name its sender")
    participants = _choose_participants(people, between, source)
    if between is not None:
        frame = frame.filter(
            pl.col("sender").is_in(list(participants)) | (pl.col("kind") == "system")
        )
    if not frame.get_column("timestamp").is_sorted():
        frame = frame.sort("timestamp", maintain_order=True)
    return Conversation(
        messages=frame,
        participants=participants,
        platform=platform,
        source=source,
        timezone_known=timezone_known,
    )


def _choose_participants(
    people: list[str], between: tuple[str, str] | None, source: str
) -> tuple[str, str]:
    listed = ", ".join(repr(p) for p in people)
    if between is None:
        if len(people) == 2:
            return people[0], people[1]
        if len(people) < 2:
            raise import_error(
                source,
                f"expected a chat between two people, but only {listed or 'nobody'} sent messages",
            )
        raise import_error(
            source,
            f"expected a chat between two people, found {len(people)} participants "
            f"({listed}); name the two to keep with --between 'Name A' 'Name B'",
        )
    first, second = between
    if first == second:
        raise import_error(source, "expected two different names in --between")
    for name in between:
        if name not in people:
            close = difflib.get_close_matches(name, people, n=3, cutoff=0.5)
            close += [p for p in people if p.casefold() == name.casefold() and p not in close]
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise import_error(
                source,
                f"expected {name!r} among the participants ({listed}){hint}",
            )
    return first, second


KINDS = MESSAGE_KINDS
