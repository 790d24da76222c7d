"""Safety: the private screening rule and help resources by region.

A positive screen never reaches the other person: callers switch off joint exercises and
show :func:`help_resources` with each resource's ``last_verified`` date.
"""

from closeknit.safety.resources import (
    INTERNATIONAL,
    REGIONS,
    HelpResource,
    help_resources,
    load_resources,
    load_resources_from,
    normalise_region,
)
from closeknit.safety.screen import ScreenResult, screen

__all__ = [
    "INTERNATIONAL",
    "REGIONS",
    "HelpResource",
    "ScreenResult",
    "help_resources",
    "load_resources",
    "load_resources_from",
    "normalise_region",
    "screen",
]
