"""Ids in URLs and request bodies."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404


def uuid_or_404(value: Any, what: str) -> uuid.UUID:
    """``value`` as a UUID. Anything that is not one gets the same 404 ("No such {what}") as
    an id that does not exist, so a malformed id reveals nothing either."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404(f"No such {what}") from None
