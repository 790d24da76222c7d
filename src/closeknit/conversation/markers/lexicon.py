"""Load the marker lexicon (``lexicon.toml``) into needles for one Aho-Corasick pass.

The TOML file is the content; this module only expands it. Every cue becomes a *needle*, a
literal string searched in the normalised message (see :mod:`.scoring`):

- a phrase ``i feel`` becomes ``" i feel "`` (whole words: the text is padded with spaces
  and its punctuation turned into spaces);
- a fragment stays as written (``"haha"`` also matches inside ``"hahahaha"``);
- an opener becomes ``"\\x02 what "``: the normalised text starts with ``"\\x02 "``, so it
  only matches at the start of a message.

``{a|b}`` groups are expanded, and a phrase with an apostrophe also yields the same phrase
without it (``i'm`` -> ``im``) and with the typographic one (``i’m``), as chats spell both.
"""

from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import product

import polars as pl

from closeknit.errors import ContentError

START = "\x02"
NEGATION = "~negation"
_GROUP = re.compile(r"\{([^{}]*)\}")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class MarkerSpec:
    """One marker of the lexicon: its id, a plain description, whether negation applies."""

    name: str
    description: str
    negatable: bool


@dataclass(frozen=True)
class Lexicon:
    """The expanded lexicon.

    ``table`` has one row per (needle, marker) with the cue's weight (and the same in
    ``hundredths``, a whole number: sums of those are exact, whatever the order of the
    additions), whether negation applies and ``mid``, the marker's position in
    ``markers``; negation cues appear with marker :data:`NEGATION`, ``mid == len(markers)``
    and weight 0. ``needles`` is
    the de-duplicated list handed to the Aho-Corasick search.
    """

    markers: tuple[MarkerSpec, ...]
    table: pl.DataFrame
    needles: tuple[str, ...]
    negation_window: int
    extras: dict[str, float]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.markers)


def expand(pattern: str) -> list[str]:
    """Expand ``{a|b}`` groups and apostrophe-less spellings; whitespace is normalised."""
    parts = _GROUP.split(pattern)
    # split() alternates literal text and group bodies.
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    out: list[str] = []
    for combo in product(*choices):
        text = _WHITESPACE.sub(" ", "".join(combo)).strip().lower()
        if not text:
            continue
        out.append(text)
        if "'" in text:
            # Chat spelling drops the apostrophe or types the typographic one.
            out.append(text.replace("'", ""))
            out.append(text.replace("'", "’"))
    return list(dict.fromkeys(out))


def _needles(cue: dict[str, object], key: str, where: str) -> list[str]:
    raw = cue.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise ContentError(f"{where}: '{key}' must be a list of strings")
    out: list[str] = []
    for pattern in raw:
        for text in expand(pattern):
            if key == "phrases":
                out.append(f" {text} ")
            elif key == "openers":
                out.append(f"{START} {text} ")
            else:
                out.append(text)
    return out


def parse_lexicon(data: dict[str, object]) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed TOML; raises ContentError naming the fault."""
    negation = data.get("negation")
    markers = data.get("markers")
    extras = data.get("extras", {})
    if not isinstance(negation, dict) or not isinstance(markers, dict):
        raise ContentError("lexicon.toml: needs [negation] and [markers.<id>] tables")
    if not isinstance(extras, dict):
        raise ContentError("lexicon.toml: [extras] must be a table")
    rows: dict[tuple[str, str], tuple[float, bool]] = {}
    specs: list[MarkerSpec] = []
    for name, body in markers.items():
        where = f"lexicon.toml [markers.{name}]"
        if not isinstance(body, dict) or not isinstance(body.get("cues"), list):
            raise ContentError(f"{where}: needs a description, negatable and [[cues]]")
        negatable = bool(body.get("negatable", False))
        specs.append(MarkerSpec(name, str(body.get("description", "")), negatable))
        for cue in body["cues"]:
            weight = cue.get("weight")
            if not isinstance(weight, int | float) or weight == 0 or not -5 <= weight <= 5:
                raise ContentError(
                    f"{where}: each cue group needs a non-zero weight in [-5, 5] "
                    "(negative for counter-cues)"
                )
            if abs(weight * 100 - round(weight * 100)) > 1e-9:
                raise ContentError(
                    f"{where}: a cue weight has at most two decimals (got {weight}); "
                    "round it, for example to 0.35"
                )
            for key in ("phrases", "fragments", "openers"):
                for needle in _needles(cue, key, where):
                    # The same needle twice in one marker counts once, with its last weight.
                    rows[(needle, name)] = (float(weight), negatable)
    window = negation.get("window")
    if not isinstance(window, int) or window < 0:
        raise ContentError("lexicon.toml [negation]: window must be a whole number ≥ 0")
    for needle in _needles(negation, "cues", "lexicon.toml [negation]"):
        rows[(f" {needle} ", NEGATION)] = (0.0, False)
    table = pl.DataFrame(
        {
            "needle": [k[0] for k in rows],
            "marker": [k[1] for k in rows],
            "weight": [v[0] for v in rows.values()],
            "hundredths": [float(round(v[0] * 100)) for v in rows.values()],
            "negatable": [v[1] for v in rows.values()],
        },
        schema={
            "needle": pl.String,
            "marker": pl.String,
            "weight": pl.Float64,
            "hundredths": pl.Float64,
            "negatable": pl.Boolean,
        },
    )
    # A small integer id per marker, in lexicon order; negation gets the id after the last.
    ids = {spec.name: i for i, spec in enumerate(specs)} | {NEGATION: len(specs)}
    table = table.with_columns(
        pl.col("marker").replace_strict(ids, return_dtype=pl.UInt8).alias("mid")
    )
    needles = tuple(dict.fromkeys(table["needle"].to_list()))
    return Lexicon(
        markers=tuple(specs),
        table=table,
        needles=needles,
        negation_window=window,
        extras={str(k): float(v) for k, v in extras.items()},
    )


_LOAD_LOCK = threading.Lock()


def load_lexicon() -> Lexicon:
    """The lexicon shipped in this package (read once per process; a thread asking while
    another reads it waits for that reading instead of repeating it)."""
    with _LOAD_LOCK:
        return _load_shipped()


@cache
def _load_shipped() -> Lexicon:
    text = resources.files(__package__).joinpath("lexicon.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"lexicon.toml is not valid TOML: {exc}") from exc
    return parse_lexicon(data)
