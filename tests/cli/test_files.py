"""Files the CLI writes appear whole or not at all, and only their owner can read them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from closeknit.cli.files import write_text_atomically
from closeknit.cli.main import main
from closeknit.errors import CloseknitError

CHAT = """\
04/03/2024, 09:00 - Alex: I've been feeling really lonely lately
04/03/2024, 09:12 - Blair: oh no, I'm so sorry. what happened?
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_written_whole_and_owner_only(tmp_path: Path) -> None:
    out = tmp_path / "deeper" / "report.txt"
    write_text_atomically(out, "close — 🙂\n")
    assert out.read_text(encoding="utf-8") == "close — 🙂\n"
    assert _mode(out) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["report.txt"]


def test_an_existing_file_is_replaced_and_tightened(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    write_text_atomically(out, "new")
    assert out.read_text(encoding="utf-8") == "new"
    assert _mode(out) == 0o600


@pytest.mark.parametrize(
    ("failure", "raised", "message"),
    [
        (OSError(28, "No space left on device"), CloseknitError, r"report\.txt.*No space left"),
        (KeyboardInterrupt(), KeyboardInterrupt, None),
    ],
    ids=["disk-full", "interrupted"],
)
def test_a_failed_write_keeps_the_old_file_and_leaves_no_scraps(
    failure: BaseException,
    raised: type[BaseException],
    message: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "report.txt"
    out.write_text("the good one", encoding="utf-8")

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(raised, match=message):
        write_text_atomically(out, "half of a new one")
    assert out.read_text(encoding="utf-8") == "the good one"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(CloseknitError, match="cannot write"):
        write_text_atomically(blocker / "report.txt", "x")


def test_the_analysis_of_a_chat_is_saved_for_its_owner_only(tmp_path: Path) -> None:
    export = tmp_path / "chat.txt"
    export.write_text(CHAT, encoding="utf-8")
    out = tmp_path / "analysis.json"
    argv = ["analyze", str(export), "--format", "json", "--evidence", "--no-emotions"]
    assert main([*argv, "--out", str(out), "--quiet"]) == 0
    assert "lonely" in out.read_text(encoding="utf-8")  # evidence quotes the chat
    assert _mode(out) == 0o600


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_text_atomically(link, "new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"


def test_something_that_is_not_a_file_is_written_to_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    import threading

    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_text_atomically(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == ["through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe, not replaced by a file
