"""The check-in form (circles picture, works without JavaScript) and the trends page."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.utils import timezone

from closeknit.web.checkins.models import Checkin
from web.practice.helpers import CHECKIN_FORM, CHECKIN_JSON


def test_closeness_is_seven_labelled_radio_pictures_without_script(couple, alex_client):
    html = alex_client.get(f"/r/{couple.id}/checkin/").content.decode()
    radios = re.findall(r'<input type="radio" name="closeness" value="(\d)"', html)
    assert radios == [str(n) for n in range(1, 8)]
    assert html.count('class="circles"') == 7
    assert 'aria-hidden="true"' in html
    assert "Far apart" in html
    assert "Almost one" in html
    assert "<script>" not in html


def test_a_check_in_is_saved_once_a_day_and_updated_after(couple, alex_client):
    first = alex_client.post(f"/r/{couple.id}/checkin/", CHECKIN_FORM)
    assert first.status_code == 302
    alex_client.post(f"/r/{couple.id}/checkin/", {**CHECKIN_FORM, "closeness": "6"})
    saved = Checkin.objects.get(membership=couple.alex)
    assert saved.closeness == 6
    assert saved.shared_moment is True


def test_out_of_range_answers_are_refused_by_page_and_api(couple, alex_client):
    page = alex_client.post(f"/r/{couple.id}/checkin/", {**CHECKIN_FORM, "closeness": "9"})
    assert page.status_code == 200
    assert b"out of range" in page.content
    api = alex_client.post(
        f"/api/checkins/{couple.id}/checkins",
        data=json.dumps({**CHECKIN_JSON, "mood": 0}),
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["code"] == "bad_checkin"
    assert not Checkin.objects.exists()


def test_the_api_creates_then_updates_today_s_check_in(couple, alex_client):
    url = f"/api/checkins/{couple.id}/checkins"
    created = alex_client.post(url, data=json.dumps(CHECKIN_JSON), content_type="application/json")
    assert created.status_code == 201
    again = alex_client.post(
        url, data=json.dumps({**CHECKIN_JSON, "stress": 1}), content_type="application/json"
    )
    assert again.status_code == 200
    assert [c["stress"] for c in alex_client.get(url).json()] == [1]


def _decline(membership, weeks=10):
    today = timezone.localdate()
    shape = (6, 6, 6, 6, 6, 6, 6, 3, 2, 2)
    for n, level in enumerate(shape[-weeks:]):
        Checkin.objects.create(
            membership=membership,
            day=today - timedelta(weeks=weeks - 1 - n),
            mood=3,
            closeness=level,
            loneliness=5 if level < 4 else 2,
            stress=3,
        )


def test_the_trends_page_describes_a_fade_with_steps_charts_and_tables(couple, alex_client):
    _decline(couple.alex)
    html = alex_client.get(f"/r/{couple.id}/trends/").content.decode()
    assert "Closeness has been fading lately" in html
    assert f"/r/{couple.id}/practice/" in html  # rebuilding steps link to exercises
    assert 'role="img"' in html
    assert "Show these numbers as a table" in html
    assert "Week by week" in html
    for word in ("will break", "will end", "likely to end", "risk of"):
        assert word not in html.lower()


def test_the_trends_page_is_quiet_on_steady_weeks(couple, alex_client):
    today = timezone.localdate()
    for n in range(10):
        Checkin.objects.create(
            membership=couple.alex,
            day=today - timedelta(weeks=n),
            mood=3,
            closeness=5 + n % 2,
            loneliness=2,
            stress=3,
        )
    html = alex_client.get(f"/r/{couple.id}/trends/").content.decode()
    assert "Closeness has been fading lately" not in html
    assert "Felt closeness" in html


def test_a_fade_in_check_ins_reaches_the_weekly_plan(couple, alex_client):
    _decline(couple.alex)
    plan = alex_client.get(f"/api/practice/{couple.id}/plan").json()
    reasons = " ".join(p["reason"] for p in plan["practices"]).lower()
    assert "check-in" in reasons or "closeness" in reasons, reasons


def test_the_closeness_chart_uses_the_seven_step_scale_people_answered_on(couple, alex_client):
    _decline(couple.alex)
    html = alex_client.get(f"/r/{couple.id}/trends/").content.decode()
    chart = html[html.index('id="chart-closeness"') :]
    chart = chart[: chart.index("</svg>")]
    ticks = re.findall(r'class="chart__tick"[^>]*>(\d+)</text>', chart)
    assert ticks[:7] == [str(n) for n in range(1, 8)]
    assert "from 1 to 7" in chart
    assert "6.0" in chart  # the steady weeks, as answered, not rescaled to 83
    assert "83" not in re.findall(r"week of [^;<]*? (\d+(?:\.\d)?)", chart)
