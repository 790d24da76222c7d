"""Help resources by region, as data (``resources.toml`` beside this module).

Every resource carries ``last_verified`` and ``verified_how``; the shipped entries were
written from the team's knowledge without checking online, and say so. Show both.
"""

from __future__ import annotations

import datetime
import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import cast

from closeknit.errors import CloseknitError, ContentError
from closeknit.instruments.types import SAFETY_CONCERNS

INTERNATIONAL = "INT"
# People type "UK" more often than the ISO code.
_ALIASES = {"UK": "GB"}
_FIELDS = frozenset(
    {
        "id",
        "region",
        "name",
        "description",
        "contact",
        "url",
        "concerns",
        "emergency",
        "last_verified",
        "verified_how",
    }
)


@dataclass(frozen=True, slots=True)
class HelpResource:
    """One place to turn to: what it is, how to reach it, whom it helps, when checked."""

    id: str
    name: str
    description: str
    contact: str
    region: str
    concerns: tuple[str, ...]
    last_verified: datetime.date
    verified_how: str
    url: str = ""
    emergency: bool = False


def resources_file() -> Traversable:
    return resources.files("closeknit.safety").joinpath("resources.toml")


@functools.cache
def load_resources() -> tuple[HelpResource, ...]:
    """All shipped resources, in file order."""
    return load_resources_from(resources_file())


def load_resources_from(file: Traversable) -> tuple[HelpResource, ...]:
    """Read and check a resources file; :class:`ContentError` names the file and the id."""
    name = file.name
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{name}: not valid TOML ({exc})") from None
    defaults = cast(Mapping[str, object], data.get("defaults", {}))
    raw = data.get("resource")
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{name}: needs [[resource]] tables")
    out: list[HelpResource] = []
    seen: set[str] = set()
    for entry in raw:
        merged = {**defaults, **entry}
        rid = merged.get("id")
        if not isinstance(rid, str) or not rid:
            raise ContentError(f"{name}: a [[resource]] has no string 'id'")
        where = f"{name}: resource {rid!r}"
        if rid in seen:
            raise ContentError(f"{where}: duplicate id")
        seen.add(rid)
        extra = set(merged) - _FIELDS
        if extra:
            raise ContentError(f"{where}: unknown field(s) {sorted(extra)}")
        texts = {}
        for field in ("region", "name", "description", "contact", "verified_how"):
            value = merged.get(field)
            if not isinstance(value, str) or not value.strip():
                raise ContentError(f"{where}: {field!r} must be a non-empty string")
            texts[field] = value.strip()
        url = merged.get("url", "")
        if not isinstance(url, str) or (url and not url.startswith("https://")):
            raise ContentError(f"{where}: 'url' must start with https://")
        verified = merged.get("last_verified")
        if not isinstance(verified, datetime.date) or isinstance(verified, datetime.datetime):
            raise ContentError(f"{where}: 'last_verified' must be a date like 2026-11-21")
        concerns = merged.get("concerns")
        if (
            not isinstance(concerns, list)
            or not concerns
            or any(c not in SAFETY_CONCERNS for c in concerns)
        ):
            raise ContentError(
                f"{where}: 'concerns' must list some of {', '.join(SAFETY_CONCERNS)}"
            )
        emergency = merged.get("emergency", False)
        if not isinstance(emergency, bool):
            raise ContentError(f"{where}: 'emergency' must be true or false")
        out.append(
            HelpResource(
                id=rid,
                name=texts["name"],
                description=texts["description"],
                contact=texts["contact"],
                region=texts["region"].upper(),
                concerns=tuple(concerns),
                last_verified=verified,
                verified_how=texts["verified_how"],
                url=url,
                emergency=emergency,
            )
        )
    if not any(r.region == INTERNATIONAL for r in out):
        raise ContentError(f"{name}: needs international ({INTERNATIONAL}) fallback resources")
    return tuple(out)


def _regions() -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.region for r in load_resources() if r.region != INTERNATIONAL))


REGIONS: tuple[str, ...] = _regions()
"""Region codes with their own resources (ISO 3166-1 alpha-2); others get the fallback."""


def normalise_region(region: str | None) -> str:
    """An upper-case supported region code, or ``INT`` for None/unknown regions."""
    if not region:
        return INTERNATIONAL
    code = _ALIASES.get(region.strip().upper(), region.strip().upper())
    return code if code in REGIONS else INTERNATIONAL


def help_resources(
    region: str | None = None, concerns: Iterable[str] = ()
) -> tuple[HelpResource, ...]:
    """Resources for a region and (optionally) some concerns; emergency numbers first.

    With no concerns, every resource of the region. With concerns, those helping with any
    of them. A concern the region has no specific service for (besides its emergency
    number) is covered by the international fallback, as is any unknown or missing region.
    Raises :class:`CloseknitError` for an unknown concern id.
    """
    wanted = tuple(dict.fromkeys(concerns))
    unknown = [c for c in wanted if c not in SAFETY_CONCERNS]
    if unknown:
        raise CloseknitError(
            f"unknown safety concern(s) {', '.join(unknown)}: use {', '.join(SAFETY_CONCERNS)}"
        )
    code = normalise_region(region)

    def fits(resource: HelpResource) -> bool:
        return not wanted or any(c in resource.concerns for c in wanted)

    chosen = [r for r in load_resources() if r.region == code and fits(r)]
    covered = {c for r in chosen if not r.emergency for c in r.concerns}
    gaps = [c for c in (wanted or SAFETY_CONCERNS) if c not in covered]
    if code != INTERNATIONAL and gaps:
        chosen += [
            r
            for r in load_resources()
            if r.region == INTERNATIONAL and not r.emergency and any(c in r.concerns for c in gaps)
        ]
    return tuple(sorted(chosen, key=lambda r: not r.emergency))
