"""`closeknit items` and the interactive, resumable `closeknit checkup`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from closeknit.cli.main import main
from closeknit.instruments import load_instrument, load_sheet

CHECKUP = load_instrument("checkup")
PULSE = load_instrument("pulse")


def run_closeknit(
    args: list[str], stdin: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "closeknit", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


# --- items -----------------------------------------------------------------------------


def test_items_json_lists_every_checkup_item_with_its_scale() -> None:
    done = run_closeknit(["items", "checkup", "--format", "json"])
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [row["id"] for row in rows] == [it.id for it in CHECKUP.items]
    for row in rows:
        assert {"id", "text", "dimensions", "min", "max", "reverse", "section", "labels"} <= set(
            row
        )
        assert len(row["labels"]) == row["max"] - row["min"] + 1


def test_items_fill_in_the_name_and_the_relationship_variant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["items", "checkup", "--format", "json", "--relationship", "family", "--name", "Mum"])
        == 0
    )
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    touch = CHECKUP.item("ch_touch_01")
    assert rows["ch_touch_01"]["text"] == touch.variants["family"].replace("{name}", "Mum")
    assert "{name}" not in json.dumps(rows)


def test_items_text_shows_sections_and_keying(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["items", "pulse", "--name", "Blair"]) == 0
    out = capsys.readouterr().out
    assert "Weekly Pulse" in out
    assert "== This week" in out
    assert "This week, I felt close to Blair." in out


def test_items_lists_the_safety_screen(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["items", "safety", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {d for row in rows for d in row["dimensions"]} == {
        "fear",
        "control",
        "violence",
        "self_harm",
    }


# --- checkup ---------------------------------------------------------------------------


def test_the_checkup_runs_to_the_end_from_piped_input(tmp_path: Path) -> None:
    out = tmp_path / "me.json"
    answers = "\n".join("3" for _ in CHECKUP.items) + "\n"
    done = run_closeknit(
        ["checkup", "--out", str(out), "--name", "Blair", "--relationship", "friend"], answers
    )
    assert done.returncode == 0, done.stderr
    sheet = load_sheet(out)
    assert len(sheet.answers) == len(CHECKUP.items)
    assert sheet.relationship == "friend"
    assert sheet.other == "Blair"
    for section in CHECKUP.sections:
        assert section.title_for("Blair") in done.stdout
    assert f"(1/{len(CHECKUP.items)})" in done.stdout
    assert f"closeknit score {out}" in done.stdout


def test_quit_saves_and_a_second_run_resumes_at_the_first_unanswered(tmp_path: Path) -> None:
    out = tmp_path / "pulse.json"
    first = run_closeknit(["checkup", "--instrument", "pulse", "--out", str(out)], "4\n5\nq\n")
    assert first.returncode == 0, first.stderr
    assert "Saved 2 of 8" in first.stdout
    assert load_sheet(out).answers == {"pu_close_01": 4, "pu_trust_01": 5}

    second = run_closeknit(["checkup", "--instrument", "pulse", "--out", str(out)], "2\nq\n")
    assert "Welcome back" in second.stdout
    assert (
        f"(3/{len(PULSE.items)}) {PULSE.items[2].wording('partner', 'my partner').capitalize()[:20]}"
        in second.stdout
    )
    assert "(1/" not in second.stdout
    assert load_sheet(out).answers == {"pu_close_01": 4, "pu_trust_01": 5, "pu_comm_01": 2}


def test_skip_back_and_invalid_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.json"
    # answer 1, refuse "x" and "9", skip 2, go back to 2 and answer it, answer 3, quit
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nx\n9\ns\nb\n2\n3\nq\n"))
    assert main(["checkup", "--instrument", "pulse", "--out", str(out), "--name", "Sam"]) == 0
    text = capsys.readouterr().out
    assert text.count("Please type a number 1–5") == 2
    assert load_sheet(out).answers == {"pu_close_01": 1, "pu_trust_01": 2, "pu_comm_01": 3}
    assert "This week, I could rely on Sam." in text


def test_skipped_items_stay_unanswered_and_are_offered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.json"
    monkeypatch.setattr(sys, "stdin", io.StringIO("s\n" + "5\n" * (len(PULSE.items) - 1)))
    assert main(["checkup", "--instrument", "pulse", "--out", str(out)]) == 0
    assert "the rest were skipped" in capsys.readouterr().out
    assert "pu_close_01" not in load_sheet(out).answers

    monkeypatch.setattr(sys, "stdin", io.StringIO("4\n"))
    assert main(["checkup", "--instrument", "pulse", "--out", str(out)]) == 0
    assert f"All {len(PULSE.items)} questions answered" in capsys.readouterr().out
    assert load_sheet(out).answers["pu_close_01"] == 4


def test_end_of_input_saves_like_quit(tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    done = run_closeknit(["checkup", "--instrument", "pulse", "--out", str(out)], "3\n")
    assert done.returncode == 0
    assert load_sheet(out).answers == {"pu_close_01": 3}
    assert "Run the same command again" in done.stdout


def test_every_answer_is_saved_before_the_next_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "p.json"
    seen: list[int] = []

    class Recording(io.StringIO):
        def readline(self, size: int = -1) -> str:
            if out.exists():
                seen.append(len(json.loads(out.read_text(encoding="utf-8"))["answers"]))
            return super().readline(size)

    monkeypatch.setattr(sys, "stdin", Recording("1\n2\n3\nq\n"))
    assert main(["checkup", "--instrument", "pulse", "--out", str(out)]) == 0
    assert seen == [0, 1, 2, 3]
    assert not [p for p in tmp_path.iterdir() if p.name != "p.json"]  # no temp files left


def test_it_refuses_to_continue_a_sheet_of_another_instrument(tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    run_closeknit(["checkup", "--instrument", "pulse", "--out", str(out)], "3\nq\n")
    done = run_closeknit(["checkup", "--out", str(out)], "3\n")
    assert done.returncode == 2
    assert "holds pulse version 2026.1, not checkup version 2026.1" in done.stderr
    assert load_sheet(out).instrument == "pulse"


def test_it_refuses_a_broken_file_without_overwriting_it(tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    out.write_text("{oops", encoding="utf-8")
    done = run_closeknit(["checkup", "--out", str(out)], "3\n")
    assert done.returncode == 2
    assert "choose another --out file" in done.stderr
    assert out.read_text(encoding="utf-8") == "{oops"


def test_the_default_name_reads_naturally(tmp_path: Path) -> None:
    done = run_closeknit(
        ["checkup", "--instrument", "pulse", "--relationship", "family"], "q\n", cwd=tmp_path
    )
    assert "This week, I felt close to my family member." in done.stdout
    assert (tmp_path / "pulse.json").exists()
