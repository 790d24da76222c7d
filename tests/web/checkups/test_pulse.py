"""The weekly Pulse: one per member per ISO week (saving again updates it), a trend page."""

from __future__ import annotations

import json
from datetime import date, timedelta

from closeknit.web.checkups.actions import check_submit_pulse
from closeknit.web.checkups.models import Pulse, iso_week_start
from web.checkups.helpers import PULSE, pulse_answers


def _form(point):
    return {k: str(v) for k, v in pulse_answers(point).items()}


def test_a_pulse_is_saved_for_this_week(couple, alex_client):
    response = alex_client.post(f"/r/{couple.id}/pulse/", _form(4))
    assert response.status_code == 302
    pulse = Pulse.objects.get(membership=couple.alex)
    assert (
        pulse.week == iso_week_start(date.today())
        or abs((pulse.week - iso_week_start(date.today())).days) == 7
    )  # the person's time zone may be a day apart from the server's
    assert pulse.answers == pulse_answers(4)


def test_saving_again_in_the_same_week_updates_it(couple, alex_client):
    alex_client.post(f"/r/{couple.id}/pulse/", _form(2))
    alex_client.post(f"/r/{couple.id}/pulse/", _form(5))
    assert Pulse.objects.filter(membership=couple.alex).count() == 1
    assert Pulse.objects.get(membership=couple.alex).answers == pulse_answers(5)
    page = alex_client.get(f"/r/{couple.id}/pulse/").content.decode()
    assert "already saved a Pulse this week" in page
    assert 'value="5" id="id_' in page or 'value="5"' in page


def test_a_new_week_starts_a_new_pulse(couple):
    monday = date(2026, 11, 16)
    check_submit_pulse(couple.alex, pulse_answers(3), today=monday)
    check_submit_pulse(couple.alex, pulse_answers(4), today=monday + timedelta(days=6))
    check_submit_pulse(couple.alex, pulse_answers(5), today=monday + timedelta(days=7))
    weeks = list(Pulse.objects.filter(membership=couple.alex).values_list("week", flat=True))
    assert weeks == [monday, monday + timedelta(days=7)]


def test_each_member_has_their_own_pulse(couple, alex_client, blair_client):
    alex_client.post(f"/r/{couple.id}/pulse/", _form(2))
    blair_client.post(f"/r/{couple.id}/pulse/", _form(5))
    assert Pulse.objects.count() == 2
    trend = blair_client.get(f"/r/{couple.id}/pulse/trend/").content.decode()
    assert "100" in trend  # Blair's own all-top Pulse
    api = blair_client.get(f"/api/checkups/{couple.id}/pulse").json()
    assert [p["answers"] for p in api] == [pulse_answers(5)]


def test_an_empty_pulse_is_refused(couple, alex_client):
    response = alex_client.post(f"/r/{couple.id}/pulse/", {})
    assert response.status_code == 200
    assert "at least one statement" in response.content.decode()
    assert not Pulse.objects.exists()


def test_the_trend_page_charts_weeks_with_gaps_and_a_table(couple, alex_client):
    monday = date(2026, 9, 7)
    for n, point in enumerate((5, 4, None, 3)):
        if point is not None:
            check_submit_pulse(couple.alex, pulse_answers(point), today=monday + timedelta(weeks=n))
    page = alex_client.get(f"/r/{couple.id}/pulse/trend/").content.decode()
    assert 'role="img"' in page
    assert "<table>" in page
    assert "21 September 2026</th><td>—" in page  # the skipped week
    assert "7 September 2026</th><td>100" in page


def test_the_api_submits_and_lists_pulses(couple, alex_client):
    url = f"/api/checkups/{couple.id}/pulse"
    first = alex_client.post(url, json.dumps({"answers": pulse_answers(3)}), "application/json")
    assert first.status_code == 201
    again = alex_client.post(url, json.dumps({"answers": pulse_answers(4)}), "application/json")
    assert again.status_code == 200
    listed = alex_client.get(url).json()
    assert len(listed) == 1
    assert listed[0]["closeness"] == 75.0


def test_the_api_refuses_an_unknown_pulse_item(couple, alex_client):
    url = f"/api/checkups/{couple.id}/pulse"
    bad = alex_client.post(url, json.dumps({"answers": {"nope": 3}}), "application/json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "bad_answers"
    assert "nope" in bad.json()["detail"]


def test_every_pulse_item_is_on_the_page(couple, alex_client):
    page = alex_client.get(f"/r/{couple.id}/pulse/").content.decode()
    assert page.count("<fieldset") == len(PULSE.items)


def test_a_resaved_pulse_comes_back_even_if_its_owner_leaves_as_it_commits(
    transactional_db, couple, monkeypatch
):
    # The second save's transaction commits and, at that very moment, the owner deletes
    # their account: the save succeeded, so the caller gets the Pulse, not an error.
    from django.db import transaction
    from django.db.models import QuerySet

    monday = date(2026, 11, 16)
    check_submit_pulse(couple.alex, pulse_answers(3), today=monday)
    real_update = QuerySet.update

    def update_then_leave(self, **fields):
        updated = real_update(self, **fields)
        if self.model is Pulse:
            transaction.on_commit(couple.alex.user.delete)
        return updated

    monkeypatch.setattr(QuerySet, "update", update_then_leave)
    pulse, created = check_submit_pulse(couple.alex, pulse_answers(5), today=monday)
    assert not created
    assert (pulse.week, pulse.answers) == (monday, pulse_answers(5))
    assert not Pulse.objects.filter(membership_id=couple.alex.id).exists()
