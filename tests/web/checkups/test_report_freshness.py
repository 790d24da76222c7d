"""A report always reflects what is stored now: a retake, a new own safety screen or a
renamed partner shows at once, and one person's report never reaches the other."""

from __future__ import annotations

import html

from web.checkups.helpers import answers_where, finish_checkup, high_closeness, low_closeness
from web.conftest import fail_screen


def _report(client, couple, take):
    response = client.get(f"/r/{couple.id}/checkup/{take.id}/report/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_retake_shows_its_change_at_once(couple, alex_client):
    first = finish_checkup(couple.alex, answers_where(low_closeness))
    assert "Reliable change index" not in _report(alex_client, couple, first)
    second = finish_checkup(couple.alex, answers_where(high_closeness))
    page = _report(alex_client, couple, second)
    assert "Reliable change index" in page
    assert "really higher" in page


def test_a_new_positive_own_screen_replaces_practices_with_help_at_once(couple, alex_client):
    take = finish_checkup(couple.alex, answers_where(low_closeness))
    assert "Practices to try" in _report(alex_client, couple, take)
    fail_screen(couple.alex)
    page = _report(alex_client, couple, take)
    assert "Your safety comes first" in page
    assert "Practices to try" not in page


def test_a_renamed_partner_shows_in_the_report_at_once(couple, alex_client, blair):
    take = finish_checkup(couple.alex, answers_where(low_closeness))
    _report(alex_client, couple, take)
    blair.display_name = "Robin"
    blair.save(update_fields=["display_name"])
    assert "Robin" in _report(alex_client, couple, take)


def test_one_person_s_report_is_never_served_to_the_other(couple, alex_client, blair_client):
    mine = finish_checkup(couple.alex, answers_where(high_closeness))
    theirs = finish_checkup(couple.blair, answers_where(low_closeness))
    assert "Room to grow" not in _report(alex_client, couple, mine)
    assert blair_client.get(f"/r/{couple.id}/checkup/{mine.id}/report/").status_code == 404
    assert "Room to grow" in _report(blair_client, couple, theirs)
