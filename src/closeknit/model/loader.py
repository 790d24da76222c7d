"""Load the intimacy model from TOML and check it thoroughly.

Every ``*.toml`` file in the content directory may hold ``[[concept]]`` and ``[[link]]``
tables. Loading fails with :class:`closeknit.errors.ContentError`, naming the file and the
id, on: unreadable TOML, missing or mistyped fields, unknown fields, duplicate ids, ids that
are not in :mod:`closeknit.model.vocabulary`, a kind that does not match the vocabulary,
bad evidence strengths or relations, links to unknown concepts, links whose source and
target kinds do not fit the relation, and duplicate links. Every vocabulary id must have a
concept. The model's concepts keep vocabulary order whatever the file order.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import cast

from closeknit.errors import ContentError
from closeknit.model.concepts import (
    EVIDENCE_LEVELS,
    RELATIONS,
    Concept,
    Evidence,
    Link,
    Model,
)
from closeknit.model.vocabulary import KIND_OF

_CONCEPT_TEXT_FIELDS = ("name", "summary", "definition", "why_it_matters", "in_daily_life")
_CONCEPT_FIELDS = frozenset(
    {"id", "kind", *_CONCEPT_TEXT_FIELDS, "what_helps", "evidence", "research", "exploratory"}
)
_LINK_FIELDS = frozenset({"source", "target", "relation", "strength", "note"})

# Which kinds may stand at either end of each relation.
_SIGN_KINDS = frozenset({"strong_sign", "fading_sign"})
_ALLOWED_ENDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "reflects": (_SIGN_KINDS, frozenset({"component", "form"})),
    "erodes": (frozenset({"cause"}), frozenset({"component", "form"})),
    "addresses": (
        frozenset({"practice"}),
        frozenset({"component", "form", "strong_sign", "fading_sign", "cause"}),
    ),
}


def content_directory() -> Traversable:
    """The ``content/`` directory shipped inside the package."""
    return resources.files("closeknit.model").joinpath("content")


@functools.cache
def load_model() -> Model:
    """The shipped model, loaded once per process."""
    return load_model_from(content_directory())


def load_model_from(directory: Traversable) -> Model:
    """Load and check every ``*.toml`` file in ``directory`` (a Path works too)."""
    files = sorted(
        (f for f in directory.iterdir() if f.is_file() and f.name.endswith(".toml")),
        key=lambda f: f.name,
    )
    if not files:
        raise ContentError(f"{directory}: no .toml files with concepts found")
    concepts: dict[str, Concept] = {}
    where: dict[str, str] = {}
    raw_links: list[tuple[str, Mapping[str, object]]] = []
    for file in files:
        data = _read_toml(file)
        unknown_tables = set(data) - {"concept", "link"}
        if unknown_tables:
            raise ContentError(
                f"{file.name}: unknown top-level key(s) {sorted(unknown_tables)}; "
                "use [[concept]] or [[link]] tables"
            )
        for entry in _table_list(data, "concept", file.name):
            concept = _parse_concept(entry, file.name)
            if concept.id in concepts:
                raise ContentError(
                    f"{file.name}: duplicate concept id {concept.id!r} "
                    f"(already defined in {where[concept.id]})"
                )
            concepts[concept.id] = concept
            where[concept.id] = file.name
        raw_links.extend((file.name, entry) for entry in _table_list(data, "link", file.name))
    missing = [cid for cid in KIND_OF if cid not in concepts]
    if missing:
        raise ContentError(
            f"{directory}: no concept for vocabulary id(s) {', '.join(missing)}; "
            "add a [[concept]] for each"
        )
    links = _parse_links(raw_links, concepts)
    ordered = {cid: concepts[cid] for cid in KIND_OF}
    return Model(concepts=MappingProxyType(ordered), links=links)


def _read_toml(file: Traversable) -> dict[str, object]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{file.name}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise ContentError(f"{file.name}: not UTF-8 text") from None


def _table_list(data: Mapping[str, object], key: str, file: str) -> list[Mapping[str, object]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ContentError(f"{file}: {key!r} must be an array of tables ([[{key}]])")
    return cast(list[Mapping[str, object]], value)


def _text(entry: Mapping[str, object], field: str, file: str, ident: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{file}: {ident}: field {field!r} must be a non-empty string")
    return value.strip()


def _evidence(value: object, file: str, ident: str, field: str) -> Evidence:
    if value not in EVIDENCE_LEVELS:
        raise ContentError(
            f"{file}: {ident}: {field} {value!r} is not one of {', '.join(EVIDENCE_LEVELS)}"
        )
    return value


def _parse_concept(entry: Mapping[str, object], file: str) -> Concept:
    cid = entry.get("id")
    if not isinstance(cid, str) or not cid:
        raise ContentError(f"{file}: a [[concept]] has no string 'id'")
    ident = f"concept {cid!r}"
    extra = set(entry) - _CONCEPT_FIELDS
    if extra:
        raise ContentError(f"{file}: {ident}: unknown field(s) {sorted(extra)}")
    if cid not in KIND_OF:
        raise ContentError(
            f"{file}: {ident} is not in the vocabulary (closeknit.model.vocabulary); "
            "check the spelling"
        )
    kind = entry.get("kind")
    if kind != KIND_OF[cid]:
        raise ContentError(f"{file}: {ident}: kind {kind!r} should be {KIND_OF[cid]!r}")
    texts = {f: _text(entry, f, file, ident) for f in _CONCEPT_TEXT_FIELDS}
    helps = entry.get("what_helps")
    if (
        not isinstance(helps, list)
        or not helps
        or not all(isinstance(h, str) and h.strip() for h in helps)
    ):
        raise ContentError(f"{file}: {ident}: 'what_helps' must be a non-empty list of strings")
    research = entry.get("research", "")
    exploratory = entry.get("exploratory", False)
    if not isinstance(research, str):
        raise ContentError(f"{file}: {ident}: 'research' must be a string")
    if not isinstance(exploratory, bool):
        raise ContentError(f"{file}: {ident}: 'exploratory' must be true or false")
    return Concept(
        id=cid,
        kind=KIND_OF[cid],
        what_helps=tuple(h.strip() for h in cast(list[str], helps)),
        evidence=_evidence(entry.get("evidence"), file, ident, "evidence"),
        research=research.strip(),
        exploratory=exploratory,
        **texts,
    )


def _parse_links(
    raw: list[tuple[str, Mapping[str, object]]], concepts: Mapping[str, Concept]
) -> tuple[Link, ...]:
    links: list[Link] = []
    seen: set[tuple[str, str, str]] = set()
    for file, entry in raw:
        source, target = entry.get("source"), entry.get("target")
        ident = f"link {source!r} -> {target!r}"
        extra = set(entry) - _LINK_FIELDS
        if extra:
            raise ContentError(f"{file}: {ident}: unknown field(s) {sorted(extra)}")
        for end, value in (("source", source), ("target", target)):
            if not isinstance(value, str) or value not in concepts:
                raise ContentError(f"{file}: {ident}: {end} {value!r} is not a known concept id")
        source, target = str(source), str(target)  # both checked just above
        relation = entry.get("relation")
        if relation not in RELATIONS:
            raise ContentError(
                f"{file}: {ident}: relation {relation!r} is not one of {', '.join(RELATIONS)}"
            )
        sources, targets = _ALLOWED_ENDS[cast(str, relation)]
        if concepts[source].kind not in sources or concepts[target].kind not in targets:
            raise ContentError(
                f"{file}: {ident}: a {concepts[source].kind} cannot {relation} a "
                f"{concepts[target].kind} (allowed: {sorted(sources)} -> {sorted(targets)})"
            )
        key = (source, target, cast(str, relation))
        if key in seen:
            raise ContentError(f"{file}: {ident}: duplicate link ({relation})")
        seen.add(key)
        links.append(
            Link(
                source=source,
                target=target,
                relation=relation,
                strength=_evidence(entry.get("strength"), file, ident, "strength"),
                note=_text(entry, "note", file, ident),
            )
        )
    # Vocabulary order of sources keeps ties between equally strong links deterministic.
    order = {cid: i for i, cid in enumerate(KIND_OF)}
    return tuple(sorted(links, key=lambda link: (order[link.source], order[link.target])))
