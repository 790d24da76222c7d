"""The report's findings sections, built in Python, are exactly what the shared
``checkups/_findings.html`` partial renders (the joint view still includes it)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from closeknit.web.checkups.views import _findings_html

FINDINGS = (
    [],
    [SimpleNamespace(reason="Alex & <b>Blair</b> say 'often'.")],
    [SimpleNamespace(reason="One."), SimpleNamespace(reason="Two.")],
)


@pytest.mark.parametrize("findings", FINDINGS)
@pytest.mark.parametrize("lead", ["", 'A lead with <markup> & quotes "\'"'])
def test_findings_html_is_what_the_partial_renders(findings, lead):
    context = {
        "findings": findings,
        "heading": "Room to grow & <more>",
        "hid": "growth-heading",
        "tone": "grow",
        "lead": lead,
    }
    assert str(_findings_html(**context)) == render_to_string("checkups/_findings.html", context)
