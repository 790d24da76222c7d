"""Round trips: generated messages, rendered in a platform's format, parse back identically."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import chat_renderers as render
import polars as pl
import pytest
from chat_renderers import Msg, expected_frame
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeknit.conversation.convert import write_csv
from closeknit.conversation.importers import load_conversation

NAMES = ["Mara Lind", "Jonas", "Zoë Ström", "José-Luis", "李雷", "O'Neil", "A"]
WORDS = ["hi", "love", "you", "ça", "😊", "?", "don't", "2026", "a-b", "ok!", "wait...", "—"]

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def texts() -> st.SearchStrategy[str]:
    line = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
    return st.lists(line, min_size=1, max_size=3).map("\n".join)


@st.composite
def chats(
    draw: st.DrawFn,
    *,
    kinds: tuple[str, ...] = ("text", "media", "deleted"),
    resolution: timedelta = timedelta(minutes=1),
    editable: bool = True,
) -> list[Msg]:
    pair = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=2, unique=True))
    count = draw(st.integers(2, 25))
    start = draw(st.datetimes(datetime(2015, 1, 1), datetime(2030, 12, 31)))
    start = start.replace(second=0, microsecond=0)
    when = start
    messages = []
    for index in range(count):
        when += resolution * draw(st.integers(0, 3000))
        kind = draw(st.sampled_from(kinds))
        messages.append(
            Msg(
                when=when,
                sender=pair[index % 2] if index < 2 else draw(st.sampled_from(pair)),
                text=draw(texts()) if kind == "text" else "",
                kind=kind,
                edited=editable and kind == "text" and draw(st.booleans()),
            )
        )
    return messages


def parse(data: bytes, suffix: str, **options: object) -> pl.DataFrame:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        path.write_bytes(data)
        return load_conversation(path, **options).messages  # type: ignore[arg-type]


def assert_same(parsed: pl.DataFrame, messages: list[Msg]) -> None:
    expected = expected_frame(messages)
    assert parsed.with_columns(pl.col("kind").cast(pl.String)).equals(expected), (
        parsed,
        expected,
    )


@SETTINGS
@given(chats())
def test_whatsapp_android_round_trips(messages: list[Msg]) -> None:
    assert_same(parse(render.whatsapp_android(messages), ".txt"), messages)


@SETTINGS
@given(chats())
def test_whatsapp_us_month_first_round_trips_with_the_locale_hint(messages: list[Msg]) -> None:
    data = render.whatsapp_android(messages, month_first=True)
    assert_same(parse(data, ".txt", date_order="mdy"), messages)


@SETTINGS
@given(chats(resolution=timedelta(seconds=1)))
def test_whatsapp_ios_round_trips(messages: list[Msg]) -> None:
    assert_same(parse(render.whatsapp_ios(messages), ".txt"), messages)


@pytest.mark.parametrize("locale", ["korean", "chinese", "japanese"])
@pytest.mark.parametrize("ios", [False, True])
@SETTINGS
@given(data=st.data())
def test_whatsapp_with_the_half_of_the_day_before_the_time_round_trips(
    locale: str, ios: bool, data: st.DataObject
) -> None:
    messages = data.draw(chats(resolution=timedelta(seconds=1 if ios else 60)))
    rendered = render.whatsapp_half_day_first(messages, locale=locale, ios=ios)
    assert_same(parse(rendered, ".txt"), messages)


@SETTINGS
@given(chats(kinds=("text", "media"), resolution=timedelta(seconds=1)))
def test_telegram_round_trips(messages: list[Msg]) -> None:
    assert_same(parse(render.telegram(messages), ".json"), messages)


@SETTINGS
@given(chats(resolution=timedelta(milliseconds=1)))
def test_signal_round_trips(messages: list[Msg]) -> None:
    assert_same(parse(render.signal(messages), ".jsonl"), messages)


@SETTINGS
@given(chats(resolution=timedelta(milliseconds=1), editable=False))
def test_messenger_round_trips_across_files_and_broken_encoding(messages: list[Msg]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        thread = render.messenger_folder(messages, Path(folder) / "thread")
        assert_same(load_conversation(thread).messages, messages)


@SETTINGS
@given(chats(kinds=("text", "media"), resolution=timedelta(microseconds=1000)))
def test_discord_round_trips(messages: list[Msg]) -> None:
    assert_same(parse(render.discord(messages), ".json"), messages)


@SETTINGS
@given(chats(resolution=timedelta(microseconds=7)))
def test_the_csv_written_by_convert_reads_back_identically(messages: list[Msg]) -> None:
    source = parse(render.signal(messages), ".jsonl")
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "chat.jsonl"
        jsonl.write_bytes(render.signal(messages))
        out = write_csv(load_conversation(jsonl), Path(folder) / "chat.csv")
        back = load_conversation(out)
    assert back.timezone_known is True
    assert back.messages.equals(source)
