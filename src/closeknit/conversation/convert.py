"""Writers that hand a parsed :class:`Conversation` to researchers' tools.

* :func:`write_csv` — columns ``timestamp, sender, text, kind, edited``; the timestamp is ISO
  8601 with its UTC offset (``2026-11-21T22:09:59+00:00``) when the source knew the time zone,
  and plain wall-clock time (``2026-11-21T22:09:59``) when it did not (WhatsApp without
  ``--tz``), so no offset is ever invented. ``closeknit`` reads this CSV back unchanged.
* :func:`write_parquet` — the same columns with native types: ``timestamp`` is
  ``Datetime(us, UTC)`` when known, a naive ``Datetime(us)`` otherwise; ``kind`` is a string.
* :func:`write_convokit` — a ConvoKit corpus directory (``utterances.jsonl``,
  ``speakers.json``, ``conversations.json``, ``corpus.json``, ``index.json``) that
  ``convokit.Corpus(filename=...)`` loads. The chat is one conversation whose id is its first
  utterance's; each utterance replies to the one before it; timestamps are Unix seconds; system
  messages are left out (they have no speaker); ``kind``, ``edited`` and the ISO time go into
  each utterance's ``meta``.

Each writer writes to a temporary sibling and renames it into place, so an interrupted run
never leaves a half-written file, and refuses to overwrite unless ``overwrite=True``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from closeknit.conversation.corpus import Conversation
from closeknit.errors import CloseknitError

FORMATS = ("csv", "parquet", "convokit")
_ISO_WITH_OFFSET = "%Y-%m-%dT%H:%M:%S%.f%:z"
_ISO_WALL_CLOCK = "%Y-%m-%dT%H:%M:%S%.f"


class ConvertError(CloseknitError):
    """The output could not be written where asked."""


def export_frame(conversation: Conversation) -> pl.DataFrame:
    """The columns researchers get: ISO timestamp string, sender, text, kind, edited."""
    stamp = pl.col("timestamp")
    iso = (
        stamp.dt.to_string(_ISO_WITH_OFFSET)
        if conversation.timezone_known
        else stamp.dt.replace_time_zone(None).dt.to_string(_ISO_WALL_CLOCK)
    )
    return conversation.messages.select(
        iso.alias("timestamp"),
        "sender",
        "text",
        pl.col("kind").cast(pl.String),
        "edited",
    )


def write_conversation(
    conversation: Conversation, out: Path, fmt: str, *, overwrite: bool = False
) -> Path:
    """Write ``conversation`` to ``out`` in ``fmt`` (one of :data:`FORMATS`); returns ``out``."""
    writers: dict[str, Callable[[Conversation, Path], None]] = {
        "csv": _csv,
        "parquet": _parquet,
        "convokit": _convokit,
    }
    if fmt not in writers:
        raise ConvertError(f"expected a format among {', '.join(FORMATS)}, got {fmt!r}")
    out = Path(out)
    if out.exists() and not overwrite:
        raise ConvertError(f"{out} already exists; choose another --out or pass --force")
    if not out.parent.is_dir():
        raise ConvertError(f"{out.parent} is not a folder; create it first")
    _atomically(out, lambda tmp: writers[fmt](conversation, tmp), directory=fmt == "convokit")
    return out


def write_csv(conversation: Conversation, out: Path, *, overwrite: bool = False) -> Path:
    return write_conversation(conversation, out, "csv", overwrite=overwrite)


def write_parquet(conversation: Conversation, out: Path, *, overwrite: bool = False) -> Path:
    return write_conversation(conversation, out, "parquet", overwrite=overwrite)


def write_convokit(conversation: Conversation, out: Path, *, overwrite: bool = False) -> Path:
    return write_conversation(conversation, out, "convokit", overwrite=overwrite)


def _atomically(out: Path, write: Callable[[Path], None], *, directory: bool) -> None:
    parent = out.parent
    if directory:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    else:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", dir=parent)
        os.close(handle)
        tmp = Path(name)
    try:
        write(tmp)
        if out.is_dir() and not out.is_symlink():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        raise


def _csv(conversation: Conversation, path: Path) -> None:
    export_frame(conversation).write_csv(path)


def _parquet(conversation: Conversation, path: Path) -> None:
    frame = conversation.messages.with_columns(pl.col("kind").cast(pl.String))
    if not conversation.timezone_known:
        frame = frame.with_columns(pl.col("timestamp").dt.replace_time_zone(None))
    frame.write_parquet(path)


def _convokit(conversation: Conversation, folder: Path) -> None:
    messages = conversation.messages.with_row_index("row").filter(pl.col("kind") != "system")
    iso = export_frame(conversation).with_row_index("row").select("row", "timestamp")
    messages = messages.join(iso.rename({"timestamp": "iso"}), on="row", how="left")
    ids = [f"u{row}" for row in messages.get_column("row").to_list()]
    conversation_id = ids[0] if ids else "u0"
    seconds = messages.get_column("timestamp").dt.epoch("s").to_list()
    with (folder / "utterances.jsonl").open("w", encoding="utf-8") as handle:
        for position, (uid, speaker, text, kind, edited, iso_time, second) in enumerate(
            zip(
                ids,
                messages.get_column("sender").to_list(),
                messages.get_column("text").to_list(),
                messages.get_column("kind").cast(pl.String).to_list(),
                messages.get_column("edited").to_list(),
                messages.get_column("iso").to_list(),
                seconds,
                strict=True,
            )
        ):
            record = {
                "id": uid,
                "speaker": speaker,
                "conversation_id": conversation_id,
                "reply_to": ids[position - 1] if position else None,
                "timestamp": second,
                "text": text,
                "meta": {"kind": kind, "edited": edited, "time": iso_time},
                "vectors": [],
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    speakers: dict[str, Any] = {
        name: {"meta": {}, "vectors": []} for name in conversation.participants
    }
    _dump(folder / "speakers.json", speakers)
    _dump(
        folder / "conversations.json",
        {conversation_id: {"meta": {"platform": conversation.platform}, "vectors": []}},
    )
    _dump(
        folder / "corpus.json",
        {
            "platform": conversation.platform,
            "timezone_known": conversation.timezone_known,
            "participants": list(conversation.participants),
        },
    )
    _dump(
        folder / "index.json",
        {
            "utterances-index": {
                "kind": ["<class 'str'>"],
                "edited": ["<class 'bool'>"],
                "time": ["<class 'str'>"],
            },
            "speakers-index": {},
            "conversations-index": {"platform": ["<class 'str'>"]},
            "overall-index": {
                "platform": ["<class 'str'>"],
                "timezone_known": ["<class 'bool'>"],
                "participants": ["<class 'list'>"],
            },
            "version": 1,
            "vectors": [],
        },
    )


def _dump(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
