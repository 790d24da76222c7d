"""Discord channel exports written by DiscordChatExporter (JSON format).

Reads ``messages[]`` with ``timestamp`` (ISO 8601 with offset), ``author.nickname`` (or
``author.name`` when there is no nickname), ``content``, ``attachments``/``stickers`` (media
when the content is empty or they are present), ``type`` (``Default`` and ``Reply`` are
messages; any other type, such as ``ChannelPinnedMessage`` or ``Call``, is a system message)
and ``timestampEdited`` (edited when set). Times carry their offset, so the conversation's
``timezone_known`` is True.
"""

from __future__ import annotations

from typing import Any

from closeknit.conversation.corpus import Conversation
from closeknit.conversation.importers._common import (
    finalize,
    import_error,
    iso_to_micros,
    records_frame,
)

_MESSAGE_TYPES = ("Default", "Reply")


def looks_like_discord(document: Any) -> bool:
    """True for a DiscordChatExporter JSON document (used by format detection)."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("messages"), list)
        and ("channel" in document or "guild" in document)
    )


def parse_discord(
    document: Any, *, source: str = "", between: tuple[str, str] | None = None
) -> Conversation:
    """A :class:`Conversation` from a parsed DiscordChatExporter JSON export."""
    if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
        raise import_error(source, "expected a DiscordChatExporter export with 'messages'")
    stamps: list[int | None] = []
    senders: list[str] = []
    texts: list[str] = []
    kinds: list[str] = []
    edited: list[bool] = []
    all_aware = True
    for index, message in enumerate(document["messages"], start=1):
        at = f"message {index}"
        if not isinstance(message, dict):
            raise import_error(source, "expected a message object", at=at)
        micros, aware = iso_to_micros(message.get("timestamp"), source, at)
        all_aware = all_aware and aware
        kind, sender, text = _content(message, source, at)
        stamps.append(micros)
        senders.append(sender)
        texts.append(text)
        kinds.append(kind)
        edited.append(bool(message.get("timestampEdited")))
    return finalize(
        records_frame(stamps, senders, texts, kinds, edited, source=source),
        platform="discord",
        source=source,
        between=between,
        timezone_known=all_aware,
    )


def _content(message: dict[str, Any], source: str, at: str) -> tuple[str, str, str]:
    kind_type = message.get("type", "Default")
    if kind_type not in _MESSAGE_TYPES:
        return "system", "", ""
    author = message.get("author")
    if not isinstance(author, dict):
        raise import_error(source, "expected an 'author' object", at=at)
    sender = author.get("nickname") or author.get("name")
    if not isinstance(sender, str) or not sender:
        raise import_error(source, "expected the author's 'name'", at=at)
    text = message.get("content") or ""
    if not isinstance(text, str):
        raise import_error(source, "expected 'content' to be a string", at=at)
    if not text and (message.get("attachments") or message.get("stickers")):
        return "media", sender, ""
    return "text", sender, text
