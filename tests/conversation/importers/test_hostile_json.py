"""JSON that Python's reader or polars cannot hold is a clear import error, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from closeknit.conversation.importers import load_conversation_bytes
from closeknit.errors import ChatImportError

FIXTURES = Path(__file__).parent / "fixtures"
HUGE = "9" * 5000  # past Python's 4300-digit limit for reading integers


@pytest.mark.parametrize(
    "name", ["telegram_personal.json", "discord_dm.json", "messenger_clean.json"]
)
def test_a_number_too_long_to_read_is_a_clear_error(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    hostile = text.replace("{", '{"n": ' + HUGE + ", ", 1)
    with pytest.raises(ChatImportError, match=r"^upload\.json.*numbers of a sensible length"):
        load_conversation_bytes(hostile.encode(), "upload.json")


def test_a_number_too_long_in_signal_lines_names_the_line() -> None:
    lines = (FIXTURES / "signal_chat.jsonl").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("{", '{"n": ' + HUGE + ", ", 1)
    with pytest.raises(ChatImportError, match=r"line 2: expected one JSON object per line"):
        load_conversation_bytes(("\n".join(lines) + "\n").encode(), "chat.jsonl")


@pytest.mark.parametrize(
    ("name", "field"),
    [("telegram_personal.json", '"Did you get home safe?"'), ("discord_dm.json", None)],
)
def test_a_lone_surrogate_escape_is_a_clear_error(name: str, field: str | None) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    if field is None:
        field = '"content": "'
        hostile = text.replace(field, field + "\\ud800", 1)
    else:
        hostile = text.replace(field, '"half \\ud800 of a pair"', 1)
    assert hostile != text
    with pytest.raises(ChatImportError, match=r"^chat\.json.*lone surrogate"):
        load_conversation_bytes(hostile.encode(), "chat.json")
