"""Load the versioned instruments (Checkup, Pulse, safety screen) and check answer sheets.

Instruments live in ``content/`` as ``<id>.toml`` or ``<id>-<anything>.toml``; each file
names its own ``id`` and ``version``. Loading fails with :class:`ContentError` naming the
file and the item on anything inconsistent (see :func:`load_instrument_from`).

Answer sheets are plain JSON objects::

    {"instrument": "checkup", "version": "2026.1", "relationship": "partner",
     "answers": {"ch_trust_02": 4, ...}, "respondent": "Alex", "other": "Blair"}

:func:`parse_sheet` checks one against the instrument and version it names and raises
:class:`SheetError` naming the item and the allowed range; missing answers are allowed
(``null`` counts as unanswered). :func:`dump_sheet` is its inverse.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import cast

from closeknit.errors import ContentError, SheetError
from closeknit.instruments.types import (
    INSTRUMENT_IDS,
    SAFETY_CONCERNS,
    AnswerSheet,
    Instrument,
    InstrumentId,
    Item,
    ResponseScale,
    Section,
)
from closeknit.model.vocabulary import (
    CAUSES,
    FADING_SIGNS,
    RELATIONSHIP_TYPES,
    SCORED_DIMENSIONS,
    RelationshipType,
)

_TOP_FIELDS = frozenset({"id", "version", "title", "intro", "scales", "section"})
_SECTION_FIELDS = frozenset({"id", "title", "intro", "item"})
_ITEM_FIELDS = frozenset({"id", "text", "scale", "dimensions", "reverse", "variants"})
_SCALE_FIELDS = frozenset({"minimum", "labels"})
_SHEET_FIELDS = ("instrument", "version", "relationship", "answers", "respondent", "other")

# Dimensions that grow as closeness fades. One item keys all its dimensions the same way,
# so an item may not mix these with closeness dimensions (see checkup.toml's header).
_FADING_SIDE = frozenset(FADING_SIGNS) | frozenset(CAUSES)

# Reverse items must be genuine opposites, not negations (PRODUCT.md).
_NEGATION = re.compile(r"\b(not|never|no)\b|n't\b", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{([^}]*)\}")


def content_directory() -> Traversable:
    """The ``content/`` directory shipped inside the package."""
    return resources.files("closeknit.instruments").joinpath("content")


def _files_for(instrument_id: str) -> list[Traversable]:
    return sorted(
        (
            f
            for f in content_directory().iterdir()
            if f.is_file()
            and (f.name == f"{instrument_id}.toml" or f.name.startswith(f"{instrument_id}-"))
            and f.name.endswith(".toml")
        ),
        key=lambda f: f.name,
    )


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    # "2026.10" sorts after "2026.9": compare numeric parts as numbers.
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in version.split("."))


@functools.cache
def _all_versions(instrument_id: str) -> Mapping[str, Instrument]:
    found: dict[str, Instrument] = {}
    for file in _files_for(instrument_id):
        instrument = load_instrument_from(file)
        if instrument.id != instrument_id:
            raise ContentError(
                f"{file.name}: says id {instrument.id!r}, expected {instrument_id!r}"
            )
        if instrument.version in found:
            raise ContentError(f"{file.name}: version {instrument.version!r} is defined twice")
        found[instrument.version] = instrument
    if not found:
        raise ContentError(f"no content file for instrument {instrument_id!r}")
    return MappingProxyType(found)


def available_versions(instrument_id: InstrumentId) -> tuple[str, ...]:
    """Versions of an instrument, oldest first."""
    _check_instrument_id(instrument_id, ContentError)
    return tuple(sorted(_all_versions(instrument_id), key=_version_key))


@functools.cache
def load_instrument(instrument_id: InstrumentId, version: str | None = None) -> Instrument:
    """The instrument in the given version (the latest when ``version`` is None).

    Raises :class:`SheetError` for an unknown id or version (it is usually a sheet that
    names them), :class:`ContentError` when the shipped content is broken.
    """
    _check_instrument_id(instrument_id, SheetError)
    versions = _all_versions(instrument_id)
    if version is None:
        return versions[available_versions(instrument_id)[-1]]
    if version not in versions:
        raise SheetError(
            f"{instrument_id} has no version {version!r}; "
            f"known versions: {', '.join(available_versions(instrument_id))}"
        )
    return versions[version]


def _check_instrument_id(value: object, error: type[Exception]) -> None:
    if value not in INSTRUMENT_IDS:
        raise error(f"unknown instrument {value!r}: use one of {', '.join(INSTRUMENT_IDS)}")


# --- content -------------------------------------------------------------------------------


def load_instrument_from(file: Traversable) -> Instrument:
    """Read and check one instrument file (a :class:`pathlib.Path` works too).

    Checks: known top-level fields; id in ``INSTRUMENT_IDS``; non-empty version and title;
    scales with an integer minimum and at least two labels; sections with id, title, intro
    and items; unique item ids and texts; a known scale per item; one or two dimensions per
    item, all known (scored dimensions for the Checkup and Pulse, safety concerns for the
    safety screen) and on the same side (closeness vs fading); reverse items free of
    negations; variants only for known relationship types; no placeholder except
    ``{name}``.
    """
    name = file.name
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{name}: not valid TOML ({exc})") from None
    extra = set(data) - _TOP_FIELDS
    if extra:
        raise ContentError(f"{name}: unknown top-level field(s) {sorted(extra)}")
    instrument_id = data.get("id")
    if instrument_id not in INSTRUMENT_IDS:
        raise ContentError(
            f"{name}: id {instrument_id!r} is not one of {', '.join(INSTRUMENT_IDS)}"
        )
    version = _string(data, "version", name, "the instrument")
    title = _string(data, "title", name, "the instrument")
    intro = data.get("intro", "")
    if not isinstance(intro, str):
        raise ContentError(f"{name}: 'intro' must be a string")
    scales = _parse_scales(data.get("scales"), name)
    raw_sections = data.get("section")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise ContentError(f"{name}: needs at least one [[section]] with [[section.item]] tables")
    allowed = (
        frozenset(SAFETY_CONCERNS) if instrument_id == "safety" else frozenset(SCORED_DIMENSIONS)
    )
    items: list[Item] = []
    sections: list[Section] = []
    seen_texts: dict[str, str] = {}
    seen_ids: set[str] = set()
    for raw in raw_sections:
        section_items = []
        section = _as_table(raw, name, "a [[section]]")
        sid = _string(section, "id", name, "a [[section]]")
        extra = set(section) - _SECTION_FIELDS
        if extra:
            raise ContentError(f"{name}: section {sid!r}: unknown field(s) {sorted(extra)}")
        raw_items = section.get("item")
        if not isinstance(raw_items, list) or not raw_items:
            raise ContentError(f"{name}: section {sid!r} has no [[section.item]]")
        for raw_item in raw_items:
            item = _parse_item(
                _as_table(raw_item, name, f"an item of section {sid!r}"),
                name,
                sid,
                scales,
                allowed,
            )
            if item.id in seen_ids:
                raise ContentError(f"{name}: duplicate item id {item.id!r}")
            seen_ids.add(item.id)
            for text in (item.text, *item.variants.values()):
                key = " ".join(text.lower().split())
                if key in seen_texts and seen_texts[key] != item.id:
                    raise ContentError(
                        f"{name}: item {item.id!r} repeats the text of {seen_texts[key]!r}"
                    )
                seen_texts[key] = item.id
            section_items.append(item)
        items.extend(section_items)
        sections.append(
            Section(
                id=sid,
                title=_string(section, "title", name, f"section {sid!r}"),
                intro=_string(section, "intro", name, f"section {sid!r}"),
                item_ids=tuple(it.id for it in section_items),
            )
        )
    if len({s.id for s in sections}) != len(sections):
        raise ContentError(f"{name}: two sections share an id")
    return Instrument(
        id=cast(InstrumentId, instrument_id),
        version=version,
        title=title,
        items=tuple(items),
        sections=tuple(sections),
        intro=" ".join(intro.split()),
    )


def _as_table(value: object, file: str, what: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise ContentError(f"{file}: {what} must be a table")
    return cast(Mapping[str, object], value)


def _string(table: Mapping[str, object], field: str, file: str, what: str) -> str:
    value = table.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{file}: {what}: {field!r} must be a non-empty string")
    return value.strip()


def _parse_scales(raw: object, file: str) -> dict[str, ResponseScale]:
    if not isinstance(raw, dict) or not raw:
        raise ContentError(f"{file}: needs a [scales.<id>] table with 'minimum' and 'labels'")
    scales = {}
    for sid, spec in raw.items():
        table = _as_table(spec, file, f"scale {sid!r}")
        extra = set(table) - _SCALE_FIELDS
        if extra:
            raise ContentError(f"{file}: scale {sid!r}: unknown field(s) {sorted(extra)}")
        minimum, labels = table.get("minimum"), table.get("labels")
        if isinstance(minimum, bool) or not isinstance(minimum, int):
            raise ContentError(f"{file}: scale {sid!r}: 'minimum' must be a whole number")
        if (
            not isinstance(labels, list)
            or len(labels) < 2
            or not all(isinstance(label, str) and label.strip() for label in labels)
        ):
            raise ContentError(f"{file}: scale {sid!r}: 'labels' must list at least two labels")
        scales[sid] = ResponseScale(
            id=sid, minimum=minimum, maximum=minimum + len(labels) - 1, labels=tuple(labels)
        )
    return scales


def _check_placeholders(text: str, file: str, iid: str) -> None:
    bad = {p for p in _PLACEHOLDER.findall(text) if p != "name"}
    if bad:
        raise ContentError(f"{file}: item {iid!r}: unknown placeholder(s) {sorted(bad)}")


def _parse_item(
    raw: Mapping[str, object],
    file: str,
    section: str,
    scales: Mapping[str, ResponseScale],
    allowed: frozenset[str],
) -> Item:
    iid = _string(raw, "id", file, f"an item of section {section!r}")
    extra = set(raw) - _ITEM_FIELDS
    if extra:
        raise ContentError(f"{file}: item {iid!r}: unknown field(s) {sorted(extra)}")
    text = _string(raw, "text", file, f"item {iid!r}")
    _check_placeholders(text, file, iid)
    scale_id = raw.get("scale")
    if not isinstance(scale_id, str) or scale_id not in scales:
        raise ContentError(
            f"{file}: item {iid!r}: scale {scale_id!r} is not defined "
            f"(defined: {', '.join(scales)})"
        )
    dims = raw.get("dimensions")
    if (
        not isinstance(dims, list)
        or not 1 <= len(dims) <= 2
        or not all(isinstance(d, str) for d in dims)
    ):
        raise ContentError(f"{file}: item {iid!r}: 'dimensions' must list one or two ids")
    if len(set(dims)) != len(dims):
        raise ContentError(f"{file}: item {iid!r}: a dimension is listed twice")
    for dim in dims:
        if dim not in allowed:
            close = difflib.get_close_matches(dim, sorted(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ContentError(f"{file}: item {iid!r}: unknown dimension {dim!r}{hint}")
    if len({d in _FADING_SIDE for d in dims}) > 1:
        raise ContentError(
            f"{file}: item {iid!r}: mixes a closeness dimension with a fading sign or cause "
            f"({', '.join(dims)}); one item keys all its dimensions the same way"
        )
    reverse = raw.get("reverse", False)
    if not isinstance(reverse, bool):
        raise ContentError(f"{file}: item {iid!r}: 'reverse' must be true or false")
    variants_raw = raw.get("variants", {})
    if not isinstance(variants_raw, dict):
        raise ContentError(f"{file}: item {iid!r}: 'variants' must be a table")
    variants: dict[RelationshipType, str] = {}
    for rel, wording in variants_raw.items():
        if rel not in RELATIONSHIP_TYPES:
            raise ContentError(
                f"{file}: item {iid!r}: variant {rel!r} is not a relationship type "
                f"({', '.join(RELATIONSHIP_TYPES)})"
            )
        if not isinstance(wording, str) or not wording.strip():
            raise ContentError(f"{file}: item {iid!r}: variant {rel!r} must be a non-empty string")
        _check_placeholders(wording, file, iid)
        variants[cast(RelationshipType, rel)] = wording.strip()
    if reverse:
        for wording in (text, *variants.values()):
            if _NEGATION.search(wording):
                raise ContentError(
                    f"{file}: item {iid!r}: a reverse-keyed item must be a genuine opposite "
                    "statement, not a negation (found 'not', 'never', 'no' or \"n't\")"
                )
    return Item(
        id=iid,
        text=text,
        scale=scales[scale_id],
        dimensions=tuple(dims),
        reverse=reverse,
        section=section,
        variants=MappingProxyType(variants),
    )


# --- answer sheets -------------------------------------------------------------------------


def describe_range(scale: ResponseScale) -> str:
    """``1–5 (1 = "Not at all true", 5 = "Completely true")``: the allowed answers."""
    return (
        f"{scale.minimum}–{scale.maximum} "
        f'({scale.minimum} = "{scale.labels[0]}", {scale.maximum} = "{scale.labels[-1]}")'
    )


def parse_sheet(data: Mapping[str, object]) -> AnswerSheet:
    """Check a sheet (parsed JSON) against the instrument and version it names.

    Raises :class:`SheetError` for: a non-object, an unknown or missing instrument or
    version, an unknown relationship type, answers that are not an object, an unknown item
    id, a non-integer answer or one outside the item's scale, and non-string names.
    Unanswered items (absent or ``null``) are allowed. Unknown top-level keys are ignored so
    that tools may annotate sheets (for example with a person id).
    """
    if not isinstance(data, Mapping):
        raise SheetError("an answer sheet must be a JSON object with instrument, version, answers")
    instrument_id = data.get("instrument")
    if instrument_id is None:
        raise SheetError(
            f'the sheet names no instrument: add "instrument": one of {", ".join(INSTRUMENT_IDS)}'
        )
    _check_instrument_id(instrument_id, SheetError)
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise SheetError(
            f'the sheet names no version: add "version": one of '
            f"{', '.join(available_versions(cast(InstrumentId, instrument_id)))}"
        )
    instrument = load_instrument(cast(InstrumentId, instrument_id), version)
    relationship = data.get("relationship")
    if relationship not in RELATIONSHIP_TYPES:
        raise SheetError(
            f"relationship {relationship!r} is not one of {', '.join(RELATIONSHIP_TYPES)}"
        )
    raw_answers = data.get("answers", {})
    if not isinstance(raw_answers, Mapping):
        raise SheetError('"answers" must be an object mapping item ids to whole numbers')
    known = {it.id: it for it in instrument.items}
    answers: dict[str, int] = {}
    for item_id, value in raw_answers.items():
        item = known.get(item_id) if isinstance(item_id, str) else None
        if item is None:
            close = difflib.get_close_matches(str(item_id), list(known), n=1)
            hint = (
                f" (did you mean {close[0]}?)"
                if close
                else f"; `closeknit items {instrument.id}` lists the item ids"
            )
            raise SheetError(
                f"item {item_id}: not in {instrument.id} version {instrument.version}{hint}"
            )
        if value is None:
            continue
        allowed = describe_range(item.scale)
        if isinstance(value, bool) or not isinstance(value, int):
            # Never echo free text from the sheet: show only its type.
            raise SheetError(
                f"item {item_id}: answers must be whole numbers (got {type(value).__name__}); "
                f"use {allowed}"
            )
        if value not in item.scale.points:
            raise SheetError(f"item {item_id}: {value} is outside {allowed}")
        answers[item_id] = value
    names = {}
    for field in ("respondent", "other"):
        value = data.get(field, "")
        if not isinstance(value, str):
            raise SheetError(f'"{field}" must be a name (a string)')
        names[field] = value
    ordered = {it.id: answers[it.id] for it in instrument.items if it.id in answers}
    return AnswerSheet(
        instrument=instrument.id,
        version=instrument.version,
        relationship=relationship,
        answers=MappingProxyType(ordered),
        respondent=names["respondent"],
        other=names["other"],
    )


def dump_sheet(sheet: AnswerSheet) -> dict[str, object]:
    """The JSON-ready form of a sheet; ``parse_sheet(dump_sheet(s)) == s`` in content."""
    out: dict[str, object] = {
        "instrument": sheet.instrument,
        "version": sheet.version,
        "relationship": sheet.relationship,
        "answers": dict(sheet.answers),
    }
    if sheet.respondent:
        out["respondent"] = sheet.respondent
    if sheet.other:
        out["other"] = sheet.other
    return out


def load_sheet(path: Path) -> AnswerSheet:
    """Read and check a sheet file; :class:`SheetError` names the file on any problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SheetError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SheetError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SheetError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    try:
        return parse_sheet(data)
    except SheetError as exc:
        raise SheetError(f"{path}: {exc}") from None


def unanswered(instrument: Instrument, answers: Iterable[str]) -> tuple[Item, ...]:
    """Items of ``instrument`` not among ``answers``, in instrument order."""
    done = set(answers)
    return tuple(it for it in instrument.items if it.id not in done)
