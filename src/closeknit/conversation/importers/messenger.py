"""Facebook Messenger JSON exports ("Download your information": ``message_N.json``).

A thread is one or several ``message_N.json`` files (``message_1.json`` holds the newest);
they are merged and sorted by time. Both the classic layout (``participants: [{"name"}]``,
``messages`` with ``sender_name``, ``timestamp_ms``, ``content``) and the newer end-to-end
encrypted one (``participants: ["name"]``, ``senderName``, ``timestamp``, ``text``) are read.

* ``photos``, ``videos``, ``audio_files``, ``files``, ``gifs``, ``sticker`` or ``media`` make
  a message media; ``is_unsent``/``isUnsent`` make it deleted; ``type`` ``Call``,
  ``Subscribe``, ``Unsubscribe`` or ``Unsent``... other than ``Generic``/``Share``/``text``
  makes it a system message.
* The classic export writes UTF-8 text as if each byte were a Latin-1 character ("CafÃ©").
  When the whole thread shows that damage (no character above U+00FF, and every string with
  characters in U+0080..U+00FF decodes back as UTF-8) every name and text is repaired;
  a correctly encoded export is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from closeknit.conversation.corpus import Conversation
from closeknit.conversation.importers._common import (
    epoch_to_micros,
    finalize,
    import_error,
    records_frame,
)

_MEDIA_FIELDS = ("photos", "videos", "audio_files", "files", "gifs", "sticker", "media")
_MESSAGE_TYPES = ("Generic", "Share", "text", "media", "link")


def looks_like_messenger(document: Any) -> bool:
    """True for one ``message_N.json`` document (used by format detection)."""
    if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
        return False
    if "participants" not in document:
        return False
    sample = next((m for m in document["messages"] if isinstance(m, dict)), None)
    return sample is None or "sender_name" in sample or "senderName" in sample


def parse_messenger(
    documents: Iterable[tuple[str, Any]],
    *,
    source: str = "",
    between: tuple[str, str] | None = None,
) -> Conversation:
    """A :class:`Conversation` from the parsed ``message_N.json`` files of one thread.

    ``documents`` pairs each file's name (for error messages) with its parsed JSON.
    """
    rows: list[tuple[int, str, str, str]] = []
    threads: set[str] = set()
    for name, document in documents:
        where = f"{source} ({name})" if name and name != source else source
        if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
            raise import_error(where, "expected a Messenger file with a 'messages' list")
        thread = document.get("thread_path") or document.get("threadName")
        if isinstance(thread, str):
            threads.add(thread)
        for index, message in enumerate(document["messages"], start=1):
            rows.append(_row(message, where, f"message {index}"))
    if len(threads) > 1:
        raise import_error(
            source,
            f"expected the files of one conversation, found {len(threads)} threads; "
            "import each thread's folder on its own",
        )
    if not rows:
        raise import_error(source, "expected at least one message, found none")
    # Files and messages run newest first; reversed, equal times keep the order they were sent.
    rows.reverse()
    if _is_mojibake(s for row in rows for s in row[1:3]):
        rows = [(t, _repair(sender), _repair(text), kind) for t, sender, text, kind in rows]
    raw = records_frame(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [r[3] for r in rows],
        [False] * len(rows),
        source=source,
    )
    return finalize(raw, platform="messenger", source=source, between=between, timezone_known=True)


def _row(message: Any, where: str, at: str) -> tuple[int, str, str, str]:
    if not isinstance(message, dict):
        raise import_error(where, "expected a message object", at=at)
    stamp = message.get("timestamp_ms", message.get("timestamp"))
    if stamp is None:
        raise import_error(where, "expected 'timestamp_ms' (milliseconds since 1970)", at=at)
    micros = epoch_to_micros(stamp, where, at)
    sender = message.get("sender_name", message.get("senderName"))
    text = message.get("content", message.get("text"))
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise import_error(where, "expected 'content' to be a string", at=at)
    kind_type = message.get("type")
    if isinstance(kind_type, str) and kind_type not in _MESSAGE_TYPES:
        return micros, "", "", "system"
    if not isinstance(sender, str) or not sender:
        raise import_error(where, "expected the sender's name in 'sender_name'", at=at)
    if message.get("is_unsent") or message.get("isUnsent"):
        return micros, sender, "", "deleted"
    if any(message.get(field) for field in _MEDIA_FIELDS):
        return micros, sender, "", "media"
    return micros, sender, text, "text"


def _is_mojibake(strings: Iterable[str]) -> bool:
    damaged = False
    for text in strings:
        if text.isascii():
            continue
        if any(ord(ch) > 0xFF for ch in text):
            return False
        try:
            text.encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            return False
        damaged = True
    return damaged


def _repair(text: str) -> str:
    return text if text.isascii() else text.encode("latin-1").decode("utf-8")
