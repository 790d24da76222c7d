"""``{% fixed_url %}`` prints what ``{% url %}`` prints, under any script prefix."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import set_script_prefix

NAMES = ("home", "relationships-list", "accounts-settings", "common-exit", "safety-help")


def _render(source: str) -> str:
    return engines["django"].from_string(source).render({})


@pytest.mark.parametrize("name", NAMES)
def test_it_prints_what_the_url_tag_prints(name):
    fixed = _render(f"{{% load closeknit_urls %}}{{% fixed_url '{name}' %}}")
    assert fixed == _render(f"{{% url '{name}' %}}")
    assert fixed.startswith("/")


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/closeknit/")
        under_prefix = _render("{% load closeknit_urls %}{% fixed_url 'safety-help' %}")
        assert under_prefix == _render("{% url 'safety-help' %}")
        assert under_prefix.startswith("/closeknit/")
    finally:
        set_script_prefix("/")
    assert not _render("{% load closeknit_urls %}{% fixed_url 'safety-help' %}").startswith(
        "/closeknit/"
    )
