"""Broken model content fails at load with a message naming the file and the id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from closeknit.errors import ContentError
from closeknit.model import load_model_from
from closeknit.model.loader import content_directory


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the shipped content."""
    source = Path(str(content_directory()))
    target = tmp_path / "content"
    shutil.copytree(source, target)
    return target


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


CONCEPT = """
[[concept]]
id = "{id}"
kind = "{kind}"
name = "A name"
summary = "One sentence."
definition = "Defined."
why_it_matters = "Because."
in_daily_life = "Like this."
what_helps = ["This."]
evidence = "{evidence}"
"""


def test_a_copy_of_the_shipped_content_loads(content: Path) -> None:
    model = load_model_from(content)
    assert len(model.concepts) == 48


def test_it_rejects_a_duplicate_id_naming_both_files(content: Path) -> None:
    (content / "extra.toml").write_text(
        CONCEPT.format(id="trust", kind="component", evidence="high"), encoding="utf-8"
    )
    with pytest.raises(
        ContentError, match=r"extra\.toml.*duplicate concept id 'trust'.*components\.toml"
    ):
        load_model_from(content)


def test_it_rejects_an_id_outside_the_vocabulary(content: Path) -> None:
    (content / "extra.toml").write_text(
        CONCEPT.format(id="passion", kind="component", evidence="high"), encoding="utf-8"
    )
    with pytest.raises(
        ContentError, match=r"extra\.toml: concept 'passion' is not in the vocabulary"
    ):
        load_model_from(content)


def test_it_rejects_a_wrong_kind(content: Path) -> None:
    text = (content / "components.toml").read_text(encoding="utf-8")
    (content / "components.toml").write_text(
        text.replace('kind = "component"', 'kind = "form"', 1), encoding="utf-8"
    )
    with pytest.raises(
        ContentError, match=r"components\.toml: concept 'trust': kind 'form' should be 'component'"
    ):
        load_model_from(content)


def test_it_rejects_a_bad_evidence_strength(content: Path) -> None:
    text = (content / "forms.toml").read_text(encoding="utf-8")
    (content / "forms.toml").write_text(
        text.replace('evidence = "high"', 'evidence = "strong"', 1), encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"forms\.toml: concept 'emotional': evidence 'strong'"):
        load_model_from(content)


def test_it_rejects_a_link_to_an_unknown_concept(content: Path) -> None:
    _append(
        content / "links.toml",
        '[[link]]\nsource = "be_open"\ntarget = "trusst"\nrelation = "addresses"\n'
        'strength = "high"\nnote = "x"\n',
    )
    with pytest.raises(
        ContentError, match=r"links\.toml: link 'be_open' -> 'trusst': target 'trusst'"
    ):
        load_model_from(content)


def test_it_rejects_a_bad_link_strength(content: Path) -> None:
    _append(
        content / "links.toml",
        '[[link]]\nsource = "be_open"\ntarget = "trust"\nrelation = "addresses"\n'
        'strength = "huge"\nnote = "x"\n',
    )
    with pytest.raises(
        ContentError, match=r"links\.toml: link 'be_open' -> 'trust': strength 'huge'"
    ):
        load_model_from(content)


def test_it_rejects_a_relation_that_does_not_fit_the_kinds(content: Path) -> None:
    _append(
        content / "links.toml",
        '[[link]]\nsource = "trust"\ntarget = "be_open"\nrelation = "erodes"\n'
        'strength = "low"\nnote = "x"\n',
    )
    with pytest.raises(
        ContentError, match=r"links\.toml: link 'trust' -> 'be_open': a component cannot erodes"
    ):
        load_model_from(content)


def test_it_rejects_a_duplicate_link(content: Path) -> None:
    _append(
        content / "links.toml",
        '[[link]]\nsource = "be_open"\ntarget = "vulnerability"\nrelation = "addresses"\n'
        'strength = "low"\nnote = "again"\n',
    )
    with pytest.raises(
        ContentError, match=r"links\.toml: link 'be_open' -> 'vulnerability': duplicate"
    ):
        load_model_from(content)


def test_it_reports_a_missing_concept(content: Path) -> None:
    (content / "benefits.toml").unlink()
    with pytest.raises(ContentError, match=r"no concept for vocabulary id\(s\) support"):
        load_model_from(content)


def test_it_names_the_file_with_invalid_toml(content: Path) -> None:
    (content / "broken.toml").write_text("[[concept]\nid = ", encoding="utf-8")
    with pytest.raises(ContentError, match=r"broken\.toml: not valid TOML"):
        load_model_from(content)


def test_it_rejects_an_unknown_field(content: Path) -> None:
    text = (content / "causes.toml").read_text(encoding="utf-8")
    (content / "causes.toml").write_text(
        text.replace('evidence = "medium"', 'evidence = "medium"\ncolour = "red"', 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"causes\.toml: concept 'past_wounds': unknown field"):
        load_model_from(content)
