"""The practice and questions commands, run through the installed `closeknit` script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from closeknit.practice.decks import load_deck
from closeknit.practice.library import load_exercises

CLOSEKNIT = Path(sys.executable).parent / "closeknit"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLOSEKNIT), *args], capture_output=True, text=True, cwd=cwd, check=False, timeout=60
    )


def test_practice_list_as_json_lists_every_exercise() -> None:
    result = run("practice", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [e["id"] for e in data] == [e.id for e in load_exercises()]
    assert {"steps", "minutes", "mode", "addresses", "relationships"} <= set(data[0])


def test_practice_list_as_text_shows_ids_and_titles() -> None:
    result = run("practice", "list", "--solo")
    assert result.returncode == 0
    assert "find_a_counsellor" in result.stdout
    assert "active_listening" not in result.stdout


def test_practice_show_prints_the_steps_with_roles() -> None:
    result = run("practice", "show", "active_listening")
    assert result.returncode == 0
    assert "Speaker and listener" in result.stdout
    assert "Listener: Reflect back" in result.stdout


def test_practice_show_of_an_unknown_id_fails_cleanly() -> None:
    result = run("practice", "show", "juggling")
    assert result.returncode == 2
    assert "no exercise with id 'juggling'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_questions_draw_remembers_and_never_repeats_until_exhausted(tmp_path: Path) -> None:
    history = tmp_path / "seen.txt"
    filters = ("--tier", "vulnerable", "--form", "physical", "--relationship", "family")
    expected = {
        q.id for q in load_deck().filter(tier="vulnerable", form="physical", relationship="family")
    }
    drawn = []
    for seed in range(len(expected)):
        result = run(
            "questions",
            "draw",
            *filters,
            "--history",
            str(history),
            "--remember",
            "--seed",
            str(seed),
            "--format",
            "json",
        )
        assert result.returncode == 0, result.stderr
        drawn.append(json.loads(result.stdout)["id"])
    assert sorted(drawn) == sorted(expected)
    assert history.read_text().split() == drawn


def test_questions_draw_prints_the_question_text() -> None:
    result = run("questions", "draw", "--tier", "light", "--seed", "1")
    assert result.returncode == 0
    text, meta = result.stdout.strip().splitlines()
    assert text.endswith("?")
    assert meta.startswith("(light, ")


def test_remember_without_a_history_file_is_an_error() -> None:
    result = run("questions", "draw", "--remember")
    assert result.returncode == 2
    assert "--remember needs --history" in result.stderr


def test_an_unknown_tier_is_refused_by_the_parser() -> None:
    result = run("questions", "draw", "--tier", "deepest")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_practice_plan_reads_a_json_input_and_explains_each_choice(tmp_path: Path) -> None:
    plan_file = tmp_path / "input.json"
    plan_file.write_text(
        json.dumps(
            {
                "dimension_scores": {"active_listening": 38, "trust": 80},
                "warning_signs": ["withdrawal"],
                "relationship": "friend",
                "joint_features_enabled": False,
            }
        )
    )
    result = run("practice", "plan", str(plan_file), "--week", "2026-11-25", "--format", "json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["week"] == "2026-11-23"
    assert 2 <= len(plan["practices"]) <= 3
    assert all(p["mode"] == "solo" for p in plan["practices"])
    assert all("because" in p["reason"] for p in plan["practices"])


def test_practice_plan_rejects_an_unknown_dimension(tmp_path: Path) -> None:
    plan_file = tmp_path / "input.json"
    plan_file.write_text(json.dumps({"dimension_scores": {"charm": 10}}))
    result = run("practice", "plan", str(plan_file))
    assert result.returncode == 2
    assert "unknown dimension 'charm'" in result.stderr


@pytest.mark.parametrize("fading", [False, True])
def test_practice_trends_reports_weekly_means_and_the_early_warning(
    tmp_path: Path, fading: bool
) -> None:
    from datetime import date, timedelta

    values = (
        [6, 5, 6, 6, 5, 6, 6, 5, 5, 4, 4, 3] if fading else [6, 5, 6, 6, 5, 6, 6, 5, 6, 5, 6, 6]
    )
    rows = ["date,mood,closeness,loneliness,stress,minutes_together,shared_moment"]
    for week, value in enumerate(values):
        for day in range(3):
            d = date(2026, 1, 5) + timedelta(weeks=week, days=day)
            rows.append(f"{d.isoformat()},3,{value},2,2,30,yes")
    csv_file = tmp_path / "checkins.csv"
    csv_file.write_text("\n".join(rows) + "\n")
    result = run("practice", "trends", str(csv_file), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["weeks"]) == 12
    assert data["weeks"][0]["closeness"] == 6
    assert (data["early_warning"] is not None) is fading
    text = run("practice", "trends", str(csv_file)).stdout
    assert ("Rebuilding steps" in text) is fading


def test_practice_trends_names_the_bad_line(tmp_path: Path) -> None:
    csv_file = tmp_path / "checkins.csv"
    csv_file.write_text("date,mood,closeness,loneliness,stress\n2026-01-05,3,9,2,2\n")
    result = run("practice", "trends", str(csv_file))
    assert result.returncode == 2
    assert "closeness must be a whole number from 1 to 7" in result.stderr


def test_questions_list_filters_by_relationship_and_tier() -> None:
    result = run(
        "questions", "list", "--tier", "deeper", "--relationship", "family", "--format", "json"
    )
    assert result.returncode == 0
    ids = [q["id"] for q in json.loads(result.stdout)]
    expected = load_deck().filter(tier="deeper", relationship="family")
    assert ids == [q.id for q in expected]
    assert all(i.startswith("deeper.") for i in ids)


def test_practice_show_as_markdown_numbers_the_steps() -> None:
    result = run("practice", "show", "fear_hope_dream", "--format", "md")
    assert result.returncode == 0
    assert result.stdout.startswith("# A fear, a hope, a dream")
    assert "1. **Both:**" in result.stdout


def test_questions_session_prints_seven_deepening_questions(tmp_path: Path) -> None:
    history = tmp_path / "seen.txt"
    result = run("questions", "session", "--history", str(history), "--remember", "--seed", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 7
    assert lines[0].startswith("1. [light]")
    assert lines[-1].startswith("7. [vulnerable]")
    assert len(set(history.read_text().split())) == 7
