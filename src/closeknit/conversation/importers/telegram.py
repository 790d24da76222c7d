"""Telegram Desktop JSON exports (``result.json``).

Accepted shapes: a single chat (``{"name", "type", "messages": [...]}``) or a full account
export (``{"chats": {"list": [chat, ...]}}``), from which the one personal chat is taken; when
there are several, ``between`` picks the chat where both people wrote.

Per message: ``date_unixtime`` (seconds, a string or number) is the instant; ``date`` (local
wall-clock, no zone) is used only when it is missing, and then ``timezone_known`` is False.
``from`` names the sender (``from_id`` when a deleted account left it empty). ``text`` is a
string or a list of strings and entity objects with a ``"text"``. ``type: "service"`` is a
system message; ``photo``, ``file``, ``media_type``, ``sticker_emoji``, ``poll``,
``contact_information`` or ``location_information`` make it media; ``edited`` or
``edited_unixtime`` mark it edited.
"""

from __future__ import annotations

from typing import Any

from closeknit.conversation.corpus import Conversation
from closeknit.conversation.importers._common import (
    epoch_to_micros,
    finalize,
    import_error,
    iso_to_micros,
    records_frame,
)

_MEDIA_FIELDS = (
    "photo",
    "file",
    "media_type",
    "sticker_emoji",
    "poll",
    "contact_information",
    "location_information",
)


def looks_like_telegram(document: Any) -> bool:
    """True for a Telegram Desktop chat or full export (used by format detection)."""
    if not isinstance(document, dict):
        return False
    chats = document.get("chats")
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        return True
    messages = document.get("messages")
    if not isinstance(messages, list):
        return False
    sample = next((m for m in messages if isinstance(m, dict)), None)
    if sample is None:
        return "type" in document and "id" in document
    return "date_unixtime" in sample or ("from" in sample and "date" in sample)


def parse_telegram(
    document: Any, *, source: str = "", between: tuple[str, str] | None = None
) -> Conversation:
    """A :class:`Conversation` from a parsed ``result.json``; see the module docstring."""
    chat = _pick_chat(document, source, between)
    messages = chat.get("messages")
    if not isinstance(messages, list):
        raise import_error(source, "expected a 'messages' list in the Telegram chat")
    stamps: list[int | None] = []
    senders: list[str] = []
    texts: list[str] = []
    kinds: list[str] = []
    edited: list[bool] = []
    all_known = True
    for index, message in enumerate(messages, start=1):
        at = f"message {index}"
        if not isinstance(message, dict):
            raise import_error(source, "expected a message object", at=at)
        if "date_unixtime" in message:
            stamps.append(epoch_to_micros(message["date_unixtime"], source, at))
        elif "date" in message:
            micros, aware = iso_to_micros(message["date"], source, at)
            all_known = all_known and aware
            stamps.append(micros)
        else:
            raise import_error(source, "expected 'date_unixtime' or 'date'", at=at)
        text = _flatten_text(message.get("text", ""), source, at)
        if message.get("type") == "service":
            kind, sender, text = "system", "", ""
        else:
            sender = message.get("from") or message.get("from_id") or ""
            if not isinstance(sender, str) or not sender:
                raise import_error(source, "expected the sender's name in 'from'", at=at)
            kind = "media" if any(message.get(f) for f in _MEDIA_FIELDS) else "text"
            if kind == "media":
                text = ""
        senders.append(sender)
        texts.append(text)
        kinds.append(kind)
        edited.append(bool(message.get("edited") or message.get("edited_unixtime")))
    raw = records_frame(stamps, senders, texts, kinds, edited, source=source)
    return finalize(
        raw, platform="telegram", source=source, between=between, timezone_known=all_known
    )


def _flatten_text(value: Any, source: str, at: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        pieces: list[str] = []
        for piece in value:
            if isinstance(piece, str):
                pieces.append(piece)
            elif isinstance(piece, dict) and isinstance(piece.get("text", ""), str):
                pieces.append(piece.get("text", ""))
            else:
                raise import_error(
                    source, "expected 'text' parts to be strings or objects with a 'text'", at=at
                )
        return "".join(pieces)
    if value is None:
        return ""
    raise import_error(source, "expected 'text' to be a string or a list", at=at)


def _senders(chat: dict[str, Any]) -> set[str]:
    messages = chat.get("messages")
    if not isinstance(messages, list):
        return set()
    return {
        m["from"]
        for m in messages
        if isinstance(m, dict) and m.get("type") != "service" and isinstance(m.get("from"), str)
    }


def _pick_chat(document: Any, source: str, between: tuple[str, str] | None) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise import_error(source, "expected a Telegram export object")
    if "messages" in document:
        return document
    chats = document.get("chats")
    listed = chats.get("list") if isinstance(chats, dict) else None
    if not isinstance(listed, list):
        raise import_error(
            source, "expected a Telegram export with 'messages' or 'chats': {'list': [...]}"
        )
    chat_objects = [c for c in listed if isinstance(c, dict)]
    personal = [c for c in chat_objects if c.get("type") == "personal_chat"]
    if between is not None:
        wanted = set(between)
        matching = [c for c in chat_objects if wanted <= _senders(c)]
        personal_matching = [c for c in matching if c.get("type") == "personal_chat"]
        chosen = personal_matching or matching
        if len(chosen) == 1:
            return chosen[0]
        if not chosen:
            raise import_error(
                source,
                f"expected a chat in which both {between[0]!r} and {between[1]!r} wrote; "
                "none of the exported chats has both",
            )
        raise import_error(
            source,
            f"expected one chat between {between[0]!r} and {between[1]!r}, found "
            f"{len(chosen)}; export that chat on its own from Telegram Desktop",
        )
    if len(personal) == 1:
        return personal[0]
    if not personal:
        raise import_error(
            source, "expected a personal (one-to-one) chat in the export, found none"
        )
    names = ", ".join(repr(c.get("name") or "(no name)") for c in personal)
    raise import_error(
        source,
        f"expected one personal chat, found {len(personal)} ({names}); name the two people "
        "with --between 'Name A' 'Name B'",
    )


__all__ = ["looks_like_telegram", "parse_telegram"]
