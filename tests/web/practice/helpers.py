"""Shared helpers for the practice and check-ins tests."""

from __future__ import annotations

import json
import re
from typing import Any

CHECKIN_FORM = {
    "mood": "3",
    "closeness": "4",
    "loneliness": "2",
    "stress": "3",
    "minutes_together": "30",
    "shared_moment": "yes",
    "note": "",
}
CHECKIN_JSON = {"mood": 3, "closeness": 4, "loneliness": 2, "stress": 3}


def without_csrf(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def call(client: Any, method: str, path: str, kind: str, body: dict[str, Any] | None = None) -> Any:
    """One request: JSON for the API, a form post for pages."""
    if kind == "api" and method in ("post", "put"):
        return getattr(client, method)(
            path, data=json.dumps(body or {}), content_type="application/json"
        )
    if method == "post":
        return client.post(path, body or {})
    return getattr(client, method)(path)


def url_names(prefixes: tuple[str, ...]) -> set[str]:
    from django.urls import get_resolver

    names: set[str] = set()

    def walk(patterns: Any) -> None:
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns)
            elif p.name and p.name.startswith(prefixes):
                names.add(p.name)

    walk(get_resolver().url_patterns)
    return names
