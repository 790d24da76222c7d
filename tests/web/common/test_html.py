"""The HTML builders' escaping prints exactly what Django's template engine would."""

from __future__ import annotations

from django.utils import html as django_html
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from closeknit.web.common.html import conditional_escape, escape_text

values = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none(), st.booleans())


@given(values)
def test_escape_text_matches_django_escape(value):
    assert escape_text(value) == django_html.escape(value)


@given(values)
def test_conditional_escape_matches_django_for_plain_values(value):
    assert conditional_escape(value) == django_html.conditional_escape(value)


@given(st.text())
def test_safe_html_passes_through_unchanged(text):
    safe = mark_safe(text)
    assert conditional_escape(safe) == django_html.conditional_escape(safe) == text
    assert escape_text(safe) == django_html.escape(safe)


def test_lazy_strings_are_escaped_like_plain_ones():
    tagged = lazy(lambda: "<b>Alex & Blair</b>", str)()
    assert conditional_escape(tagged) == "&lt;b&gt;Alex &amp; Blair&lt;/b&gt;"
    assert conditional_escape(tagged) == django_html.conditional_escape(tagged)
