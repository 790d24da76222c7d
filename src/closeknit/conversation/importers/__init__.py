"""Chat-export importers: detect the format of a file, folder or zip and parse it.

``load_conversation(path)`` is the one entry point: it recognises the export by its content
(not its name), reads archives through :mod:`.archive` (in memory, under size limits), runs
the platform's parser and returns a validated two-person
:class:`~closeknit.conversation.corpus.Conversation`. Every failure is an
:class:`~closeknit.errors.ChatImportError` naming the file, the line or message, and what was
expected; nothing is returned half-read.

Recognised (see each module for the exact fields):

===========  =======================================================================
whatsapp     "Export chat" ``.txt`` (Android or iOS), or the zip holding it (media ignored)
telegram     Telegram Desktop ``result.json`` (one chat, or a full export)
signal       signal-export JSON lines (one message object per line)
messenger    Facebook ``message_N.json`` files: one file, the thread's folder, or a zip
discord      DiscordChatExporter JSON
csv          a CSV with timestamp, sender and text columns
===========  =======================================================================
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from closeknit.conversation.corpus import Conversation
from closeknit.conversation.importers._common import decode_utf8, import_error, load_json
from closeknit.conversation.importers.archive import (
    DEFAULT_LIMITS,
    ArchiveLimits,
    SafeArchive,
    is_zip,
)
from closeknit.conversation.importers.discord import looks_like_discord, parse_discord
from closeknit.conversation.importers.generic_csv import header_columns, parse_csv
from closeknit.conversation.importers.messenger import looks_like_messenger, parse_messenger
from closeknit.conversation.importers.signal import looks_like_signal_record, parse_signal
from closeknit.conversation.importers.telegram import looks_like_telegram, parse_telegram
from closeknit.conversation.importers.whatsapp import (
    HEADER_EXAMPLES,
    DateOrder,
    looks_like_whatsapp,
    parse_whatsapp,
    parse_whatsapp_text,
)

PLATFORMS = ("whatsapp", "telegram", "signal", "messenger", "discord", "csv")

__all__ = [
    "PLATFORMS",
    "ArchiveLimits",
    "detect_platform",
    "load_conversation",
    "load_conversation_bytes",
    "parse_whatsapp_text",
]

_SNIFF_BYTES = 64 * 1024
_MESSENGER_FILE = re.compile(r"(?:^|/)message_\d+\.json$")
_EXPECTED = (
    "expected a chat export: a WhatsApp .txt or .zip, a Telegram result.json, signal-export "
    "JSON lines, Facebook Messenger message_N.json files, a DiscordChatExporter .json, or a "
    "CSV with timestamp, sender and text columns"
)


@dataclass
class _Export:
    """The files of one export, read into memory, and the platform they belong to."""

    source: str
    platform: str
    files: list[tuple[str, bytes]] = field(default_factory=list)
    documents: list[tuple[str, Any]] = field(default_factory=list)


def detect_platform(path: Path, *, limits: ArchiveLimits = DEFAULT_LIMITS) -> str:
    """The platform id of the export at ``path`` (one of :data:`PLATFORMS`), from content."""
    return _read_export(Path(path), None, limits).platform


def load_conversation(
    path: Path,
    *,
    between: tuple[str, str] | None = None,
    platform: str | None = None,
    tz: str | None = None,
    date_order: DateOrder | None = None,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> Conversation:
    """Read the chat export at ``path`` into a two-person :class:`Conversation`.

    ``between`` keeps only the messages of the two named people (needed for group chats);
    ``platform`` skips detection; ``tz`` is the IANA zone of exports that store wall-clock
    time (WhatsApp, CSV without offsets); ``date_order`` settles WhatsApp files whose dates
    never show which field is the day (default day-first); ``limits`` bound what a zip may
    unpack to. Raises :class:`~closeknit.errors.ChatImportError`.
    """
    path = Path(path)
    _check_platform(str(path), platform)
    return _parse_export(
        _read_export(path, platform, limits), between=between, tz=tz, date_order=date_order
    )


def load_conversation_bytes(
    data: bytes,
    name: str,
    *,
    between: tuple[str, str] | None = None,
    platform: str | None = None,
    tz: str | None = None,
    date_order: DateOrder | None = None,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> Conversation:
    """:func:`load_conversation` of one file already in memory (an upload): a chat file or a
    zip of one export, called ``name`` in error messages. Nothing is written to disk."""
    _check_platform(name, platform)
    if len(data) > limits.max_total_bytes:
        raise import_error(
            name, f"expected at most {limits.max_total_bytes // (1024 * 1024)} MiB of export"
        )
    if is_zip(data[:4]):
        export = _read_zip(Path(name), platform, limits, data=data)
    else:
        export = _classify_file(name, data, platform)
    return _parse_export(export, between=between, tz=tz, date_order=date_order)


def _check_platform(source: str, platform: str | None) -> None:
    if platform is not None and platform not in PLATFORMS:
        raise import_error(
            source, f"expected a platform among {', '.join(PLATFORMS)}, got {platform!r}"
        )


def _parse_export(
    export: _Export,
    *,
    between: tuple[str, str] | None,
    tz: str | None,
    date_order: DateOrder | None,
) -> Conversation:
    source = export.source
    if export.platform == "whatsapp":
        name, data = export.files[0]
        return parse_whatsapp(data, source=name, between=between, date_order=date_order, tz=tz)
    if export.platform == "signal":
        name, data = export.files[0]
        return parse_signal(data, source=name, between=between, tz=tz)
    if export.platform == "csv":
        name, data = export.files[0]
        return parse_csv(data, source=name, between=between, tz=tz)
    if export.platform == "messenger":
        return parse_messenger(export.documents, source=source, between=between)
    name, document = export.documents[0]
    if export.platform == "telegram":
        return parse_telegram(document, source=name, between=between)
    return parse_discord(document, source=name, between=between)


def _read_export(path: Path, platform: str | None, limits: ArchiveLimits) -> _Export:
    source = str(path)
    if path.is_dir():
        return _read_folder(path, platform, limits)
    try:
        with path.open("rb") as handle:
            start = handle.read(4)
            size = path.stat().st_size
            if size > limits.max_total_bytes and not is_zip(start):
                raise import_error(
                    source,
                    f"expected at most {limits.max_total_bytes // (1024 * 1024)} MiB of export",
                )
            handle.seek(0)
            data = handle.read()
    except FileNotFoundError:
        raise import_error(source, "expected an existing file or folder") from None
    except OSError as exc:
        raise import_error(source, f"expected a readable file ({exc.strerror})") from None
    if is_zip(data[:4]):
        return _read_zip(path, platform, limits)
    return _classify_file(source, data, platform)


def _read_folder(path: Path, platform: str | None, limits: ArchiveLimits) -> _Export:
    source = str(path)
    try:
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    except OSError as exc:
        raise import_error(source, f"expected a readable folder ({exc.strerror})") from None
    names = [p.relative_to(path).as_posix() for p in files]
    total = 0
    loaded: list[tuple[str, bytes]] = []
    for file, name in zip(files, names, strict=True):
        if _wanted_in_bundle(name):
            total += file.stat().st_size
            if total > limits.max_total_bytes:
                raise import_error(source, "expected a smaller export folder")
            loaded.append((f"{path / name}", file.read_bytes()))
    return _classify_bundle(source, loaded, platform)


def _read_zip(
    path: Path, platform: str | None, limits: ArchiveLimits, *, data: bytes | None = None
) -> _Export:
    with SafeArchive(path, limits, data=data) as archive:
        wanted = [n for n in archive.names if _wanted_in_bundle(n)]
        # Read only what the bundle logic will look at: Messenger threads, result.json, or the
        # single chat text (media files are never read).
        messenger = [n for n in wanted if _MESSENGER_FILE.search(n)]
        if messenger and platform in (None, "messenger"):
            chosen = messenger
        else:
            chosen = _pick_chat_member(wanted, path)
        loaded = [(archive.member_source(n), archive.read(n)) for n in chosen]
    return _classify_bundle(str(path), loaded, platform)


def _wanted_in_bundle(name: str) -> bool:
    base = PurePosixPath(name).name
    return (
        not base.startswith(".")
        and "__MACOSX" not in name
        and base.lower().endswith((".txt", ".json", ".jsonl", ".csv"))
    )


def _pick_chat_member(names: list[str], path: Path) -> list[str]:
    if not names:
        raise import_error(
            str(path), "expected a chat text or JSON file inside the archive, found none"
        )
    preferred = [
        n
        for n in names
        if PurePosixPath(n).name in ("_chat.txt", "result.json")
        or PurePosixPath(n).name.startswith("WhatsApp Chat")
    ]
    if len(preferred) == 1:
        return preferred
    if len(names) == 1:
        return names
    listed = ", ".join(repr(n) for n in names[:10])
    raise import_error(
        str(path),
        f"expected one chat file inside the archive, found {len(names)} ({listed}); "
        "unzip it and import the chat file itself",
    )


def _classify_bundle(source: str, loaded: list[tuple[str, bytes]], platform: str | None) -> _Export:
    messenger = [(n, d) for n, d in loaded if _MESSENGER_FILE.search(n.rstrip(")"))]
    if messenger and platform in (None, "messenger"):
        documents = [(n, load_json(d, n)) for n, d in _newest_first(messenger)]
        if platform is None and not all(looks_like_messenger(doc) for _, doc in documents):
            raise import_error(source, _EXPECTED)
        return _Export(source, "messenger", documents=documents)
    candidates = [
        (n, d)
        for n, d in loaded
        if PurePosixPath(n.rstrip(")")).name in ("result.json", "_chat.txt")
        or PurePosixPath(n.rstrip(")")).name.startswith("WhatsApp Chat")
    ] or loaded
    if len(candidates) != 1:
        found = f"{len(candidates)} files" if candidates else "no chat file"
        raise import_error(source, f"{_EXPECTED}; found {found} in the folder or archive")
    name, data = candidates[0]
    return _classify_file(name, data, platform)


def _newest_first(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    def number(item: tuple[str, bytes]) -> int:
        match = re.search(r"message_(\d+)\.json", item[0])
        return int(match.group(1)) if match else 0

    return sorted(files, key=number)


def _classify_file(source: str, data: bytes, platform: str | None) -> _Export:
    files = [(source, data)]
    if platform in ("whatsapp", "signal", "csv"):
        return _Export(source, platform, files=files)
    if platform in ("telegram", "discord", "messenger"):
        return _Export(source, platform, documents=[(source, load_json(data, source))])
    # Sniff the format from the start only; the chosen parser validates the whole file.
    head = data[:_SNIFF_BYTES].decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    first = next((line for line in head.splitlines() if line.strip()), "")
    if looks_like_whatsapp(first):
        return _Export(source, "whatsapp", files=files)
    if head.startswith(("{", "[")):
        text = decode_utf8(data, source)
        stripped = text.lstrip()
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" and _first_record_is_signal(stripped):
                return _Export(source, "signal", files=files)
            raise import_error(
                source, f"expected valid JSON ({exc.msg})", line=exc.lineno
            ) from None
        except RecursionError:
            raise import_error(source, "expected JSON nested less deeply") from None
        except ValueError:  # a number with thousands of digits, which Python refuses to read
            raise import_error(source, "expected JSON numbers of a sensible length") from None
        documents = [(source, document)]
        if looks_like_messenger(document):
            return _Export(source, "messenger", documents=documents)
        if looks_like_discord(document):
            return _Export(source, "discord", documents=documents)
        if looks_like_telegram(document):
            return _Export(source, "telegram", documents=documents)
        if looks_like_signal_record(document):
            return _Export(source, "signal", files=files)
        raise import_error(source, _EXPECTED)
    if header_columns(first) is not None:
        return _Export(source, "csv", files=files)
    if first[:1].isdigit() or first.startswith("["):
        raise import_error(
            source, f"expected a WhatsApp message header like {HEADER_EXAMPLES}", line=1
        )
    raise import_error(source, _EXPECTED)


def _first_record_is_signal(text: str) -> bool:
    first = text.split("\n", 1)[0]
    try:
        return looks_like_signal_record(json.loads(first))
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return False
