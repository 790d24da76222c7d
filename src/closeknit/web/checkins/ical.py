"""The private calendar feed: this week's planned practices as an RFC 5545 calendar.

Each planned practice becomes an all-day event on the Monday of its week, titled with the
exercise's generic title. No reasons, scores, notes or names are included: a calendar
may be synced to places the person does not control.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

PRODID = "-//closeknit//practice plan//EN"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return [line]
    out, current = [], b""
    for ch in line:
        enc = ch.encode()
        if len(current) + len(enc) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += enc
    out.append(current.decode())
    return [out[0]] + [" " + part for part in out[1:]]


def calendar(events: Iterable[tuple[str, date, str]], *, stamp: datetime) -> str:
    """``events`` are (uid, day, title); ``stamp`` is the DTSTAMP (UTC). CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:closeknit practice",
    ]
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    for uid, day, title in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(title)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
