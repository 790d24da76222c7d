"""`closeknit analyze` and `closeknit markers` through the real command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from closeknit.cli.main import main
from closeknit.conversation.markers import MARKERS

CHAT = """\
04/03/2024, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
04/03/2024, 09:00 - Alex: look at this!
04/03/2024, 09:05 - Blair: haha that's amazing, where was it?
04/03/2024, 09:10 - Alex: I've been feeling really lonely lately
04/03/2024, 09:12 - Blair: oh no, I'm so sorry. what happened?
04/03/2024, 17:00 - Blair: guess what
04/03/2024, 21:00 - Alex: ok
05/03/2024, 22:00 - Alex: you never listen to me
06/03/2024, 05:00 - Blair: k
12/03/2024, 08:00 - Blair: <Media omitted>
12/03/2024, 08:01 - Alex: love you ❤️ see you at the purple lighthouse
"""
SECRET = "purple lighthouse"


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "WhatsApp Chat with Blair.txt"
    path.write_text(CHAT, encoding="utf-8")
    return path


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "closeknit", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )


class TestAnalyze:
    def test_text_output_names_both_people_and_every_sign(
        self, export: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["analyze", str(export), "--no-emotions"]) == 0
        out = capsys.readouterr().out
        assert "Alex" in out
        assert "Blair" in out
        for sign in (
            "frequent_communication",
            "active_listening",
            "withdrawal",
            "misunderstanding",
        ):
            assert sign in out
        assert "not a diagnosis" in out

    def test_message_text_stays_out_of_the_output_unless_evidence_is_asked(
        self, export: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for fmt in ("text", "json", "html"):
            assert main(["analyze", str(export), "--format", fmt, "--no-emotions"]) == 0
            assert SECRET not in capsys.readouterr().out
        assert main(["analyze", str(export), "--evidence", "--no-emotions"]) == 0
        assert "I've been feeling really lonely lately" in capsys.readouterr().out

    def test_json_output_is_valid_and_complete(
        self, export: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert (
            main(["analyze", str(export), "--format", "json", "--no-emotions", "--evidence"]) == 0
        )
        data = json.loads(capsys.readouterr().out)
        assert data["participants"] == ["Alex", "Blair"]
        assert data["messages"] == 10  # the system line is not a message
        assert data["weeks"] == ["2024-03-04", "2024-03-11"]
        assert len(data["signs"]) == 9
        alex = data["people"][0]
        assert alex["name"] == "Alex"
        assert alex["turned_away"] == 1
        evidence = next(s for s in data["signs"] if s["sign"] == "shared_vulnerability")["evidence"]
        assert evidence[0]["sender"] == "Alex"
        assert evidence[0]["marker"] == "disclosure"

    def test_the_html_report_is_one_self_contained_accessible_file(
        self, export: Path, tmp_path: Path
    ) -> None:
        out = tmp_path / "report.html"
        assert (
            main(["analyze", str(export), "--format", "html", "--out", str(out), "--no-emotions"])
            == 0
        )
        page = out.read_text(encoding="utf-8")
        assert page.startswith("<!doctype html>")
        assert "http://" not in page
        assert "https://" not in page
        assert "<script" not in page.lower()
        assert not re.search(r"\bsrc\s*=", page)
        assert not re.search(r"\bhref\s*=", page)
        assert "@import" not in page
        assert "url(" not in page
        svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
        assert len(svgs) >= 10
        for svg in svgs:
            assert 'role="img"' in svg
            assert "<title" in svg
            assert "<desc" in svg
        assert "<table>" in page
        assert "<caption>" in page
        assert "How this was measured" in page
        assert "3 h" in page  # the bid window is stated

    def test_names_are_escaped_in_the_html_report(self, tmp_path: Path) -> None:
        path = tmp_path / "chat.txt"
        path.write_text(
            "04/03/2024, 09:00 - <b>Al</b>: hi\n04/03/2024, 09:01 - Blair: hey\n", encoding="utf-8"
        )
        out = tmp_path / "r.html"
        assert (
            main(["analyze", str(path), "--format", "html", "--out", str(out), "--no-emotions"])
            == 0
        )
        page = out.read_text(encoding="utf-8")
        assert "<b>Al</b>" not in page
        assert "&lt;b&gt;Al&lt;/b&gt;" in page

    def test_a_missing_export_is_a_clear_error_with_status_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["analyze", str(tmp_path / "nope.txt")]) == 2
        err = capsys.readouterr().err
        assert "nope.txt" in err

    def test_a_bad_time_zone_is_a_clear_error(
        self, export: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["analyze", str(export), "--tz", "Nowhere/Land", "--no-emotions"]) == 2
        assert "Nowhere/Land" in capsys.readouterr().err

    def test_between_keeps_the_named_people(
        self, export: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert (
            main(
                [
                    "analyze",
                    str(export),
                    "--between",
                    "Alex",
                    "Blair",
                    "--format",
                    "json",
                    "--no-emotions",
                ]
            )
            == 0
        )
        assert json.loads(capsys.readouterr().out)["participants"] == ["Alex", "Blair"]

    def test_the_real_command_writes_json_and_no_progress_bar_when_not_a_terminal(
        self, export: Path
    ) -> None:
        proc = run_cli("analyze", str(export), "--format", "json", "--no-emotions")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["messages"] == 10
        assert proc.stderr == ""

    def test_the_real_command_writes_the_html_file(self, export: Path, tmp_path: Path) -> None:
        out = tmp_path / "r.html"
        proc = run_cli("analyze", str(export), "--format", "html", "--out", str(out), "--quiet")
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == ""
        assert "<svg" in out.read_text(encoding="utf-8")


class TestMarkers:
    def write(self, tmp_path: Path, *lines: str) -> Path:
        path = tmp_path / "in.jsonl"
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return path

    def test_it_writes_one_line_per_input_with_every_marker(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = self.write(
            tmp_path,
            json.dumps({"text": "I'm so scared about tomorrow"}),
            "",
            json.dumps({"text": "I'm so sorry, what happened?", "context": "I lost my job"}),
            json.dumps({"text": "you did a great job", "context": None}),
        )
        assert main(["markers", str(path), "--no-emotions"]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [r["index"] for r in rows] == [0, 1, 2]
        assert all(set(r["markers"]) == set(MARKERS) for r in rows)
        assert rows[0]["markers"]["disclosure"] >= 0.5
        assert rows[1]["markers"]["empathy.emotional_reaction"] >= 0.5
        assert rows[1]["markers"]["empathy.exploration"] >= 0.5
        assert rows[2]["markers"]["appreciation"] >= 0.5
        assert rows[2]["markers"]["contempt"] < 0.5
        assert all(r["emotions"] is None for r in rows)
        assert all("text" not in r for r in rows)

    def test_echo_repeats_text_and_context(self, tmp_path: Path) -> None:
        path = self.write(tmp_path, json.dumps({"text": "haha", "context": "look at this"}))
        out = tmp_path / "out.jsonl"
        assert main(["markers", str(path), "--out", str(out), "--echo", "--no-emotions"]) == 0
        row = json.loads(out.read_text(encoding="utf-8"))
        assert row["text"] == "haha"
        assert row["context"] == "look at this"
        assert row["markers"]["laughter"] >= 0.5

    @pytest.mark.parametrize(
        ("bad", "reason"),
        [
            ("{not json", "not valid JSON"),
            ('{"context": "x"}', '"text"'),
            ('{"text": 5}', '"text"'),
            ('["a list"]', '"text"'),
            ('{"text": "a", "context": 3}', '"context"'),
        ],
    )
    def test_an_invalid_line_is_refused_naming_its_number_and_nothing_is_written(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str, reason: str
    ) -> None:
        path = self.write(tmp_path, json.dumps({"text": "fine"}), bad)
        out = tmp_path / "out.jsonl"
        assert main(["markers", str(path), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert "line 2" in err
        assert reason in err
        assert not out.exists()

    def test_a_missing_input_is_a_clear_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["markers", str(tmp_path / "absent.jsonl")]) == 2
        assert "absent.jsonl" in capsys.readouterr().err

    def test_the_real_command_reads_standard_input(self) -> None:
        proc = run_cli("markers", "-", "--no-emotions", stdin='{"text": "love you ❤️"}\n')
        assert proc.returncode == 0, proc.stderr
        row = json.loads(proc.stdout)
        assert row["index"] == 0
        assert row["markers"]["affection"] >= 0.5


SPANISH = "".join(
    f"0{4 + i // 6}/03/2024, 09:{i % 6}0 - {'Alex' if i % 2 else 'Blair'}: {text}\n"
    for i, text in enumerate(
        [
            "ya voy",
            "¿compraste las entradas?",
            "te echo mucho de menos hoy",
            "a qué hora cenamos",
            "gracias por escucharme anoche",
            "te quiero",
            "el tren va con retraso otra vez",
            "acabo de llegar a casa",
        ]
    )
)


def test_a_chat_that_is_not_english_says_its_signs_read_low(tmp_path: Path) -> None:
    spanish = tmp_path / "chat.txt"
    spanish.write_text(SPANISH, encoding="utf-8")
    out = tmp_path / "es.json"
    assert (
        main(["analyze", str(spanish), "--format", "json", "--no-emotions", "--out", str(out)]) == 0
    )
    assert "do not look English" in json.loads(out.read_text(encoding="utf-8"))["language_note"]
    html = tmp_path / "es.html"
    assert (
        main(["analyze", str(spanish), "--format", "html", "--no-emotions", "--out", str(html)])
        == 0
    )
    assert "do not look English" in html.read_text(encoding="utf-8")


def test_an_english_chat_has_no_language_note(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(export), "--no-emotions"]) == 0
    assert "do not look English" not in capsys.readouterr().out
