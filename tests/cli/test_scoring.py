"""The score, compare, simulate and reliability commands, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from closeknit.cli.main import main
from closeknit.instruments import load_instrument
from closeknit.model.vocabulary import SCORED_DIMENSIONS

CHECKUP = load_instrument("checkup")
SAFETY = load_instrument("safety")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "closeknit", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim") / "sheets.jsonl"
    done = run("simulate", "--people", "240", "--seed", "5", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def couple(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    lines = sample.read_text().splitlines()
    folder = tmp_path_factory.mktemp("couple")
    a, b = folder / "a.json", folder / "b.json"
    a.write_text(lines[0])
    b.write_text(lines[1])
    return a, b


def write_safety(path: Path, **answers: int) -> Path:
    sheet = {
        "instrument": "safety",
        "version": SAFETY.version,
        "relationship": "partner",
        "answers": {it.id: 0 for it in SAFETY.items} | answers,
    }
    path.write_text(json.dumps(sheet))
    return path


def test_simulate_writes_one_checkup_sheet_per_line_the_same_for_a_seed(
    sample: Path, tmp_path: Path
) -> None:
    lines = sample.read_text().splitlines()
    assert len(lines) == 240
    first = json.loads(lines[0])
    assert first["instrument"] == "checkup"
    assert first["version"] == CHECKUP.version
    assert (first["respondent"], first["other"]) == ("Person 1a", "Person 1b")
    again = tmp_path / "again.jsonl"
    assert main(["simulate", "--people", "240", "--seed", "5", "--out", str(again)]) == 0
    assert again.read_text() == sample.read_text()


def test_score_prints_json_with_a_score_and_error_for_every_dimension(
    couple: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(couple[0]), "--format", "json", "--other-name", "Blair"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["dimensions"]) == set(SCORED_DIMENSIONS)
    for dim in data["dimensions"].values():
        assert dim["status"] in ("ok", "not_enough_answers")
        if dim["status"] == "ok":
            assert 0 <= dim["score"] <= 100
            assert dim["sem"] > 0
    assert len(data["practices"]) <= 3
    for practice in data["practices"]:
        assert practice["evidence"]
        assert practice["evidence"][0]["item_id"] in {it.id for it in CHECKUP.items}


def test_score_runs_through_python_dash_m_in_every_format(couple: tuple[Path, Path]) -> None:
    text = run("score", str(couple[0]), "--other-name", "Blair")
    assert text.returncode == 0, text.stderr
    assert "Scores (0–100, ± measurement error)" in text.stdout
    md = run("score", str(couple[0]), "--format", "md")
    assert md.returncode == 0
    assert md.stdout.startswith("# closeknit checkup report")
    assert "Person 1b" in md.stdout  # the other person's name comes from the sheet


def test_score_with_a_previous_take_reports_change(
    couple: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(couple[0]), "--previous", str(couple[1]), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert set(changes) == set(SCORED_DIMENSIONS)
    assert all(isinstance(c["reliable"], bool) for c in changes.values())


def test_a_positive_safety_screen_removes_practices_from_the_report(
    couple: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    safety = write_safety(tmp_path / "safety.json", sa_control_01=3)
    assert main(["score", str(couple[0]), "--safety", str(safety), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["practices"] == []
    assert data["counselling"] is None
    assert data["safety"]["resources"]
    assert all(r["last_verified"] for r in data["safety"]["resources"])


def test_compare_prints_both_views_the_gap_and_the_flag(
    couple: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", str(couple[0]), str(couple[1]), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["names"] == ["Person 1a", "Person 1b"]
    for dim in data["dimensions"].values():
        if dim["gap"] is not None:
            assert dim["gap"] == pytest.approx(dim["a"] - dim["b"], abs=0.02)
            assert dim["differs"] == (abs(dim["gap"]) > 1.96 * dim["se_gap"])
    flagged = {d for d, v in data["dimensions"].items() if v["differs"]}
    assert {f["dimension"] for f in data["differences"]} == flagged


def test_compare_runs_through_python_dash_m(couple: tuple[Path, Path]) -> None:
    done = run("compare", str(couple[0]), str(couple[1]), "--names", "you", "Blair")
    assert done.returncode == 0, done.stderr
    assert "two views, you and Blair" in done.stdout


def test_reliability_prints_alpha_and_omega_for_every_dimension(sample: Path) -> None:
    done = run("reliability", str(sample), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["sheets"] == 240
    assert set(data["dimensions"]) == set(SCORED_DIMENSIONS)
    for row in data["dimensions"].values():
        assert 0.4 < row["alpha"] < 1
        assert 0.4 < row["omega"] < 1
        assert row["n"] > 200


def test_reliability_text_lists_each_dimension(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reliability", str(sample), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "alpha" in out
    assert "omega" in out
    assert len([line for line in out.splitlines() if line.split()[0] in SCORED_DIMENSIONS]) == len(
        SCORED_DIMENSIONS
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "no sheets"),
        ("{good}\n\n", "line 1: not valid JSON"),
        ("GOOD\n\nGOOD\n", "line 2: empty line"),
        (
            'GOOD\n{"instrument": "checkup", "version": "VERSION", "answers": {"nope": 1}}\n',
            "line 2",
        ),
    ],
)
def test_reliability_names_the_line_of_a_bad_file(
    sample: Path, tmp_path: Path, content: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    good = sample.read_text().splitlines()[0]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content.replace("GOOD", good).replace("VERSION", CHECKUP.version))
    assert main(["reliability", str(bad)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert str(bad) in err


def test_score_rejects_an_out_of_range_answer_naming_the_item(tmp_path: Path) -> None:
    item = CHECKUP.items[0]
    sheet = {
        "instrument": "checkup",
        "version": CHECKUP.version,
        "relationship": "partner",
        "answers": {item.id: item.scale.maximum + 1},
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(sheet))
    done = run("score", str(path))
    assert done.returncode == 2
    assert item.id in done.stderr
    assert done.stdout == ""


def test_score_refuses_a_safety_sheet_as_the_main_sheet(tmp_path: Path) -> None:
    done = run("score", str(write_safety(tmp_path / "s.json")))
    assert done.returncode == 2
    assert "--safety" in done.stderr


def test_simulate_refuses_zero_people(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--people", "0", "--out", str(tmp_path / "x.jsonl")]) == 2
    assert "--people" in capsys.readouterr().err


def test_a_sample_replaces_the_default_reliabilities_in_the_errors(
    couple: tuple[Path, Path], sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(couple[0]), "--format", "json"]) == 0
    default = json.loads(capsys.readouterr().out)["dimensions"]["trust"]
    assert main(["score", str(couple[0]), "--sample", str(sample), "--format", "json"]) == 0
    estimated = json.loads(capsys.readouterr().out)["dimensions"]["trust"]
    assert default["reliability_source"] == "default"
    assert estimated["reliability_source"] == "sample"
    assert estimated["score"] == default["score"]
    assert estimated["sem"] != default["sem"]
