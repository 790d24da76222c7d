"""What every access-matrix test shares: the cast's roles, one request, the expected answer.

The rule the matrices check (ARCHITECTURE.md): members get the resource; outsiders get
exactly what a missing resource gets, 404; anonymous visitors are sent to log in (pages)
or told 401 (API), never given a hint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

MEMBERS = ("alex", "blair")
OUTSIDERS = ("casey", "dana")
EVERYONE = (*MEMBERS, *OUTSIDERS, "anon")


def without_csrf(html: bytes) -> bytes:
    """A page with its per-request CSRF token removed, so two answers can be compared."""
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


def assert_answer(
    persona: str, kind: str, response: Any, *, member_statuses: Collection[int]
) -> None:
    """The answer ``persona`` must get: see the module docstring."""
    if persona in MEMBERS:
        assert response.status_code in member_statuses, response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif persona in OUTSIDERS:
        assert response.status_code == 404
    elif kind == "api":
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def url_names(prefixes: tuple[str, ...]) -> set[str]:
    """Every URL name starting with one of ``prefixes``, so a matrix can spot a new URL."""
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
