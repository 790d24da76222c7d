"""`closeknit convert`, run as a researcher runs it: CSV, Parquet and ConvoKit outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from closeknit.cli.main import main

FIXTURES = Path(__file__).parents[1] / "conversation" / "importers" / "fixtures"
ANDROID = FIXTURES / "whatsapp_android_24h.txt"
GROUP = FIXTURES / "whatsapp_group.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "closeknit", *args], capture_output=True, text=True, check=False
    )


def test_it_writes_a_csv_with_iso_times_and_every_column(tmp_path: Path) -> None:
    out = tmp_path / "chat.csv"
    done = run(
        "convert", str(FIXTURES / "telegram_personal.json"), "--to", "csv", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "wrote 6 telegram messages between Mara Lind and Jonas Berg" in done.stdout
    table = pl.read_csv(out, infer_schema=False)
    assert table.columns == ["timestamp", "sender", "text", "kind", "edited"]
    assert table["timestamp"][1] == "2026-11-21T10:00:00+00:00"
    assert table["kind"].to_list() == ["system", "text", "text", "media", "text", "media"]
    assert table["edited"].to_list() == ["false", "false", "false", "false", "true", "false"]


def test_wall_clock_times_get_no_invented_offset_unless_a_zone_is_given(tmp_path: Path) -> None:
    plain, zoned = tmp_path / "plain.csv", tmp_path / "zoned.csv"
    assert main(["convert", str(ANDROID), "--to", "csv", "--out", str(plain)]) == 0
    assert (
        main(["convert", str(ANDROID), "--to", "csv", "--out", str(zoned), "--tz", "Europe/Berlin"])
        == 0
    )
    assert pl.read_csv(plain, infer_schema=False)["timestamp"][1] == "2026-11-21T09:01:00"
    assert pl.read_csv(zoned, infer_schema=False)["timestamp"][1] == "2026-11-21T08:01:00+00:00"


def test_it_writes_parquet_that_polars_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "chat.parquet"
    done = run("convert", str(FIXTURES / "discord_dm.json"), "--to", "parquet", "--out", str(out))
    assert done.returncode == 0, done.stderr
    table = pl.read_parquet(out)
    assert table.schema["timestamp"] == pl.Datetime("us", "UTC")
    assert table.columns == ["timestamp", "sender", "text", "kind", "edited"]
    assert table["sender"].to_list() == ["Mara", "Jonas", "Jonas", ""]
    assert table["edited"].to_list() == [False, True, False, False]


def test_it_writes_a_convokit_corpus_folder(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    done = run("convert", str(ANDROID), "--to", "convokit", "--out", str(out), "--format", "json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["messages"] == 8
    assert sorted(p.name for p in out.iterdir()) == [
        "conversations.json",
        "corpus.json",
        "index.json",
        "speakers.json",
        "utterances.jsonl",
    ]
    utterances = [json.loads(line) for line in (out / "utterances.jsonl").read_text().splitlines()]
    assert len(utterances) == 7  # the system message has no speaker
    required = {"id", "speaker", "conversation_id", "reply_to", "timestamp", "text", "meta"}
    assert all(required <= set(u) for u in utterances)
    assert utterances[0]["reply_to"] is None
    assert [u["reply_to"] for u in utterances[1:]] == [u["id"] for u in utterances[:-1]]
    assert {u["conversation_id"] for u in utterances} == {utterances[0]["id"]}
    assert utterances[1]["text"].startswith("Morning :)")
    assert isinstance(utterances[0]["timestamp"], int)
    speakers = json.loads((out / "speakers.json").read_text())
    assert set(speakers) == {"Mara Lind", "Jonas Berg"}
    conversations = json.loads((out / "conversations.json").read_text())
    assert set(conversations) == {utterances[0]["id"]}
    index = json.loads((out / "index.json").read_text())
    assert {
        "utterances-index",
        "speakers-index",
        "conversations-index",
        "overall-index",
        "version",
    } <= set(index)
    assert set(index["utterances-index"]) == set(utterances[0]["meta"])


def test_a_group_chat_is_refused_on_stderr_and_converted_with_between(tmp_path: Path) -> None:
    out = tmp_path / "pair.csv"
    refused = run("convert", str(GROUP), "--to", "csv", "--out", str(out))
    assert refused.returncode == 2
    assert "found 3 participants" in refused.stderr
    assert not out.exists()
    done = run(
        "convert",
        str(GROUP),
        "--to",
        "csv",
        "--out",
        str(out),
        "--between",
        "Mara Lind",
        "Ida Sund",
    )
    assert done.returncode == 0, done.stderr
    assert set(pl.read_csv(out)["sender"].fill_null("")) == {"Mara Lind", "Ida Sund", ""}


def test_it_will_not_overwrite_an_existing_output_without_force(tmp_path: Path) -> None:
    out = tmp_path / "chat.csv"
    out.write_text("keep me", encoding="utf-8")
    assert main(["convert", str(ANDROID), "--to", "csv", "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["convert", str(ANDROID), "--to", "csv", "--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("timestamp,sender,text,kind,edited")


def test_an_unreadable_export_exits_2_without_leaving_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("not a chat\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["convert", str(bad), "--to", "csv", "--out", str(out)]) == 2
    assert "bad.txt" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [bad]


def test_the_summary_never_contains_message_text(tmp_path: Path) -> None:
    done = run(
        "convert", str(ANDROID), "--to", "csv", "--out", str(tmp_path / "c.csv"), "--format", "json"
    )
    assert "lighthouse" not in done.stdout
    assert json.loads(done.stdout)["participants"] == ["Mara Lind", "Jonas Berg"]
