"""Reports are built once per set of inputs and reused, but never stale and never shared:
a retake, a new own safety screen or a renamed partner shows at once, and one person's
cached report never reaches the other."""

from __future__ import annotations

import html

import pytest

from closeknit.web.checkups import reports
from web.checkups.helpers import answers_where, finish_checkup, high_closeness, low_closeness
from web.conftest import fail_screen


@pytest.fixture
def builds(monkeypatch):
    """Counts report builds (cache misses)."""
    calls: list[int] = []
    real = reports.build_report

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "build_report", counting)
    reports.report_memo.clear()
    return calls


def _report(client, couple, take):
    response = client.get(f"/r/{couple.id}/checkup/{take.id}/report/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_opening_a_report_again_reuses_the_built_report(couple, alex_client, builds):
    take = finish_checkup(couple.alex, answers_where(high_closeness))
    first = _report(alex_client, couple, take)
    second = _report(alex_client, couple, take)
    assert len(builds) == 1
    assert "Strengths" in first
    assert "Strengths" in second


def test_a_retake_shows_its_change_at_once(couple, alex_client, builds):
    first = finish_checkup(couple.alex, answers_where(low_closeness))
    assert "Reliable change index" not in _report(alex_client, couple, first)
    second = finish_checkup(couple.alex, answers_where(high_closeness))
    page = _report(alex_client, couple, second)
    assert "Reliable change index" in page
    assert "really higher" in page
    assert len(builds) == 2


def test_a_new_positive_own_screen_replaces_practices_with_help_at_once(
    couple, alex_client, builds
):
    take = finish_checkup(couple.alex, answers_where(low_closeness))
    assert "Practices to try" in _report(alex_client, couple, take)
    fail_screen(couple.alex)
    page = _report(alex_client, couple, take)
    assert "Your safety comes first" in page
    assert "Practices to try" not in page
    assert len(builds) == 2


def test_a_renamed_partner_rebuilds_the_report(couple, alex_client, blair, builds):
    take = finish_checkup(couple.alex, answers_where(low_closeness))
    _report(alex_client, couple, take)
    blair.display_name = "Robin"
    blair.save(update_fields=["display_name"])
    assert "Robin" in _report(alex_client, couple, take)
    assert len(builds) == 2


def test_a_cached_report_is_never_served_to_the_other_person(
    couple, alex_client, blair_client, builds
):
    mine = finish_checkup(couple.alex, answers_where(high_closeness))
    theirs = finish_checkup(couple.blair, answers_where(low_closeness))
    assert "Room to grow" not in _report(alex_client, couple, mine)
    assert blair_client.get(f"/r/{couple.id}/checkup/{mine.id}/report/").status_code == 404
    page = _report(blair_client, couple, theirs)
    assert "Room to grow" in page
    assert len(builds) == 2
    assert {key[0] for key in reports.report_memo.entries} == {mine.id, theirs.id}


def test_the_memo_keeps_only_the_most_recent_reports():
    memo = reports._ReportMemo(size=2)
    for n in range(3):
        memo.put((n,), object())  # type: ignore[arg-type]
    assert memo.get((0,)) is None
    assert memo.get((1,)) is not None
    assert memo.get((2,)) is not None
