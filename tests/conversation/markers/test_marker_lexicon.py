"""The marker lexicon: shipped data that loads, expands and refuses malformed content."""

from __future__ import annotations

import polars as pl
import pytest

from closeknit.conversation.markers import MARKERS, load_lexicon
from closeknit.conversation.markers.lexicon import NEGATION, START, expand, parse_lexicon
from closeknit.errors import ContentError


def test_the_shipped_lexicon_has_every_marker_and_the_internal_negativity() -> None:
    lex = load_lexicon()
    assert set(MARKERS) | {"_negative"} == set(lex.names)
    assert lex.negation_window >= 1
    assert {"question_mark", "media_bid", "question_exploration", "empathy_base"} <= set(lex.extras)


def test_every_marker_has_a_description_and_cues() -> None:
    lex = load_lexicon()
    counts = lex.table.group_by("marker").len().rows_by_key("marker", unique=True)
    for spec in lex.markers:
        assert spec.description
        assert counts[spec.name][0] >= 5, spec.name
    assert counts[NEGATION][0] >= 10


def test_braces_expand_to_every_alternative_and_apostrophes_are_optional() -> None:
    assert expand("i'm {so |}sad") == [
        "i'm so sad",
        "im so sad",
        "i’m so sad",
        "i'm sad",
        "im sad",
        "i’m sad",
    ]
    assert expand("a  {b|c}") == ["a b", "a c"]


def test_phrases_are_whole_words_fragments_raw_and_openers_anchored() -> None:
    lex = load_lexicon()
    needles = set(lex.needles)
    assert " thank you " in needles
    assert "haha" in needles
    assert f"{START} what " in needles


def _minimal(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "negation": {"window": 2, "cues": ["not"]},
        "markers": {
            "x": {
                "description": "d",
                "negatable": True,
                "cues": [{"weight": 1.0, "phrases": ["a b"]}],
            }
        },
    }
    data.update(overrides)
    return data


def test_a_minimal_lexicon_parses() -> None:
    lex = parse_lexicon(_minimal())
    assert lex.names == ("x",)
    assert " a b " in lex.needles
    assert " not " in lex.needles


def test_weights_are_also_kept_in_whole_hundredths() -> None:
    # Sums of whole numbers are exact in any order, which makes the cue sums independent of
    # the order in which the matches are found.
    data = _minimal()
    data["markers"] = {"x": {"cues": [{"weight": 0.35, "phrases": ["a b"]}]}}
    table = parse_lexicon(data).table.filter(pl.col("marker") == "x")
    assert table["weight"].to_list() == [0.35]
    assert table["hundredths"].to_list() == [35.0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"markers": {}}, "needs \\[negation\\]"),
        ({"negation": {"window": -1, "cues": []}}, "window"),
        ({"markers": {"x": {"cues": [{"weight": 0, "phrases": ["a"]}]}}}, "weight"),
        ({"markers": {"x": {"cues": [{"weight": -6, "phrases": ["a"]}]}}}, "weight"),
        ({"markers": {"x": {"cues": [{"weight": 0.333, "phrases": ["a"]}]}}}, "two decimals"),
        ({"markers": {"x": {"cues": [{"weight": 1, "phrases": "a"}]}}}, "list of strings"),
        ({"markers": {"x": {"description": "no cues"}}}, "cues"),
    ],
)
def test_a_malformed_lexicon_is_refused_with_the_reason(
    data: dict[str, object], message: str
) -> None:
    base = _minimal()
    if "markers" in data and "negation" not in data and data["markers"] == {}:
        base = {"markers": {}}
    else:
        base.update(data)
    with pytest.raises(ContentError, match=message):
        parse_lexicon(base)
