"""WhatsApp "Export chat" text files (Android and iOS, many locales), parsed column-wise.

Accepted line headers (one message starts at each; other lines continue the message above)::

    21/11/2026, 22:09 - Name: text              Android, 24-hour clock
    11/21/26, 10:09 PM - Name: text             Android, month-first, 12-hour clock
    [21.11.26, 22:09:59] Name: text             iOS, bracketed, with seconds
    [2026-11-21, 10:09:59 p. m.] Name: text     year-first, Spanish am/pm
    2026. 11. 21. 오후 10:09 - Name: text        Korean: spaced dots, half of the day first
    2026/11/21 下午10:09 - Name: text            Chinese (Japanese: 午前/午後), the same

* Dates use ``/``, ``.`` or ``-``; years have 2 digits (20xx) or 4; a 4-digit first field is
  a year-first (Y-M-D) date.
* Day-first versus month-first is decided once for the WHOLE file: a first field above 12
  anywhere means day-first, a second field above 12 anywhere means month-first; if neither
  occurs the file is ambiguous and is read day-first unless ``date_order="mdy"`` is passed
  (the locale hint). A file showing both is refused.
* 12-hour clocks accept ``AM``/``PM`` in any case, with or without dots and inner spaces
  (``a.m.``, ``a. m.``), single letters ``a``/``p``, German ``vorm.``/``nachm.``, and a
  plain, no-break (U+00A0) or narrow no-break (U+202F) space before them; Korean, Chinese
  and Japanese exports put the half of the day before the time instead (오전/오후,
  上午/下午, 午前/午後).
* A header without ``Name: `` is a system message (encryption notice, group changes); iOS puts
  a left-to-right mark before its system and media texts, which is how those are told apart.
* Media placeholders (``<Media omitted>``, ``image omitted``, ``<attached: ...>`` ...) become
  kind ``media``, deletion notices kind ``deleted``; the "edited" suffix sets ``edited`` and is
  removed from the text. Direction marks and byte-order marks are dropped everywhere.

WhatsApp writes wall-clock times without a zone: they are stored as if UTC
(``timezone_known=False``) unless ``tz`` names the zone they were shown in.

Speed: no Python loop runs per message; lines are split and matched with polars expressions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numpy as np
import polars as pl

from closeknit.conversation.corpus import MESSAGE_KINDS, Conversation, MessageKind
from closeknit.conversation.importers._common import (
    INVISIBLE_MARKS,
    INVISIBLE_MARKS_RE,
    apply_time_zone,
    check_time_zone,
    decode_utf8,
    finalize,
    import_error,
)

DateOrder = Literal["dmy", "mdy"]

_SPACE = "[ \u00a0\u202f]"
_KIND = {kind: pl.lit(kind, dtype=MessageKind) for kind in MESSAGE_KINDS}
_MARKS = list(INVISIBLE_MARKS)
# One regex for both layouts, matching only the header so the engine stops early; groups:
# the whole header, date fields a/b/c, time h/mi/s, am-pm token. The rest of the line follows.
# East Asian locales write the half of the day before the time ("오후 3:45", "下午3:45").
_AM_FIRST = ("오전", "上午", "午前")
_PM_FIRST = ("오후", "下午", "午後")
_HALF_DAY_FIRST = "|".join(_AM_FIRST + _PM_FIRST)
# Korean dates put a space after each dot ("2023. 1. 5."); elsewhere separators stand alone.
_DATE_SEP = r"(?:[/\-]|\. ?)"
HEADER_RE = (
    rf"^(?P<head>\[?(?P<a>[0-9]{{1,4}}){_DATE_SEP}(?P<b>[0-9]{{1,2}}){_DATE_SEP}"
    r"(?P<c>[0-9]{1,4})\.?,?"
    rf"{_SPACE}+(?:(?P<pa>{_HALF_DAY_FIRST}){_SPACE}*)?"
    rf"(?P<h>[0-9]{{1,2}})[:.](?P<mi>[0-9]{{2}})(?:[:.](?P<s>[0-9]{{2}}))?"
    rf"(?:{_SPACE}*(?P<ap>[^0-9\s\]\-–:][^\]\-–:0-9]{{0,12}}?))?"
    rf"{_SPACE}*(?:\]{_SPACE}?|[\-–]{_SPACE}))"
)
_HEADER_PLAIN_RE = re.sub(r"\(\?P<\w+>", "(?:", HEADER_RE)
# The quick test used to recognise a WhatsApp file by its first line.
HEADER_EXAMPLES = "'21/11/2026, 22:09 - Name: text' or '[21/11/2026, 22:09:59] Name: text'"

_AM = ("am", "a", "vorm", "vm", "fm", *_AM_FIRST)
_PM = ("pm", "p", "nachm", "nm", "em", *_PM_FIRST)

_MEDIA_RE = (
    r"(?i)^(?:"
    r"<(?:media omitted|medien ausgelassen|multimedia omitido|médias omis|media weggelaten|"
    r"mídia oculta|media omessi|view once message omitted)>"
    r"|(?:image|video|audio|sticker|gif|document|contact card|imagen|vídeo|documento|"
    r"tarjeta de contacto|bild|dokument|kontaktkarte)[ ](?:omitted|omitida|omitido|weggelassen)"
    r"|.* (?:omitted|omitida|omitido|weggelassen)$"
    r"|<(?:attached|adjunto|anhang|pièce jointe): [^>]*>"
    r"|[^\n]+ \((?:file attached|archivo adjunto|datei angehängt|fichier joint)\)"
    r")$"
)
_DELETED_PHRASES = (
    "This message was deleted",
    "You deleted this message",
    "Se eliminó este mensaje",
    "Eliminaste este mensaje",
    "Diese Nachricht wurde gelöscht",
    "Du hast diese Nachricht gelöscht",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
)
_DELETED_TEXTS = [*_DELETED_PHRASES, *(p + "." for p in _DELETED_PHRASES)]
_MEDIA_SUFFIX_RE = r"(?:\)|omitted|omitida|omitido|weggelassen)$"
_EDITED_RE = (
    r"(?i)[ \u00a0\u202f]*<(?:this message was edited|se editó este mensaje\.?|"
    r"diese nachricht wurde bearbeitet|ce message a été modifié)>$"
)
# System notices that iOS writes after the chat partner's name, without a direction mark in
# older exports.
_SYSTEM_PREFIXES = (
    "Messages and calls are end-to-end encrypted",
    "Messages to this chat and calls are now secured",
    "Los mensajes y las llamadas están cifrados",
    "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",
    "Your security code with",
    "Missed voice call",
    "Missed video call",
)
_SYSTEM_PREFIX_RE = "^(?:" + "|".join(re.escape(p) for p in _SYSTEM_PREFIXES) + ")"
# Android notices whose own text contains ": " and so look like "Name: text" lines; matched
# against the would-be sender name.
_SYSTEM_RE = (
    r"(?i)(?:changed the (?:subject|group name|group description|group icon)|created group|"
    r"changed their phone number|changed this group's|cambió el (?:asunto|nombre)|"
    r"hat den betreff|hat die gruppenbeschreibung)"
)


def parse_whatsapp_text(
    text: str,
    *,
    source: str = "",
    between: tuple[str, str] | None = None,
    date_order: DateOrder | None = None,
    tz: str | None = None,
) -> Conversation:
    """Parse the text of a WhatsApp export into a two-person :class:`Conversation`.

    ``date_order`` settles files whose dates never show which field is the day; ``tz`` is the
    IANA zone the times were displayed in. Raises
    :class:`~closeknit.errors.ChatImportError` naming the file and line for anything unreadable.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise import_error(source, "expected text without lone surrogate characters") from None
    return parse_whatsapp(data, source=source, between=between, date_order=date_order, tz=tz)


def parse_whatsapp(
    data: bytes,
    *,
    source: str = "",
    between: tuple[str, str] | None = None,
    date_order: DateOrder | None = None,
    tz: str | None = None,
) -> Conversation:
    """Like :func:`parse_whatsapp_text`, from the file's UTF-8 bytes (a BOM is dropped)."""
    check_time_zone(tz, source)
    raw = _parse_raw(data, source, date_order).with_columns(
        apply_time_zone(pl.col("timestamp"), tz)
    )
    missing = raw.filter(pl.col("timestamp").is_null())
    if missing.height:
        raise import_error(
            source,
            f"expected a time that exists in {tz} (this one falls in a clock change)",
            line=int(missing["line"][0]),
        )
    return finalize(
        raw.drop("line"),
        platform="whatsapp",
        source=source,
        between=between,
        timezone_known=tz is not None,
    )


def _parse_raw(data: bytes, source: str, date_order: DateOrder | None) -> pl.DataFrame:
    lines, marked = _split_lines(data, source)
    line = pl.col("line")
    flagged: pl.Expr = pl.lit(False)
    if marked:
        # iOS marks system and media texts with a leading LRM after "Name: "; remember that
        # before the marks go (one Aho-Corasick pass removes them all).
        flagged = line.str.contains(": \u200e", literal=True)
        line = line.str.replace_many(_MARKS, [""] * len(_MARKS))
    # Capture groups force the regex engine's slow path, so the header is found with a plain
    # match (a DFA): replacing it leaves the rest of the line, and a shorter line means a header.
    rest = pl.col("line").str.replace(_HEADER_PLAIN_RE, "").alias("rest")
    is_header = pl.col("rest").str.len_bytes() != pl.col("line").str.len_bytes()
    parts = _by_halves(
        lines,
        lambda half: (
            half.select("lineno", line.alias("line"), flagged.alias("flagged"))
            .with_columns(rest)
            .with_columns(is_header.alias("is_header"))
        ),
    ).with_columns(pl.col("is_header").cum_sum().alias("msg"))
    headers = parts.filter(pl.col("is_header"))
    if headers.height == 0:
        raise import_error(
            source,
            f"expected a WhatsApp message header like {HEADER_EXAMPLES}",
            line=_first_nonblank(parts),
        )
    first_header = int(headers["lineno"][0])
    orphans = parts.head(first_header - 1).filter(pl.col("line").str.strip_chars() != "")
    if orphans.height:
        raise import_error(
            source,
            f"expected a WhatsApp message header like {HEADER_EXAMPLES}",
            line=int(orphans["lineno"][0]),
        )
    # Dates and times are split and parsed in a second thread while the bodies are split,
    # merged and classified: the two are independent and polars releases the GIL, so both
    # cores work. A date or time error is raised as before, by result().
    with ThreadPoolExecutor(max_workers=1) as pool:
        stamps = pool.submit(_header_timestamps, headers, source, date_order)
        # "Name: text"; a header without it is a system notice (body stays null).
        headers = headers.select(
            "msg", pl.col("lineno").alias("line"), "flagged", _sender_and_body(pl.col("rest"))
        ).unnest("sender_body")
        continuation = parts.filter(~pl.col("is_header") & (pl.col("msg") > 0))
        if continuation.height:
            # Header rows carry msg = 1..N in order, so a multi-line body goes back by position.
            joined = continuation.group_by("msg").agg(pl.col("line").str.join("\n").alias("more"))
            rows = joined.get_column("msg").cast(pl.Int64) - 1
            body = headers.get_column("body")
            merged = body.gather(rows) + "\n" + joined.get_column("more")
            body = body.clone()
            body.scatter(rows, merged)
            headers = headers.with_columns(body)
        classified = _by_halves(headers, _classifier(headers))
        return classified.insert_column(1, stamps.result())


def _header_timestamps(
    headers: pl.DataFrame, source: str, date_order: DateOrder | None
) -> pl.Series:
    """The naive datetime of each header row (columns ``lineno``, ``line``, ``rest``)."""
    head = pl.col("line").str.strip_suffix(pl.col("rest"))
    parts = headers.select("lineno", _date_and_time_parts(head)).unnest("date_time")
    if parts["date_part"].str.contains("[\u00a0\u202f]").any():
        # A no-break space between date and time (rare): split on it too.
        parts = headers.select(
            "lineno", _date_and_time_parts(head.str.replace_all("[\u00a0\u202f]", " "))
        ).unnest("date_time")
    if parts["date_part"].str.contains(r"^\[?[0-9]{1,4}\.$").any():
        # Korean dates have a space after each dot ("2023. 1. 5. 오후 3:45"): close the gaps
        # inside the date only, then split as usual.
        closed = head.str.replace(
            r"^(\[?[0-9]{1,4})\. ([0-9]{1,2})\. ([0-9]{1,4})", "${1}.${2}.${3}"
        )
        parts = headers.select("lineno", _date_and_time_parts(closed)).unnest("date_time")
    return _timestamps(parts, source, date_order)


# Frames at least this long are worked on in two halves, one per thread.
HALVES_FROM = 100_000


def _by_halves(frame: pl.DataFrame, step: Callable[[pl.DataFrame], pl.DataFrame]) -> pl.DataFrame:
    """``step(frame)`` for a ``step`` that works row by row (no row depends on another).

    A long frame is cut in two and each half goes through ``step`` in its own thread: a
    polars string kernel runs on one core, so two calls side by side use both (polars
    releases the GIL). The halves are concatenated in order, so the result is the same.
    """
    if frame.height < HALVES_FROM:
        return step(frame)
    middle = frame.height // 2
    with ThreadPoolExecutor(max_workers=1) as pool:
        second = pool.submit(step, frame.slice(middle))
        first = step(frame.slice(0, middle))
        return pl.concat([first, second.result()])


def _date_and_time_parts(head: pl.Expr) -> pl.Expr:
    """A header split at its first space: struct ``date_time`` of ``date_part, time_part``.

    One struct (unnested by the caller) splits each string once; taking its two fields as
    separate expressions would split every header twice.
    """
    return (
        head.str.splitn(" ", 2).struct.rename_fields(["date_part", "time_part"]).alias("date_time")
    )


def _sender_and_body(rest: pl.Expr) -> pl.Expr:
    """``Name: text`` split at its first ``": "``: struct ``sender_body`` of ``sender, body``;
    without one the body is null."""
    return rest.str.splitn(": ", 2).struct.rename_fields(["sender", "body"]).alias("sender_body")


def _split_lines(data: bytes, source: str) -> tuple[pl.DataFrame, bool]:
    """One row per line, numbered from 1 (``\r\n`` and ``\r`` end lines too), and whether
    the text holds any invisible mark.

    Splitting happens in polars on the bytes, so the text is never held as a Python ``str``.
    """
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    # Trailing line ends are dropped after splitting: rstrip would copy the whole file.
    trailing = 0
    while trailing < len(data) and data[-1 - trailing] == 0x0A:
        trailing += 1
    try:
        text = pl.Series("line", _pieces_at_line_ends(data), dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:
        decode_utf8(data, source)  # raises, naming the line
        raise
    # One search over the whole text is far cheaper than one per line; it runs in a second
    # thread while polars splits the lines (numpy and polars release the GIL).
    with ThreadPoolExecutor(max_workers=1) as pool:
        marks = None if data.isascii() else pool.submit(_has_invisible_marks, data, text)
        lines = text.str.split("\n").explode()
        lines = lines.head(max(lines.len() - trailing, 1))
        marked = marks is not None and marks.result()
    return lines.to_frame().with_row_index("lineno", offset=1), marked


PIECE_BYTES = 1 << 20


def _pieces_at_line_ends(data: bytes, size: int = PIECE_BYTES) -> list[bytes]:
    """``data`` cut at line ends into pieces of about ``size`` bytes (the ``\\n`` dropped).

    Splitting the pieces and concatenating gives exactly the lines of the whole text, but
    polars builds one piece's lines at a time: splitting a 60 MB export as one string made
    it touch about 300 MB of fresh memory (0.16 s of page faults alone), pieces about 60 MB.
    A line end is one ASCII byte, so no UTF-8 character is ever cut.
    """
    pieces: list[bytes] = []
    start = 0
    while True:
        cut = data.find(b"\n", start + size) if start + size < len(data) else -1
        if cut < 0:
            pieces.append(data[start:])
            return pieces
        pieces.append(data[start:cut])
        start = cut + 1


# Every mark is a 3-byte UTF-8 sequence; as a number (lead << 16 | ...) per lead byte.
_MARK_CODES = {m.encode("utf-8") for m in INVISIBLE_MARKS}
_MARK_LEADS = {
    lead: np.array(
        sorted(int.from_bytes(c, "big") for c in _MARK_CODES if c[0] == lead), dtype=np.int32
    )
    for lead in sorted({c[0] for c in _MARK_CODES})
}


def _has_invisible_marks(data: bytes, text: pl.Series) -> bool:
    """Whether the (valid UTF-8) file holds any invisible mark.

    In valid UTF-8 a lead byte such as 0xE2 only ever starts a character, so the marks are
    found by looking at the few bytes after each of their lead bytes (numpy, a few
    vectorised passes) instead of running a character-class regex over the whole text,
    which is about three times slower. ``text`` is the same file decoded, for the general
    case where some mark is not three bytes long.
    """
    if any(len(c) != 3 for c in _MARK_CODES):
        return bool(text.str.contains(INVISIBLE_MARKS_RE).any())
    raw = np.frombuffer(data, dtype=np.uint8)
    for lead, codes in _MARK_LEADS.items():
        at = np.flatnonzero(raw[:-2] == lead)
        if at.size == 0:
            continue
        found = (
            (np.int32(lead) << 16)
            | (raw[at + 1].astype(np.int32) << 8)
            | raw[at + 2].astype(np.int32)
        )
        if np.isin(found, codes).any():
            return True
    return False


def _first_nonblank(parts: pl.DataFrame) -> int:
    nonblank = parts.filter(pl.col("line").str.strip_chars() != "")
    return int(nonblank["lineno"][0]) if nonblank.height else 1


_DATE_RE = r"^\[?(?P<a>[0-9]{1,4})[./\-](?P<b>[0-9]{1,2})[./\-](?P<c>[0-9]{1,4})\.?,?$"
_TIME_RE = (
    rf"^[ \u00a0\u202f]*(?:(?P<pa>{_HALF_DAY_FIRST})[ \u00a0\u202f]*)?"
    r"(?P<h>[0-9]{1,2})[:.](?P<mi>[0-9]{2})(?:[:.](?P<s>[0-9]{2}))?"
    r"(?:[ \u00a0\u202f]*(?P<ap>[^0-9\s\]\-–:][^\]\-–:0-9]{0,12}?))?[ \u00a0\u202f]*"
    r"(?:\] ?|[\-–][ \u00a0\u202f])$"
)


def _timestamps(headers: pl.DataFrame, source: str, date_order: DateOrder | None) -> pl.Series:
    """Naive datetimes of the header rows; validates fields and settles the file's date order.

    Dates and times repeat a lot (a few thousand days, at most 86,400 times of day), so each is
    parsed once per distinct string and mapped back.
    """
    dates = headers.group_by("date_part").agg(pl.col("lineno").min()).sort("lineno")
    dates = dates.with_columns(pl.col("date_part").str.extract_groups(_DATE_RE).alias("m")).unnest(
        "m"
    )
    times = headers.group_by("time_part").agg(pl.col("lineno").min()).sort("lineno")
    times = times.with_columns(pl.col("time_part").str.extract_groups(_TIME_RE).alias("m")).unnest(
        "m"
    )
    day_numbers = _day_numbers(dates, source, date_order)
    seconds = _seconds_of_day(times, source)
    micros = headers.select(
        pl.col("date_part").replace_strict(dates["date_part"], day_numbers, return_dtype=pl.Int64)
        * 86_400_000_000
        + pl.col("time_part").replace_strict(times["time_part"], seconds, return_dtype=pl.Int64)
        * 1_000_000
    ).to_series()
    return micros.cast(pl.Datetime("us")).alias("timestamp")


def _first_line(frame: pl.DataFrame, mask: pl.Expr) -> int | None:
    hit = frame.filter(mask)
    return int(hit["lineno"].min()) if hit.height else None  # type: ignore[arg-type]


def _day_numbers(dates: pl.DataFrame, source: str, date_order: DateOrder | None) -> pl.Series:
    """Days since 1970-01-01 for each distinct date string (rows of ``dates``)."""
    bad = _first_line(dates, pl.col("a").is_null())
    if bad is not None:
        raise import_error(source, "expected a date like 21/11/2026 before the time", line=bad)
    fields = dates.select(
        "lineno",
        pl.col("a").str.len_chars().alias("a_len"),
        pl.col("c").str.len_chars().alias("c_len"),
        pl.col("a").cast(pl.Int32),
        pl.col("b").cast(pl.Int32),
        pl.col("c").cast(pl.Int32),
    )
    year_first = pl.col("a_len") >= 3
    yf_line = _first_line(fields, year_first)
    if yf_line is not None:
        other = _first_line(fields, ~year_first)
        if other is not None:
            raise import_error(
                source,
                f"expected every date in one layout, but line {yf_line} starts with a year "
                "and this one does not",
                line=other,
            )
        year, month, day, year_len = pl.col("a"), pl.col("b"), pl.col("c"), pl.col("a_len")
    else:
        day_first = _first_line(fields, pl.col("a") > 12)
        month_first = _first_line(fields, pl.col("b") > 12)
        if day_first is not None and month_first is not None:
            raise import_error(
                source,
                f"expected one date order, but line {day_first} is day-first and this line "
                "is month-first",
                line=month_first,
            )
        if day_first is not None or (month_first is None and date_order != "mdy"):
            day, month = pl.col("a"), pl.col("b")
        else:
            month, day = pl.col("a"), pl.col("b")
        year, year_len = pl.col("c"), pl.col("c_len")
    bad = _first_line(fields, ~year_len.is_in([2, 4]))
    if bad is not None:
        raise import_error(source, "expected a 2- or 4-digit year", line=bad)
    checked = fields.select(
        "lineno",
        pl.when(year < 100).then(year + 2000).otherwise(year).alias("Y"),
        month.alias("M"),
        day.alias("D"),
    )
    bad = _first_line(checked, ~pl.col("M").is_between(1, 12))
    if bad is not None:
        raise import_error(source, "expected a month from 1 to 12 in the date", line=bad)
    month_len = pl.date(pl.col("Y"), pl.col("M"), 1).dt.month_end().dt.day()
    bad = _first_line(checked, ~pl.col("D").is_between(1, month_len))
    if bad is not None:
        raise import_error(source, "expected a day that exists in its month", line=bad)
    return checked.select(pl.date(pl.col("Y"), pl.col("M"), pl.col("D")).cast(pl.Int64)).to_series()


def _seconds_of_day(times: pl.DataFrame, source: str) -> pl.Series:
    """Seconds since midnight for each distinct time string (rows of ``times``)."""
    bad = _first_line(times, pl.col("h").is_null())
    if bad is not None:
        raise import_error(
            source, "expected a time like 22:09 or 10:09 PM after the date", line=bad
        )
    fields = times.select(
        "lineno",
        pl.col("h").cast(pl.Int32),
        pl.col("mi").cast(pl.Int32),
        pl.col("s").cast(pl.Int32).fill_null(0),
        pl.coalesce("pa", pl.col("ap").str.to_lowercase().str.replace_all(r"[.\s]", "")).alias(
            "ap"
        ),
    )
    ap, hour = pl.col("ap"), pl.col("h")
    bad = _first_line(fields, ap.is_not_null() & ~ap.is_in(_AM + _PM))
    if bad is not None:
        raise import_error(
            source, "expected AM/PM (or a.m./p.m., vorm./nachm.) after the time", line=bad
        )
    bad = _first_line(fields, ap.is_not_null() & ~hour.is_between(1, 12))
    if bad is not None:
        raise import_error(source, "expected an hour from 1 to 12 before AM/PM", line=bad)
    hour24 = (
        pl.when(ap.is_in(_AM) & (hour == 12))
        .then(0)
        .when(ap.is_in(_PM) & (hour < 12))
        .then(hour + 12)
        .otherwise(hour)
    )
    fields = fields.with_columns(hour24.alias("h"))
    bad = _first_line(
        fields,
        ~pl.col("h").is_between(0, 23)
        | ~pl.col("mi").is_between(0, 59)
        | ~pl.col("s").is_between(0, 59),
    )
    if bad is not None:
        raise import_error(source, "expected a time of day such as 22:09 or 10:09 PM", line=bad)
    return fields.select(
        (pl.col("h") * 3600 + pl.col("mi") * 60 + pl.col("s")).cast(pl.Int64)
    ).to_series()


def _classifier(headers: pl.DataFrame) -> Callable[[pl.DataFrame], pl.DataFrame]:
    """A row-by-row step (for :func:`_by_halves`) giving kinds, the edited flag and clean
    texts: columns ``line, sender, text, kind, edited``. The senders that are really system
    notices are found once, over all of ``headers``.

    Cheap tests (a literal, or a regex anchored at one end) pick the few rows that could be a
    placeholder; the full regexes then run only on those, the rest being masked to null.
    """
    senders = headers.get_column("sender").drop_nulls().unique()
    system_senders = senders.filter(senders.str.contains(_SYSTEM_RE)).to_list()
    return lambda rows: _classify_rows(rows, system_senders)


def _classify_rows(headers: pl.DataFrame, system_senders: list[str]) -> pl.DataFrame:
    body = pl.col("body")
    edited = pl.when(body.str.ends_with(">")).then(body).str.contains(_EDITED_RE).fill_null(False)
    cleaned = (
        pl.when(pl.col("edited"))
        .then(body)
        .str.replace(_EDITED_RE, "")
        .str.strip_chars_end(" \u00a0\u202f")
    )
    maybe_media = body.str.starts_with("<") | body.str.contains(_MEDIA_SUFFIX_RE)
    is_media = pl.when(maybe_media).then(body).str.contains(_MEDIA_RE).fill_null(False)
    is_system = (
        body.is_null()
        | pl.col("sender").is_in(system_senders)
        | body.str.contains(_SYSTEM_PREFIX_RE)
    )
    kind = (
        pl.when(is_system)
        .then(_KIND["system"])
        .when(body.is_in(_DELETED_TEXTS))
        .then(_KIND["deleted"])
        .when(is_media)
        .then(_KIND["media"])
        # Masked so that only flagged rows (iOS, rare) are searched; False & null is False.
        .when(
            pl.col("flagged")
            & ~pl.when(pl.col("flagged")).then(body).str.contains("\n", literal=True)
        )
        .then(_KIND["system"])
        .otherwise(_KIND["text"])
    )
    return (
        headers.lazy()
        .with_columns(edited.alias("edited"))
        .with_columns(pl.coalesce(cleaned, body).alias("body"))
        .with_columns(kind.alias("kind"))
        .select(
            "line",
            pl.when(pl.col("kind") == "system")
            .then(pl.lit(""))
            .otherwise(pl.col("sender"))
            .alias("sender"),
            pl.when(pl.col("kind") == "text").then(body).otherwise(pl.lit("")).alias("text"),
            "kind",
            "edited",
        )
        .collect()
    )


_HEADER_PLAIN = re.compile(_HEADER_PLAIN_RE)


def looks_like_whatsapp(first_line: str) -> bool:
    """True when ``first_line`` starts with a WhatsApp message header (format detection)."""
    line = first_line.translate({ord(c): None for c in INVISIBLE_MARKS})
    return _HEADER_PLAIN.match(line) is not None
