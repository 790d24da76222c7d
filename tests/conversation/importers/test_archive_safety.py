"""Zip archives are read in memory under limits: bombs, traversal, links, size, passwords."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from closeknit.conversation.importers import load_conversation
from closeknit.conversation.importers.archive import ArchiveLimits, SafeArchive
from closeknit.errors import ChatImportError

FIXTURES = Path(__file__).parent / "fixtures"
CHAT = (FIXTURES / "whatsapp_android_24h.txt").read_bytes()


def make_zip(path: Path, members: dict[str, bytes], **infos: zipfile.ZipInfo) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as handle:
        for name, data in members.items():
            handle.writestr(name, data)
        for info in infos.values():
            handle.writestr(info, b"target")
    return path


def test_a_highly_compressed_member_is_refused_as_a_zip_bomb(tmp_path: Path) -> None:
    bomb = CHAT + b"\n" + b"0" * 5_000_000
    archive = make_zip(tmp_path / "bomb.zip", {"_chat.txt": bomb})
    with pytest.raises(ChatImportError, match=r"compression ratio.*zip bomb"):
        load_conversation(archive)


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/chat.txt", "a/../../x.txt", "..\\x.txt", "C:/chat.txt"]
)
def test_a_member_escaping_the_archive_is_refused(tmp_path: Path, name: str) -> None:
    archive = make_zip(tmp_path / "t.zip", {"_chat.txt": CHAT, name: b"x"})
    with pytest.raises(ChatImportError, match=r"not absolute or '..' paths"):
        load_conversation(archive)


def test_a_symbolic_link_member_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("photo.jpg")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = make_zip(tmp_path / "t.zip", {"_chat.txt": CHAT}, link=link)
    with pytest.raises(ChatImportError, match=r"photo\.jpg\): expected regular files"):
        load_conversation(archive)


def test_an_archive_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "t.zip", {"_chat.txt": CHAT})
    with pytest.raises(ChatImportError, match=r"at most 0 MiB"):
        load_conversation(archive, limits=ArchiveLimits(max_total_bytes=100))


def test_an_archive_with_too_many_members_is_refused(tmp_path: Path) -> None:
    members = {f"m{i}.jpg": b"x" for i in range(20)} | {"_chat.txt": CHAT}
    archive = make_zip(tmp_path / "t.zip", members)
    with pytest.raises(ChatImportError, match=r"at most 10 entries"):
        load_conversation(archive, limits=ArchiveLimits(max_members=10))


def test_a_password_protected_member_is_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "t.zip", {"_chat.txt": CHAT})
    data = bytearray(archive.read_bytes())
    # Set the "encrypted" flag bit in the local and central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        data[start + offset] |= 0x1
    archive.write_bytes(bytes(data))
    with pytest.raises(ChatImportError, match=r"without a password"):
        load_conversation(archive)


def test_a_corrupt_archive_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(40))
    with pytest.raises(ChatImportError, match=r"readable zip archive"):
        load_conversation(path)


def test_nothing_is_written_to_disk_while_reading(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "t.zip", {"_chat.txt": CHAT, "IMG-1.jpg": bytes(300)})
    before = sorted(p.name for p in tmp_path.iterdir())
    with SafeArchive(archive) as opened:
        assert opened.read("_chat.txt") == CHAT
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_archive_with_several_chats_asks_for_one(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "t.zip", {"a.txt": CHAT, "b.txt": CHAT})
    with pytest.raises(ChatImportError, match=r"expected one chat file inside the archive"):
        load_conversation(archive)


def test_a_member_without_a_name_is_refused(tmp_path: Path) -> None:
    # Found by the mutation fuzzer: the standard library fails on such a member. zipfile
    # cannot write one, so the central directory entry of member "a" is edited: its name's
    # one byte becomes a (meaningless) extra field.
    data = bytearray(make_zip(tmp_path / "t.zip", {"_chat.txt": CHAT, "a": b"x"}).read_bytes())
    entry = data.rindex(b"PK\x01\x02")
    assert data[entry + 46 : entry + 47] == b"a"
    data[entry + 28 : entry + 32] = (0).to_bytes(2, "little") + (1).to_bytes(2, "little")
    archive = tmp_path / "nameless.zip"
    archive.write_bytes(bytes(data))
    with pytest.raises(ChatImportError, match=r"every member of the archive to have a name"):
        load_conversation(archive)
