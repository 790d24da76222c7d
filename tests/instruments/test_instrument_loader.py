"""Broken instrument content fails at load, naming the file and the item."""

from __future__ import annotations

from pathlib import Path

import pytest

from closeknit.errors import ContentError, SheetError
from closeknit.instruments import available_versions, load_instrument, load_instrument_from

HEADER = """
id = "pulse"
version = "2099.1"
title = "Test"

[scales.agree]
minimum = 1
labels = ["No", "Some", "Yes"]

[[section]]
id = "s"
title = "S"
intro = "I"
"""


def _item(iid: str = "pu_x_01", text: str = "I like {name}.", **extra: str) -> str:
    dimensions = extra.get("dimensions", '["trust"]')
    lines = [
        "[[section.item]]",
        f'id = "{iid}"',
        f'text = "{text}"',
        f'scale = "{extra.get("scale", "agree")}"',
        f"dimensions = {dimensions}",
    ]
    if "reverse" in extra:
        lines.append(f"reverse = {extra['reverse']}")
    if "variants" in extra:
        lines.append(f"variants = {extra['variants']}")
    return "\n".join(lines) + "\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pulse-test.toml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_a_minimal_instrument_loads(tmp_path: Path) -> None:
    instrument = load_instrument_from(_write(tmp_path, _item()))
    assert instrument.version == "2099.1"
    assert instrument.items[0].scale.maximum == 3


def test_it_rejects_a_duplicate_item_id(tmp_path: Path) -> None:
    path = _write(tmp_path, _item() + _item(text="I trust {name}."))
    with pytest.raises(ContentError, match=r"pulse-test\.toml: duplicate item id 'pu_x_01'"):
        load_instrument_from(path)


def test_it_rejects_a_duplicate_text(tmp_path: Path) -> None:
    path = _write(tmp_path, _item() + _item(iid="pu_x_02"))
    with pytest.raises(
        ContentError, match=r"pulse-test\.toml: item 'pu_x_02' repeats the text of 'pu_x_01'"
    ):
        load_instrument_from(path)


def test_it_rejects_an_unknown_dimension_with_a_suggestion(tmp_path: Path) -> None:
    path = _write(tmp_path, _item(dimensions='["trsut"]'))
    with pytest.raises(
        ContentError, match=r"item 'pu_x_01': unknown dimension 'trsut' \(did you mean 'trust'\?\)"
    ):
        load_instrument_from(path)


def test_it_rejects_an_unknown_scale(tmp_path: Path) -> None:
    path = _write(tmp_path, _item(scale="often"))
    with pytest.raises(ContentError, match=r"item 'pu_x_01': scale 'often' is not defined"):
        load_instrument_from(path)


def test_it_rejects_a_reverse_item_built_with_not(tmp_path: Path) -> None:
    path = _write(tmp_path, _item(text="I do not trust {name}.", reverse="true"))
    with pytest.raises(
        ContentError, match=r"item 'pu_x_01': a reverse-keyed item must be a genuine opposite"
    ):
        load_instrument_from(path)


def test_it_rejects_mixing_closeness_and_fading_dimensions(tmp_path: Path) -> None:
    path = _write(tmp_path, _item(dimensions='["vulnerability", "guardedness"]'))
    with pytest.raises(ContentError, match=r"item 'pu_x_01': mixes a closeness dimension"):
        load_instrument_from(path)


def test_it_rejects_more_than_two_dimensions(tmp_path: Path) -> None:
    path = _write(tmp_path, _item(dimensions='["trust", "empathy", "emotional"]'))
    with pytest.raises(ContentError, match=r"item 'pu_x_01': 'dimensions' must list one or two"):
        load_instrument_from(path)


def test_it_rejects_a_variant_for_an_unknown_relationship(tmp_path: Path) -> None:
    path = _write(tmp_path, _item(variants='{ colleague = "I like {name} at work." }'))
    with pytest.raises(
        ContentError, match=r"item 'pu_x_01': variant 'colleague' is not a relationship type"
    ):
        load_instrument_from(path)


def test_it_rejects_an_unknown_placeholder(tmp_path: Path) -> None:
    path = _write(tmp_path, _item(text="I like {nmae}."))
    with pytest.raises(ContentError, match=r"item 'pu_x_01': unknown placeholder"):
        load_instrument_from(path)


def test_it_names_the_file_with_invalid_toml(tmp_path: Path) -> None:
    path = tmp_path / "checkup-bad.toml"
    path.write_text('id = "checkup"\nversion = ', encoding="utf-8")
    with pytest.raises(ContentError, match=r"checkup-bad\.toml: not valid TOML"):
        load_instrument_from(path)


def test_the_latest_version_is_loaded_by_default_and_cached() -> None:
    latest = available_versions("checkup")[-1]
    assert load_instrument("checkup").version == latest
    assert load_instrument("checkup") is load_instrument("checkup")
    assert load_instrument("checkup", latest) is load_instrument("checkup", latest)


def test_an_unknown_version_names_the_known_ones() -> None:
    with pytest.raises(
        SheetError, match=r"checkup has no version '1999\.1'; known versions: 2026\.1"
    ):
        load_instrument("checkup", "1999.1")


def test_an_unknown_instrument_names_the_known_ones() -> None:
    with pytest.raises(
        SheetError, match=r"unknown instrument 'quiz': use one of checkup, pulse, safety"
    ):
        load_instrument("quiz")  # type: ignore[arg-type]
