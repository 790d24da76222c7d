"""Hooks other apps plug into, so ``privacy`` and ``seed_demo`` never import them.

Personal data: each app that stores something a person owns registers, in its
``AppConfig.ready()``::

    from closeknit.web.common.registry import personal_data
    personal_data.register("checkups", export=export_checkups, delete=delete_checkups)

``export(user) -> dict`` returns everything of theirs as JSON-ready values (strings,
numbers, lists, dicts; datetimes as ISO strings) and nothing of anyone else's;
``delete(user) -> None`` removes it. Both run inside the privacy app's transaction; the
account itself is deleted last (``on_delete=CASCADE`` rows go with it anyway).

Demo data: ``demo_seeders.register("checkups", seed)`` where ``seed(demo) -> None`` gets a
:class:`DemoCast` (alex, blair, relationship, memberships) after accounts and the
relationship exist; seeders run in registration order inside one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class PersonalData:
    name: str
    export: Callable[[Any], dict[str, Any] | list[Any]]
    delete: Callable[[Any], None]


class Registry(Generic[T]):
    """Named entries in registration order; a name may be registered only once."""

    def __init__(self) -> None:
        self._entries: dict[str, T] = {}

    def add(self, name: str, entry: T) -> None:
        if name in self._entries and self._entries[name] != entry:
            raise ValueError(f"{name!r} is already registered")
        self._entries[name] = entry

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def names(self) -> tuple[str, ...]:
        return tuple(self._entries)


class PersonalDataRegistry(Registry[PersonalData]):
    def register(
        self,
        name: str,
        *,
        export: Callable[[Any], dict[str, Any] | list[Any]],
        delete: Callable[[Any], None],
    ) -> None:
        self.add(name, PersonalData(name, export, delete))


@dataclass(frozen=True)
class DemoCast:
    """What a demo seeder gets: the two demo people, their relationship and memberships."""

    alex: Any
    blair: Any
    relationship: Any
    alex_membership: Any
    blair_membership: Any


class DemoSeederRegistry(Registry[Callable[[DemoCast], None]]):
    def register(self, name: str, seed: Callable[[DemoCast], None]) -> None:
        self.add(name, seed)


personal_data = PersonalDataRegistry()
demo_seeders = DemoSeederRegistry()
