"""WhatsApp text exports: layouts, locales, clocks, placeholders and refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from closeknit.conversation.importers import load_conversation, parse_whatsapp_text
from closeknit.errors import ChatImportError

FIXTURES = Path(__file__).parent / "fixtures"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def load(name: str, **options: object) -> pl.DataFrame:
    return load_conversation(FIXTURES / name, **options).messages  # type: ignore[arg-type]


def test_it_reads_an_android_export_with_every_kind_of_message() -> None:
    conversation = load_conversation(FIXTURES / "whatsapp_android_24h.txt")
    rows = conversation.messages.to_dicts()
    assert conversation.platform == "whatsapp"
    assert conversation.participants == ("Mara Lind", "Jonas Berg")
    assert conversation.timezone_known is False
    assert [r["kind"] for r in rows] == [
        "system",
        "text",
        "text",
        "media",
        "deleted",
        "text",
        "text",
        "media",
    ]
    assert rows[0]["sender"] == ""
    assert rows[0]["text"] == ""
    assert rows[2]["text"] == "Morning :) I had a strange dream\nabout the sea\n\nand a lighthouse"
    assert rows[5]["text"] == "Tell me more"
    assert rows[5]["edited"] is True
    assert rows[6]["text"] == "time: late, mood: good"
    assert rows[6]["timestamp"] == at(2026, 11, 22, 23, 59)


def test_it_reads_an_ios_export_with_marks_seconds_and_a_12_hour_clock() -> None:
    rows = load("whatsapp_ios_12h.txt").to_dicts()
    assert [r["kind"] for r in rows] == [
        "system",
        "text",
        "media",
        "text",
        "media",
        "deleted",
        "text",
        "text",
    ]
    assert rows[1]["timestamp"] == at(2026, 11, 21, 21, 0, 5)
    assert rows[3]["timestamp"] == at(2026, 11, 22, 0, 0, 1)  # 12:00:01 AM is just after midnight
    assert rows[4]["timestamp"] == at(2026, 11, 22, 12, 30)  # 12:30 PM is just after noon
    assert rows[6]["text"] == "Lovely"
    assert rows[6]["edited"] is True
    assert rows[7]["text"] == "Hi from me"  # isolates and direction marks are dropped
    assert all("\u200e" not in r["text"] and "\ufeff" not in r["sender"] for r in rows)


def test_it_reads_german_dotted_dates_and_placeholders() -> None:
    rows = load("whatsapp_german.txt").to_dicts()
    assert [r["kind"] for r in rows] == ["system", "text", "media", "deleted", "text"]
    assert rows[0]["timestamp"] == at(2025, 2, 3, 7, 15)
    assert rows[3]["timestamp"] == at(2025, 2, 13, 18, 0)
    assert rows[4]["text"] == "Bis später"
    assert rows[4]["edited"] is True


def test_it_reads_german_vorm_and_nachm() -> None:
    stamps = load("whatsapp_german_12h.txt")["timestamp"].to_list()
    assert stamps == [at(2025, 2, 3, 7, 15), at(2025, 2, 3, 12, 5), at(2025, 2, 13, 0, 1)]


def test_it_reads_spanish_a_m_p_m_with_no_break_spaces_and_dashes() -> None:
    rows = load("whatsapp_spanish.txt").to_dicts()
    assert [r["timestamp"] for r in rows] == [
        at(2026, 11, 21, 22, 9),
        at(2026, 11, 21, 22, 10),
        at(2026, 11, 22, 8, 0),
        at(2026, 11, 22, 8, 1),
    ]
    assert [r["kind"] for r in rows] == ["text", "media", "deleted", "text"]
    assert rows[3]["text"] == "buenos días"
    assert rows[3]["edited"] is True


def test_ambiguous_dates_are_day_first_unless_a_hint_says_otherwise() -> None:
    assert load("whatsapp_ambiguous.txt")["timestamp"][0] == at(2026, 2, 1, 10, 0)
    hinted = load("whatsapp_ambiguous.txt", date_order="mdy")
    assert hinted["timestamp"][0] == at(2026, 1, 2, 10, 0)


def test_one_unambiguous_date_anywhere_settles_the_order_for_the_whole_file() -> None:
    text = "01/02/26, 10:00 - A: x\n02/13/26, 10:00 - B: y\n"
    rows = parse_whatsapp_text(text).messages
    assert rows["timestamp"].to_list() == [at(2026, 1, 2, 10, 0), at(2026, 2, 13, 10, 0)]


def test_it_refuses_a_file_mixing_day_first_and_month_first_dates() -> None:
    text = "13/01/26, 10:00 - A: x\n01/13/26, 10:00 - B: y\n"
    with pytest.raises(ChatImportError, match=r"chat\.txt, line 2: expected one date order"):
        parse_whatsapp_text(text, source="chat.txt")


def test_it_reads_year_first_dates() -> None:
    rows = parse_whatsapp_text("2026-11-21, 22:09 - A: x\n2026-11-22, 07:00 - B: y\n").messages
    assert rows["timestamp"].to_list() == [at(2026, 11, 21, 22, 9), at(2026, 11, 22, 7, 0)]


@pytest.mark.parametrize(
    ("clock", "hour"),
    [
        ("10:09 PM", 22),
        ("10:09 pm", 22),
        ("10:09 p.m.", 22),
        ("10:09 p. m.", 22),
        ("10:09\u202fPM", 22),
        ("10:09\u00a0pm", 22),
        ("12:09 AM", 0),
        ("12:09 a.m.", 0),
        ("12:09 PM", 12),
        ("10:09 nachm.", 22),
        ("10:09 vorm.", 10),
        ("22:09", 22),
    ],
)
def test_it_reads_every_spelling_of_the_clock(clock: str, hour: int) -> None:
    text = f"21/11/2026, {clock} - A: x\n21/11/2026, {clock} - B: y\n"
    assert parse_whatsapp_text(text).messages["timestamp"][0] == at(2026, 11, 21, hour, 9)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("2026. 11. 21. 오후 10:09 - ", at(2026, 11, 21, 22, 9)),
        ("2026. 11. 21. 오전 12:09 - ", at(2026, 11, 21, 0, 9)),
        ("[2026. 11. 21. 오후 10:09:59] ", at(2026, 11, 21, 22, 9, 59)),
        ("2026. 11. 21. 22:09 - ", at(2026, 11, 21, 22, 9)),
        ("2026/11/21 下午10:09 - ", at(2026, 11, 21, 22, 9)),
        ("2026/11/21 上午 9:09 - ", at(2026, 11, 21, 9, 9)),
        ("[2026/11/21 下午10:09:59] ", at(2026, 11, 21, 22, 9, 59)),
        ("2026/11/21 午後10:09 - ", at(2026, 11, 21, 22, 9)),
        ("2026/11/21 午前12:09 - ", at(2026, 11, 21, 0, 9)),
    ],
)
def test_it_reads_the_half_of_the_day_written_before_the_time(
    header: str, expected: datetime
) -> None:
    text = f"{header}민지: 안녕\n{header}小明: 你好\n"
    messages = parse_whatsapp_text(text).messages
    assert messages["timestamp"].to_list() == [expected, expected]
    assert messages["sender"].to_list() == ["민지", "小明"]
    assert messages["text"].to_list() == ["안녕", "你好"]


def test_a_thirteen_oclock_after_the_half_of_the_day_names_its_line() -> None:
    text = "2026/11/21 下午1:09 - A: x\n2026/11/21 下午13:09 - B: y\n"
    with pytest.raises(ChatImportError, match=r"line 2.*hour from 1 to 12"):
        parse_whatsapp_text(text)


def test_it_joins_windows_line_ends_into_one_message() -> None:
    assert load("whatsapp_windows_crlf.txt")["text"][0] == "line one\nline two"


def test_it_interprets_wall_clock_times_in_a_given_time_zone() -> None:
    conversation = load_conversation(FIXTURES / "whatsapp_german.txt", tz="Europe/Berlin")
    assert conversation.timezone_known is True
    assert conversation.messages["timestamp"][0] == at(2025, 2, 3, 6, 15)  # CET is UTC+1


def test_it_refuses_an_unknown_time_zone() -> None:
    with pytest.raises(ChatImportError, match="IANA time zone"):
        load_conversation(FIXTURES / "whatsapp_german.txt", tz="Mars/Olympus")


def test_it_refuses_a_time_that_a_clock_change_skipped() -> None:
    text = "29/03/2026, 02:30 - A: x\n29/03/2026, 03:30 - B: y\n"
    with pytest.raises(ChatImportError, match="line 1: expected a time that exists"):
        parse_whatsapp_text(text, tz="Europe/Berlin")


def test_it_names_the_line_of_text_before_the_first_header() -> None:
    text = "\nhello there\n21/11/2026, 10:00 - A: x\n"
    with pytest.raises(
        ChatImportError, match=r"c\.txt, line 2: expected a WhatsApp message header"
    ):
        parse_whatsapp_text(text, source="c.txt")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("31/02/2026, 10:00 - A: x", "day that exists"),
        ("21/00/2026, 10:00 - A: x", "month from 1 to 12"),
        ("21/11/2026, 24:00 - A: x", "time of day"),
        ("21/11/2026, 13:00 PM - A: x", "hour from 1 to 12"),
        ("21/11/2026, 10:00 xyz - A: x", "AM/PM"),
        ("21/11/202, 10:00 - A: x", "2- or 4-digit year"),
    ],
)
def test_it_names_the_line_of_an_impossible_date_or_time(line: str, expected: str) -> None:
    text = f"20/11/2026, 10:00 - B: ok\n{line}\n"
    with pytest.raises(ChatImportError, match=rf"line 2: expected .*{expected}"):
        parse_whatsapp_text(text, source="c.txt")


def test_a_zipped_export_is_read_and_its_media_ignored(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "WhatsApp Chat with Jonas Berg.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(FIXTURES / "whatsapp_ios_12h.txt", "_chat.txt")
        handle.writestr("00000012-PHOTO-2026-11-22-12-30-00.jpg", b"\xff\xd8\xff" + bytes(500))
    conversation = load_conversation(archive)
    assert conversation.platform == "whatsapp"
    assert conversation.messages.equals(load("whatsapp_ios_12h.txt"))


def test_a_system_line_with_a_colon_does_not_become_a_participant() -> None:
    conversation = load_conversation(
        FIXTURES / "whatsapp_group.txt", between=("Mara Lind", "Jonas Berg")
    )
    kinds = conversation.messages["kind"].to_list()
    assert kinds == ["system", "text", "text", "system", "text"]


def test_it_parses_a_large_export_without_losing_messages() -> None:
    lines = [
        f"{1 + i % 28:02d}/11/2026, {i % 24:02d}:{i % 60:02d} - {'AB'[i % 2]}: m{i}"
        for i in range(20_000)
    ]
    conversation = parse_whatsapp_text("\n".join(lines))
    assert len(conversation) == 20_000
    assert set(conversation.messages["text"].to_list()) == {f"m{i}" for i in range(20_000)}


def test_it_accepts_extra_or_no_break_spaces_between_date_and_time() -> None:
    text = "21/11/2026,  22:09 - A: x\n21/11/2026,\u00a022:10 - B: y\n"
    stamps = parse_whatsapp_text(text).messages["timestamp"].to_list()
    assert stamps == [at(2026, 11, 21, 22, 9), at(2026, 11, 21, 22, 10)]


@pytest.mark.parametrize(
    "name",
    [
        "whatsapp_android_24h.txt",
        "whatsapp_ios_12h.txt",
        "whatsapp_german.txt",
        "whatsapp_spanish.txt",
        "whatsapp_windows_crlf.txt",
    ],
)
def test_working_in_two_halves_gives_the_same_conversation(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Long exports are worked on in two halves, one per thread; force that on small files
    # (the cut then falls mid-file, among multi-line messages, marks and system notices).
    from closeknit.conversation.importers import whatsapp

    whole = load(name)
    monkeypatch.setattr(whatsapp, "HALVES_FROM", 2)
    halves = load(name)
    assert halves.equals(whole)
    assert halves.height == whole.height
