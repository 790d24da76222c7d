"""Test helpers: write generated messages in each platform's export format.

A message is a :class:`Msg` (UTC wall-clock time, sender, text, kind, edited). Renderers
return the bytes (or a folder of files) a platform would export, so round-trip tests can parse
them back and compare with what was generated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

LRM = "\u200e"
NNBSP = "\u202f"


@dataclass(frozen=True)
class Msg:
    when: datetime  # naive, read as UTC
    sender: str
    text: str
    kind: str  # text | media | deleted
    edited: bool = False


def expected_frame(messages: list[Msg]) -> pl.DataFrame:
    """What the importer should return for ``messages`` (text empty unless kind is text)."""
    return pl.DataFrame(
        {
            "timestamp": [m.when.replace(tzinfo=UTC) for m in messages],
            "sender": [m.sender for m in messages],
            "text": [m.text if m.kind == "text" else "" for m in messages],
            "kind": [m.kind for m in messages],
            "edited": [m.edited for m in messages],
        },
        schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
    )


def _epoch_ms(when: datetime) -> int:
    return int(when.replace(tzinfo=UTC).timestamp() * 1000)


def _iso(when: datetime) -> str:
    return when.replace(tzinfo=UTC).isoformat()


def _twelve_hour(when: datetime) -> tuple[int, str]:
    hour = when.hour % 12 or 12
    return hour, "AM" if when.hour < 12 else "PM"


def whatsapp_android(messages: list[Msg], *, month_first: bool = False) -> bytes:
    """Android layout: ``21/11/2026, 22:09 - Name: text`` (or US month-first, 12-hour)."""
    lines = []
    for m in messages:
        if month_first:
            hour, half = _twelve_hour(m.when)
            head = f"{m.when.month}/{m.when.day}/{m.when:%y}, {hour}:{m.when:%M}{NNBSP}{half}"
        else:
            head = f"{m.when:%d/%m/%Y, %H:%M}"
        body = {
            "text": m.text + (" <This message was edited>" if m.edited else ""),
            "media": "<Media omitted>",
            "deleted": "This message was deleted",
        }[m.kind]
        lines.append(f"{head} - {m.sender}: {body}")
    return ("\n".join(lines) + "\n").encode()


def whatsapp_ios(messages: list[Msg]) -> bytes:
    """iOS layout: ``[21.11.26, 10:09:59 PM] Name: text`` with direction marks and a BOM."""
    lines = []
    for m in messages:
        hour, half = _twelve_hour(m.when)
        head = f"[{m.when:%d.%m.%y}, {hour}:{m.when:%M:%S}{NNBSP}{half}]"
        body = {
            "text": m.text + (f" {LRM}<This message was edited>" if m.edited else ""),
            "media": f"{LRM}image omitted",
            "deleted": f"{LRM}This message was deleted.",
        }[m.kind]
        lines.append(f"{head} {m.sender}: {body}")
    return ("\ufeff" + "\r\n".join(lines)).encode()


# The half of the day before the time, as Korean, Chinese and Japanese phones write it.
HALF_DAY_FIRST = {
    "korean": ("오전", "오후"),
    "chinese": ("上午", "下午"),
    "japanese": ("午前", "午後"),
}


def whatsapp_half_day_first(messages: list[Msg], *, locale: str, ios: bool = False) -> bytes:
    """East Asian layouts: Korean ``2023. 1. 5. 오후 3:45 - Name: text`` (dots followed by
    spaces), Chinese ``2023/1/5 下午3:45``, Japanese ``2023/01/05 午後3:45``; ``ios`` brackets
    the header and adds seconds."""
    am, pm = HALF_DAY_FIRST[locale]
    lines = []
    for m in messages:
        hour, half = _twelve_hour(m.when)
        marker = am if half == "AM" else pm
        clock = f"{hour}:{m.when:%M:%S}" if ios else f"{hour}:{m.when:%M}"
        if locale == "korean":
            stamp = f"{m.when.year}. {m.when.month}. {m.when.day}. {marker} {clock}"
        elif locale == "chinese":
            stamp = f"{m.when.year}/{m.when.month}/{m.when.day} {marker}{clock}"
        else:
            stamp = f"{m.when:%Y/%m/%d} {marker}{clock}"
        body = {"text": m.text, "media": "<Media omitted>", "deleted": "This message was deleted"}[
            m.kind
        ]
        edited = " <This message was edited>" if m.edited else ""
        head = f"[{stamp}] " if ios else f"{stamp} - "
        lines.append(f"{head}{m.sender}: {body}{edited if m.kind == 'text' else ''}")
    return ("\n".join(lines) + "\n").encode()


def telegram(messages: list[Msg]) -> bytes:
    out = []
    for number, m in enumerate(messages, start=1):
        record: dict[str, object] = {
            "id": number,
            "type": "message",
            "date": m.when.isoformat(),
            "date_unixtime": str(_epoch_ms(m.when) // 1000),
            "from": m.sender,
            "from_id": f"user{abs(hash(m.sender)) % 1000}",
            "text": [m.text[:1], {"type": "bold", "text": m.text[1:]}] if m.kind == "text" else "",
        }
        if m.kind == "media":
            record["photo"] = "photos/p.jpg"
        if m.edited:
            record["edited_unixtime"] = record["date_unixtime"]
        out.append(record)
    return json.dumps({"name": "x", "type": "personal_chat", "id": 1, "messages": out}).encode()


def signal(messages: list[Msg]) -> bytes:
    lines = []
    for m in messages:
        record: dict[str, object] = {"timestamp": _epoch_ms(m.when), "sender": m.sender}
        record["body"] = m.text if m.kind == "text" else ""
        record["attachments"] = [{"fileName": "a.jpg"}] if m.kind == "media" else []
        if m.kind == "deleted":
            record["remoteDeleted"] = True
        if m.edited:
            record["editHistory"] = [{"body": "before"}]
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines).encode()


def messenger_folder(messages: list[Msg], folder: Path, *, per_file: int = 3) -> Path:
    """``message_1.json`` (newest) ... written with Facebook's broken Latin-1 encoding."""

    def broken(text: str) -> str:
        return text.encode("utf-8").decode("latin-1")

    newest_first = list(reversed(messages))
    folder.mkdir(parents=True, exist_ok=True)
    names = sorted({m.sender for m in messages})
    chunks = [newest_first[i : i + per_file] for i in range(0, len(newest_first), per_file)]
    for number, chunk in enumerate(chunks or [[]], start=1):
        records = []
        for m in chunk:
            record: dict[str, object] = {
                "sender_name": broken(m.sender),
                "timestamp_ms": _epoch_ms(m.when),
            }
            if m.kind == "text":
                record["content"] = broken(m.text)
            elif m.kind == "media":
                record["photos"] = [{"uri": "p.jpg"}]
            else:
                record["is_unsent"] = True
                record["content"] = "unsent"
            records.append(record)
        document = {"participants": [{"name": broken(n)} for n in names], "messages": records}
        (folder / f"message_{number}.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def discord(messages: list[Msg]) -> bytes:
    out = []
    for number, m in enumerate(messages):
        out.append(
            {
                "id": str(number),
                "type": "Default",
                "timestamp": m.when.replace(tzinfo=UTC).isoformat(),
                "timestampEdited": _iso(m.when) if m.edited else None,
                "content": m.text if m.kind == "text" else "",
                "author": {"id": m.sender, "name": m.sender.lower(), "nickname": m.sender},
                "attachments": [{"fileName": "a.png"}] if m.kind == "media" else [],
            }
        )
    return json.dumps(
        {"guild": {"name": "DM"}, "channel": {"name": "dm"}, "messages": out}
    ).encode()
