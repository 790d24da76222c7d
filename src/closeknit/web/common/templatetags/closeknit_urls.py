"""``{% fixed_url "name" %}``: ``{% url "name" %}`` for a URL without arguments, reversed
once per URL configuration and script prefix instead of on every page (the site's header
and footer link to eight such URLs on every page)."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=256)
def _reverse(name: str, prefix: str, urlconf: str) -> str:
    # ``prefix`` is part of the key only: reverse() reads the current one itself.
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def fixed_url(name: str) -> str:
    """The path of the URL named ``name`` (which takes no arguments)."""
    return _reverse(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
