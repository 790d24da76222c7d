"""`closeknit learn` lists the model and explains one concept with its links."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from closeknit.cli.main import main
from closeknit.model.vocabulary import KIND_OF


def test_learn_lists_every_concept_grouped_by_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["learn"]) == 0
    out = capsys.readouterr().out
    for heading in ("Components", "Forms", "Signs of strong closeness", "Practices", "Benefits"):
        assert heading in out
    for cid in KIND_OF:
        assert cid in out
    assert out.index("Components") < out.index("trust") < out.index("Forms")


def test_learn_lists_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["learn", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == list(KIND_OF)
    assert {"id", "kind", "name", "summary", "evidence"} <= set(rows[0])


def test_learn_shows_one_concept_with_its_links(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["learn", "guardedness"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Holding back (sign of fading closeness")
    assert "What helps" in out
    assert "Shows:" in out
    assert "vulnerability (high)" in out
    assert "Built or eased by:" in out
    assert "be_open" in out


def test_learn_concept_as_json_carries_links_both_ways(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["learn", "trust", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "trust"
    assert data["kind"] == "component"
    assert data["links_from"] == []
    assert {"source": "past_wounds", "relation": "erodes"}.items() <= next(
        link for link in data["links_to"] if link["source"] == "past_wounds"
    ).items()


def test_learn_concept_as_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["learn", "comfortable_silence", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Comfortable silence")
    assert "## What helps" in out
    assert "Exploratory" in out


def test_learn_an_unknown_concept_suggests_close_matches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["learn", "empaty"]) == 2
    captured = capsys.readouterr()
    assert "unknown concept 'empaty': did you mean empathy" in captured.err
    assert captured.out == ""


def test_learn_through_the_real_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "closeknit", "learn", "quality_time", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert any(link["target"] == "experiential" for link in data["links_from"])
