"""Fuzzing: whatever bytes or JSON an importer is given, only ChatImportError may escape."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeknit.conversation.importers import PLATFORMS, load_conversation, parse_whatsapp_text
from closeknit.conversation.importers.discord import parse_discord
from closeknit.conversation.importers.messenger import parse_messenger
from closeknit.conversation.importers.telegram import parse_telegram
from closeknit.errors import ChatImportError

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = sorted(p for p in FIXTURES.iterdir() if p.is_file()) + sorted(
    (FIXTURES / "messenger_thread").iterdir()
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "messages",
                    "text",
                    "from",
                    "date",
                    "date_unixtime",
                    "type",
                    "timestamp",
                    "timestamp_ms",
                    "sender_name",
                    "content",
                    "author",
                    "name",
                    "nickname",
                    "participants",
                    "chats",
                    "list",
                    "attachments",
                    "photos",
                    "sender",
                    "body",
                    "is_unsent",
                    "edited",
                    "guild",
                    "channel",
                    "timestampEdited",
                ]
            )
            | st.text(max_size=5),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


def try_load(data: bytes, platform: str | None, suffix: str = ".dat") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        path.write_bytes(data)
        try:
            conversation = load_conversation(path, platform=platform)
        except ChatImportError:
            return
        assert len(conversation.participants) == 2


@st.composite
def mutated_samples(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete" and data:
            del data[position : position + draw(st.integers(1, 8))]
        else:
            del data[position:]
    return bytes(data)


@FUZZ
@given(st.binary(max_size=400), st.sampled_from([None, *PLATFORMS]))
def test_random_bytes_only_raise_import_errors(data: bytes, platform: str | None) -> None:
    try_load(data, platform)


@FUZZ
@given(mutated_samples(), st.sampled_from([None, *PLATFORMS]))
def test_mutated_exports_only_raise_import_errors(data: bytes, platform: str | None) -> None:
    try_load(data, platform)


@FUZZ
@given(json_values, st.sampled_from([None, "telegram", "messenger", "discord", "signal"]))
def test_random_json_only_raises_import_errors(value: Any, platform: str | None) -> None:
    try_load(json.dumps(value).encode(), platform, ".json")


@FUZZ
@given(st.lists(json_values, min_size=1, max_size=4))
def test_random_json_lines_only_raise_import_errors(values: list[Any]) -> None:
    try_load("\n".join(json.dumps(v) for v in values).encode(), "signal", ".jsonl")


@FUZZ
@given(json_values)
def test_the_json_parsers_only_raise_import_errors_on_any_document(value: Any) -> None:
    for parse in (parse_telegram, parse_discord):
        with contextlib.suppress(ChatImportError):
            parse(value, source="x.json")
    with contextlib.suppress(ChatImportError):
        parse_messenger([("message_1.json", value)], source="x")


header_pieces = st.sampled_from(
    [
        "21/11/2026, 22:09 - ",
        "[21.11.26, 10:09:59 PM] ",
        "13/13/13, 99:99 - ",
        "1/2/3, 4:5 - ",
        "2026-11-21, 7:00 a. m. - ",
        "[1/1/2026, 12:00:00\u202fAM] ",
        "00/00/0000, 00:00 - ",
        "21/11/2026, 10:09 xyz - ",
        "Ana: ",
        "Ben: ",
        "\u200e",
        ": ",
        "\n",
        "<Media omitted>",
        " <This message was edited>",
        "hello",
        "\r\n",
        "\ufeff",
        "[",
        "]",
        " - ",
    ]
)


@FUZZ
@given(st.lists(header_pieces | st.text(max_size=6), max_size=30).map("".join))
def test_whatsapp_like_text_only_raises_import_errors(text: str) -> None:
    try:
        conversation = parse_whatsapp_text(text, source="chat.txt")
    except ChatImportError:
        return
    assert conversation.messages["timestamp"].null_count() == 0


def _sample_zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("_chat.txt", (FIXTURES / "whatsapp_ios_12h.txt").read_bytes())
        handle.writestr("IMG-1.jpg", bytes(64))
    return buffer.getvalue()


SAMPLE_ZIP = _sample_zip()


@FUZZ
@given(st.data())
def test_mutated_zip_archives_only_raise_import_errors(data: st.DataObject) -> None:
    archive = bytearray(SAMPLE_ZIP)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(archive) - 1))
        if data.draw(st.booleans()):
            archive[position] = data.draw(st.integers(0, 255))
        else:
            del archive[position:]
            if not archive:
                archive = bytearray(b"PK\x03\x04")
    try_load(bytes(archive), None, ".zip")


SPACES = st.sampled_from([" ", "  ", "\u00a0", "\u202f", ""])


@st.composite
def whatsapp_lines(draw: st.DrawFn) -> str:
    number = st.integers(0, 9999).map(str)
    date = (
        draw(number)
        + draw(st.sampled_from("/.-"))
        + draw(number)
        + draw(st.sampled_from("/.-"))
        + draw(number)
        + draw(st.sampled_from(["", ".", ","]))
    )
    clock = f"{draw(st.integers(0, 99))}:{draw(st.integers(0, 99)):02d}"
    if draw(st.booleans()):
        clock += f":{draw(st.integers(0, 99)):02d}"
    half = draw(st.sampled_from(["", "AM", "pm", "a. m.", "p.m.", "vorm.", "nachm.", "xyz", "P"]))
    bracket = draw(st.booleans())
    head = ("[" if bracket else "") + date + draw(SPACES) + clock + draw(SPACES) + half
    head += draw(st.sampled_from(["] ", "]", " - ", " – ", "-", " "]))
    rest = draw(
        st.sampled_from(
            [
                "Ana: hi",
                "Ben: \u200eimage omitted",
                "Ana: <Media omitted>",
                "Ben: ok <This message was edited>",
                "Ana changed the subject",
                "Ben: ",
                "",
                "Ana: a: b",
            ]
        )
    )
    return head + rest


@FUZZ
@given(st.lists(whatsapp_lines() | st.text(max_size=10), min_size=1, max_size=12))
def test_whatsapp_header_variations_only_raise_import_errors(lines: list[str]) -> None:
    try:
        conversation = parse_whatsapp_text("\n".join(lines), source="chat.txt")
    except ChatImportError:
        return
    assert conversation.messages["timestamp"].null_count() == 0
