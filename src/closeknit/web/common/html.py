"""Escaping for the few places that build HTML in Python (radio groups, score tables,
charts): exactly what the template engine prints, without the cost of Django's lazy-string
wrapper around ``escape``, which pages paid for hundreds of times each."""

from __future__ import annotations

from html import escape as _escape


def escape_text(value: object) -> str:
    """``value`` escaped always, as :func:`django.utils.html.escape` does."""
    return _escape(str(value))


def conditional_escape(value: object) -> str:
    """``value`` as ``{{ value }}`` prints it (:func:`django.utils.html.conditional_escape`):
    escaped unless it is already safe HTML (has ``__html__``)."""
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return _escape(str(value))
