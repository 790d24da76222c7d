"""A generic CSV of messages: a header row, then one message per record.

Columns are matched by name, ignoring case, spaces and ``_``/``-``:

=========  ===================================================================
timestamp  ``timestamp``, ``datetime``, ``date_time``, ``sent_at``, ``created_at``,
           ``time``, ``date`` (or separate ``date`` and ``time`` columns)
sender     ``sender``, ``author``, ``from``, ``speaker``, ``user``, ``name``,
           ``sender_name``
text       ``text``, ``message``, ``body``, ``content``, ``msg``
kind       optional: ``text``, ``media``, ``system`` or ``deleted``
edited     optional: ``true``/``false`` (also ``1``/``0``, ``yes``/``no``)
=========  ===================================================================

Times are ISO 8601 (``2026-11-21T22:09:59+01:00``, ``2026-11-21 22:09``, ``...Z``; a ``T`` or
a space between date and time; optional seconds and fraction) or seconds/milliseconds since
1970. Either every time has an offset (``timezone_known``) or none has: those are wall-clock
times, read in ``tz`` or as UTC. Separators ``,``, ``;`` and tab are recognised from the
header. This is what ``closeknit convert --to csv`` writes, so its output reads back.
"""

from __future__ import annotations

import io
import re

import polars as pl

from closeknit.conversation.corpus import MESSAGE_KINDS, Conversation
from closeknit.conversation.importers._common import (
    apply_time_zone,
    check_time_zone,
    decode_utf8,
    finalize,
    import_error,
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "timestamp": ("timestamp", "datetime", "datetime", "sentat", "createdat", "time", "date"),
    "sender": ("sender", "author", "from", "speaker", "user", "name", "sendername"),
    "text": ("text", "message", "body", "content", "msg"),
    "kind": ("kind",),
    "edited": ("edited",),
}
_ISO_RE = (
    r"^(?P<Y>[0-9]{4})-(?P<M>[0-9]{2})-(?P<D>[0-9]{2})[T ](?P<h>[0-9]{2}):(?P<mi>[0-9]{2})"
    r"(?::(?P<s>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?[ ]*"
    r"(?P<z>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$"
)
_EPOCH_RE = r"^[0-9]{9,13}$"
_TRUE = ("true", "1", "yes", "y", "t")
_FALSE = ("false", "0", "no", "n", "f", "")


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name.strip().lower())


def header_columns(first_line: str) -> dict[str, str] | None:
    """Map of role -> column name when ``first_line`` is a usable header (for detection)."""
    for separator in (",", ";", "\t"):
        names = [n.strip().strip('"') for n in first_line.split(separator)]
        if len(names) >= 2:
            found = _match_columns(names)
            if "timestamp" in found and "sender" in found and "text" in found:
                return found
    return None


def _match_columns(names: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    keys = {_key(n): n for n in names}
    for role, synonyms in SYNONYMS.items():
        for synonym in synonyms:
            if synonym in keys:
                found[role] = keys[synonym]
                break
    if "timestamp" in found and found["timestamp"] == keys.get("date") and "time" in keys:
        found["time_part"] = keys["time"]
    return found


def _record_lines(columns: list[str]) -> pl.Expr:
    """The file line each record starts on (quoted fields may span several lines)."""
    spans = pl.sum_horizontal(
        [pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in columns]
    )
    return (pl.int_range(pl.len()) + 2 + spans.cum_sum() - spans).alias("line")


def parse_csv(
    data: bytes,
    *,
    source: str = "",
    between: tuple[str, str] | None = None,
    tz: str | None = None,
) -> Conversation:
    """A :class:`Conversation` from a CSV file; see the module docstring for the columns."""
    check_time_zone(tz, source)
    text = decode_utf8(data, source)
    first_line = text.split("\n", 1)[0].rstrip("\r")
    separator = max((",", ";", "\t"), key=first_line.count)
    try:
        table = pl.read_csv(
            io.StringIO(text),
            separator=separator,
            infer_schema=False,
            empty_string_is_null=False,
        )
    except Exception as exc:  # polars raises several error types for malformed CSV
        raise import_error(
            source, f"expected a CSV file with a header row ({type(exc).__name__})"
        ) from None
    columns = _match_columns(table.columns)
    missing = [role for role in ("timestamp", "sender", "text") if role not in columns]
    if missing:
        raise import_error(
            source,
            f"expected columns {', '.join(missing)} (or a synonym such as date, author, "
            f"message); found {', '.join(repr(c) for c in table.columns) or 'none'}",
            line=1,
        )
    stamp = pl.col(columns["timestamp"]).str.strip_chars()
    if "time_part" in columns:
        stamp = stamp + " " + pl.col(columns["time_part"]).str.strip_chars()
    frame = table.select(
        _record_lines(table.columns),
        stamp.alias("stamp"),
        pl.col(columns["sender"]).alias("sender"),
        pl.col(columns["text"]).alias("text"),
        (
            pl.col(columns["kind"]).str.strip_chars().str.to_lowercase()
            if "kind" in columns
            else pl.lit("text")
        ).alias("kind"),
        (
            pl.col(columns["edited"]).str.strip_chars().str.to_lowercase()
            if "edited" in columns
            else pl.lit("false")
        ).alias("edited"),
    )
    if frame.height == 0:
        raise import_error(source, "expected at least one message after the header")
    frame, known = _timestamps(frame, source, tz)

    def first_line_where(mask: pl.Expr) -> int | None:
        hit = frame.filter(mask)
        return int(hit["line"][0]) if hit.height else None

    bad = first_line_where(~pl.col("kind").is_in(MESSAGE_KINDS))
    if bad is not None:
        raise import_error(
            source, f"expected kind to be one of {', '.join(MESSAGE_KINDS)}", line=bad
        )
    bad = first_line_where(~pl.col("edited").is_in(_TRUE + _FALSE))
    if bad is not None:
        raise import_error(source, "expected edited to be true or false", line=bad)
    bad = first_line_where(
        (pl.col("kind") != "system") & (pl.col("sender").str.strip_chars() == "")
    )
    if bad is not None:
        raise import_error(source, "expected a sender for every message", line=bad)
    raw = frame.select(
        "timestamp",
        "sender",
        "text",
        "kind",
        pl.col("edited").is_in(_TRUE).alias("edited"),
    )
    return finalize(raw, platform="csv", source=source, between=between, timezone_known=known)


def _timestamps(frame: pl.DataFrame, source: str, tz: str | None) -> tuple[pl.DataFrame, bool]:
    parts = frame.with_columns(pl.col("stamp").str.extract_groups(_ISO_RE).alias("m")).unnest("m")
    is_epoch = pl.col("stamp").str.contains(_EPOCH_RE)
    bad = parts.filter(pl.col("Y").is_null() & ~is_epoch)
    if bad.height:
        raise import_error(
            source,
            "expected an ISO 8601 time like 2026-11-21T22:09:59+01:00",
            line=int(bad["line"][0]),
        )
    ints = [pl.col(c).cast(pl.Int64) for c in ("Y", "M", "D", "h", "mi")]
    parts = parts.with_columns(
        *ints,
        pl.col("s").cast(pl.Int64).fill_null(0),
        pl.col("f").str.pad_end(6, "0").str.slice(0, 6).cast(pl.Int64).fill_null(0),
    )
    bad = parts.filter(
        pl.col("Y").is_not_null()
        & (
            ~pl.col("M").is_between(1, 12)
            | ~pl.col("D").is_between(1, 31)
            | ~pl.col("h").is_between(0, 23)
            | ~pl.col("mi").is_between(0, 59)
            | ~pl.col("s").is_between(0, 59)
        )
    )
    if bad.height:
        raise import_error(source, "expected a real date and time of day", line=int(bad["line"][0]))
    month_len = pl.date(pl.col("Y"), pl.col("M"), 1).dt.month_end().dt.day()
    bad = parts.filter(pl.col("Y").is_not_null() & (pl.col("D") > month_len))
    if bad.height:
        raise import_error(
            source, "expected a day that exists in its month", line=int(bad["line"][0])
        )
    offset = pl.col("z")
    sign = pl.when(offset.str.starts_with("-")).then(-1).otherwise(1)
    digits = offset.str.replace_all(r"[^0-9]", "")
    offset_minutes = (
        pl.when(offset.is_null() | (offset == "Z"))
        .then(0)
        .otherwise(
            sign
            * (
                digits.str.slice(0, 2).cast(pl.Int64) * 60
                + digits.str.slice(2, 2).cast(pl.Int64).fill_null(0)
            )
        )
    )
    epoch_value = pl.col("stamp").cast(pl.Int64, strict=False)
    epoch_micros = (
        pl.when(epoch_value >= 100_000_000_000)
        .then(epoch_value * 1000)
        .otherwise(epoch_value * 1_000_000)
    )
    wall_micros = (
        pl.date(pl.col("Y"), pl.col("M"), pl.col("D")).cast(pl.Int64) * 86_400_000_000
        + ((pl.col("h") * 60 + pl.col("mi")) * 60 + pl.col("s")) * 1_000_000
        + pl.col("f")
    )
    parts = parts.with_columns(
        pl.when(pl.col("Y").is_null())
        .then(pl.lit(True))
        .otherwise(offset.is_not_null())
        .alias("aware"),
        pl.when(pl.col("Y").is_null())
        .then(epoch_micros)
        .otherwise(wall_micros - offset_minutes * 60_000_000)
        .alias("micros"),
    )
    aware = parts["aware"]
    if aware.any() and not aware.all():
        naive_line = int(parts.filter(~pl.col("aware"))["line"][0])
        raise import_error(
            source,
            "expected every time with a UTC offset, or none (this one has none)",
            line=naive_line,
        )
    known = bool(aware.all())
    stamp = pl.col("micros").cast(pl.Datetime("us"))
    stamp = stamp.dt.replace_time_zone("UTC") if known else apply_time_zone(stamp, tz)
    parts = parts.with_columns(stamp.alias("timestamp"))
    bad = parts.filter(pl.col("timestamp").is_null())
    if bad.height:
        raise import_error(
            source,
            f"expected a time that exists in {tz} (this one falls in a clock change)",
            line=int(bad["line"][0]),
        )
    return parts, known or tz is not None
