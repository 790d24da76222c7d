"""Help resources for a person's region, from the core's content."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def resources_for(region: str, concerns: Iterable[str] = ()) -> tuple[Any, ...]:
    from closeknit.safety import help_resources

    return tuple(help_resources(region, tuple(concerns)))
