"""An export already in memory (an upload) is read exactly like the same file on disk."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from closeknit.conversation.importers import load_conversation, load_conversation_bytes
from closeknit.conversation.importers.archive import ArchiveLimits
from closeknit.errors import ChatImportError

FIXTURES = Path(__file__).parent / "fixtures"
SINGLE_FILES = [
    "whatsapp_android_24h.txt",
    "whatsapp_ios_12h.txt",
    "whatsapp_windows_crlf.txt",
    "telegram_personal.json",
    "signal_chat.jsonl",
    "discord_dm.json",
    "messenger_clean.json",
    "generic.csv",
]


@pytest.mark.parametrize("name", SINGLE_FILES)
def test_a_file_in_memory_gives_the_same_conversation(name: str) -> None:
    path = FIXTURES / name
    on_disk = load_conversation(path)
    in_memory = load_conversation_bytes(path.read_bytes(), name)
    assert_frame_equal(in_memory.messages, on_disk.messages)
    assert (in_memory.participants, in_memory.platform) == (on_disk.participants, on_disk.platform)


def test_a_zip_in_memory_gives_the_same_conversation(tmp_path: Path) -> None:
    archive = tmp_path / "WhatsApp Chat with Blair.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr(
            "WhatsApp Chat with Blair.txt", (FIXTURES / "whatsapp_android_24h.txt").read_bytes()
        )
        handle.writestr("IMG-0001.jpg", b"\xff\xd8 not read")
    on_disk = load_conversation(archive)
    in_memory = load_conversation_bytes(archive.read_bytes(), "upload.zip")
    assert_frame_equal(in_memory.messages, on_disk.messages)


def test_errors_name_the_upload() -> None:
    with pytest.raises(ChatImportError, match=r"^upload\.txt.*expected a chat export"):
        load_conversation_bytes(b"just some words\n", "upload.txt")
    with pytest.raises(ChatImportError, match=r"^upload\.zip.*expected a readable zip"):
        load_conversation_bytes(b"PK\x03\x04 broken", "upload.zip")


def test_an_upload_over_the_size_limit_is_refused_before_reading() -> None:
    data = (FIXTURES / "whatsapp_android_24h.txt").read_bytes()
    with pytest.raises(ChatImportError, match=r"at most 0 MiB"):
        load_conversation_bytes(data, "big.txt", limits=ArchiveLimits(max_total_bytes=10))


def test_group_chats_need_the_two_names_in_memory_too() -> None:
    data = (FIXTURES / "whatsapp_group.txt").read_bytes()
    with pytest.raises(ChatImportError, match="between"):
        load_conversation_bytes(data, "group.txt")
