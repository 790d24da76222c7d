"""Telegram, Signal, Messenger and Discord exports, read from the team's fixtures."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from closeknit.conversation.importers import detect_platform, load_conversation
from closeknit.errors import ChatImportError

FIXTURES = Path(__file__).parent / "fixtures"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_telegram_uses_unix_times_flattens_entities_and_marks_media_and_edits() -> None:
    conversation = load_conversation(FIXTURES / "telegram_personal.json")
    rows = conversation.messages.to_dicts()
    assert conversation.platform == "telegram"
    assert conversation.timezone_known is True
    assert conversation.participants == ("Mara Lind", "Jonas Berg")
    assert [r["kind"] for r in rows] == ["system", "text", "text", "media", "text", "media"]
    assert rows[1]["timestamp"] == at(2026, 11, 21, 10, 0)
    assert rows[2]["text"] == "Yes, see https://example.org thanks!"
    assert [r["edited"] for r in rows] == [False, False, False, False, True, False]


def test_telegram_full_export_needs_between_when_there_are_several_personal_chats() -> None:
    with pytest.raises(ChatImportError, match=r"found 2 \('Jonas Berg', 'Ida Sund'\).*--between"):
        load_conversation(FIXTURES / "telegram_full_export.json")
    chosen = load_conversation(
        FIXTURES / "telegram_full_export.json", between=("Ida Sund", "Mara Lind")
    )
    assert chosen.participants == ("Ida Sund", "Mara Lind")
    assert chosen.messages["text"].to_list() == ["Hi", "Hey"]  # the personal chat, not the group


def test_telegram_full_export_with_one_personal_chat_picks_it(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "telegram_full_export.json").read_text("utf-8"))
    document["chats"]["list"] = document["chats"]["list"][:2]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert load_conversation(path).participants == ("Mara Lind", "Jonas Berg")


def test_signal_json_lines_accept_epoch_and_iso_times_and_several_field_names() -> None:
    conversation = load_conversation(FIXTURES / "signal_chat.jsonl")
    rows = conversation.messages.to_dicts()
    assert conversation.platform == "signal"
    assert conversation.timezone_known is True
    assert rows[0]["timestamp"] == at(2026, 11, 21, 9, 1)  # +01:00 converted to UTC
    assert rows[0]["sender"] == "Jonas Berg"
    assert [r["kind"] for r in rows] == ["text", "text", "media", "system", "deleted", "text"]
    assert rows[-1]["edited"] is True


def test_signal_names_the_line_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "chat.jsonl"
    lines = (FIXTURES / "signal_chat.jsonl").read_text("utf-8").splitlines()
    path.write_text("\n".join([*lines[:2], "{oops", *lines[2:]]), encoding="utf-8")
    with pytest.raises(ChatImportError, match=r"chat\.jsonl, line 3: expected one JSON object"):
        load_conversation(path, platform="signal")


def test_messenger_merges_files_newest_first_and_repairs_the_broken_encoding() -> None:
    conversation = load_conversation(FIXTURES / "messenger_thread")
    rows = conversation.messages.to_dicts()
    assert conversation.platform == "messenger"
    assert conversation.participants == ("Zoë Ström", "Karl Ek")
    assert [r["kind"] for r in rows] == ["system", "text", "text", "deleted", "media", "text"]
    assert rows[1]["text"] == "Café tonight?"
    assert rows[-1]["text"] == "Merci, ça va très bien 😊"
    assert rows[0]["timestamp"] == at(2026, 11, 21, 10, 0)


def test_messenger_leaves_a_correctly_encoded_export_alone() -> None:
    rows = load_conversation(FIXTURES / "messenger_clean.json").messages.to_dicts()
    assert rows[0]["sender"] == "Zoë Ström"
    assert rows[1]["text"] == "Ã is a letter too"


def test_messenger_reads_a_zipped_thread(tmp_path: Path) -> None:
    archive = tmp_path / "facebook.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for name in ("message_1.json", "message_2.json"):
            handle.write(FIXTURES / "messenger_thread" / name, f"messages/inbox/zoe_123/{name}")
        handle.writestr("messages/inbox/zoe_123/photos/1.jpg", bytes(100))
    assert load_conversation(archive).messages.equals(
        load_conversation(FIXTURES / "messenger_thread").messages
    )


def test_discord_reads_nicknames_offsets_edits_media_and_system_messages() -> None:
    conversation = load_conversation(FIXTURES / "discord_dm.json")
    rows = conversation.messages.to_dicts()
    assert conversation.participants == ("Mara", "Jonas")
    assert rows[0]["timestamp"] == datetime(2026, 11, 21, 9, 0, 0, 123000, tzinfo=UTC)
    assert [r["kind"] for r in rows] == ["text", "text", "media", "system"]
    assert [r["edited"] for r in rows] == [False, True, False, False]


def test_a_csv_with_synonym_columns_and_offsets_is_read() -> None:
    conversation = load_conversation(FIXTURES / "generic.csv")
    rows = conversation.messages.to_dicts()
    assert conversation.timezone_known is True
    assert rows[0]["timestamp"] == at(2026, 11, 21, 9, 0)
    assert rows[1]["timestamp"] == datetime(2026, 11, 21, 9, 1, 30, 500000, tzinfo=UTC)
    assert rows[1]["text"] == "Good!\nAnd you?"


def test_a_csv_without_offsets_is_wall_clock_time_and_takes_a_zone() -> None:
    plain = load_conversation(FIXTURES / "generic_semicolon.csv")
    zoned = load_conversation(FIXTURES / "generic_semicolon.csv", tz="America/New_York")
    assert plain.timezone_known is False
    assert plain.messages["timestamp"][0] == at(2026, 11, 21, 10, 0)
    assert zoned.timezone_known is True
    assert zoned.messages["timestamp"][0] == at(2026, 11, 21, 15, 0)


def test_a_csv_missing_columns_names_the_columns_it_found(tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    path.write_text("when,who,what\n2026-11-21 10:00,A,x\n", encoding="utf-8")
    with pytest.raises(ChatImportError, match=r"expected columns timestamp.*found 'when', 'who'"):
        load_conversation(path, platform="csv")


def test_a_csv_mixing_times_with_and_without_offsets_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    path.write_text(
        "timestamp,sender,text\n2026-11-21T10:00:00Z,A,x\n2026-11-21T10:01:00,B,y\n", "utf-8"
    )
    with pytest.raises(ChatImportError, match=r"line 3: expected every time with a UTC offset"):
        load_conversation(path)


@pytest.mark.parametrize(
    ("name", "platform"),
    [
        ("whatsapp_android_24h.txt", "whatsapp"),
        ("whatsapp_ios_12h.txt", "whatsapp"),
        ("telegram_personal.json", "telegram"),
        ("telegram_full_export.json", "telegram"),
        ("signal_chat.jsonl", "signal"),
        ("messenger_thread", "messenger"),
        ("messenger_clean.json", "messenger"),
        ("discord_dm.json", "discord"),
        ("generic.csv", "csv"),
        ("generic_semicolon.csv", "csv"),
    ],
)
def test_the_format_is_detected_from_content_not_the_name(
    name: str, platform: str, tmp_path: Path
) -> None:
    source = FIXTURES / name
    assert detect_platform(source) == platform
    if source.is_file():
        renamed = tmp_path / "export.dat"
        renamed.write_bytes(source.read_bytes())
        assert detect_platform(renamed) == platform


def test_an_unrecognised_file_is_refused_with_the_formats_it_could_be(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear diary,\ntoday was fine.\n", encoding="utf-8")
    with pytest.raises(ChatImportError, match=r"notes\.txt: expected a chat export: a WhatsApp"):
        load_conversation(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ChatImportError, match=r"nope\.txt: expected an existing file"):
        load_conversation(tmp_path / "nope.txt")


def test_text_in_another_encoding_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(
        "21/11/2026, 10:00 - A: ok\n21/11/2026, 10:01 - B: caf\xe9\n".encode("latin-1")
    )
    with pytest.raises(ChatImportError, match=r"chat\.txt, line 2: expected UTF-8"):
        load_conversation(path)


def test_a_csv_error_names_the_right_line_after_multi_line_messages(tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    path.write_text(
        'timestamp,sender,text\n2026-11-21 10:00,A,"one\ntwo\nthree"\n2026-11-21 10:01,B,ok\n'
        "yesterday,A,hm\n",
        encoding="utf-8",
    )
    with pytest.raises(ChatImportError, match=r"chat\.csv, line 6: expected an ISO 8601 time"):
        load_conversation(path)
