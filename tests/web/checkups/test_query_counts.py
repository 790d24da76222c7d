"""The report and Pulse pages make a fixed, small number of queries (bench/web.py's three
requests). A page that starts asking the database the same thing twice, or once per row,
fails here instead of silently costing every request.

Every signed-in request first reads its session and its user (two queries); every
relationship page then loads the relationship's active members in one query.
"""

from __future__ import annotations

from typing import Any

import pytest

from web.checkups.helpers import (
    answers_where,
    finish_checkup,
    high_closeness,
    low_closeness,
    pulse_answers,
)

pytestmark = pytest.mark.django_db

# session, user, the relationship's active members
SIGNED_IN_MEMBER = 3


def _report_url(couple: Any, take: Any) -> str:
    return f"/r/{couple.id}/checkup/{take.id}/report/"


def _pulse_form(point: int) -> dict[str, str]:
    return {k: str(v) for k, v in pulse_answers(point).items()}


def test_the_report_page_makes_eight_queries(couple, alex_client, django_assert_num_queries):
    take = finish_checkup(couple.alex, answers_where(high_closeness))
    finish_checkup(couple.blair, answers_where(low_closeness))
    # + the member's takes, their own screen, whether the other has finished, and whether
    # each of the two has a screen for the joint state (one prepared read per member)
    with django_assert_num_queries(SIGNED_IN_MEMBER + 5):
        response = alex_client.get(_report_url(couple, take))
    assert response.status_code == 200
    assert "See your two views together" in response.content.decode()


def test_a_report_with_an_earlier_checkup_makes_no_more_queries(
    couple, alex_client, django_assert_num_queries
):
    finish_checkup(couple.alex, answers_where(low_closeness))
    take = finish_checkup(couple.alex, answers_where(high_closeness))
    finish_checkup(couple.blair, answers_where(low_closeness))
    with django_assert_num_queries(SIGNED_IN_MEMBER + 5):
        response = alex_client.get(_report_url(couple, take))
    assert response.status_code == 200
    assert "Since your Checkup of" in response.content.decode()


def test_the_pulse_page_makes_four_queries(couple, alex_client, django_assert_num_queries):
    alex_client.post(f"/r/{couple.id}/pulse/", _pulse_form(3))
    # + this week's Pulse
    with django_assert_num_queries(SIGNED_IN_MEMBER + 1):
        response = alex_client.get(f"/r/{couple.id}/pulse/")
    assert response.status_code == 200
    assert "already saved a Pulse this week" in response.content.decode()


def test_saving_the_pulse_again_is_one_update(couple, alex_client, django_assert_num_queries):
    alex_client.post(f"/r/{couple.id}/pulse/", _pulse_form(3))
    # + the UPDATE inside its transaction (BEGIN and COMMIT; a savepoint pair in a test)
    with django_assert_num_queries(SIGNED_IN_MEMBER + 3) as captured:
        response = alex_client.post(f"/r/{couple.id}/pulse/", _pulse_form(4))
    assert response.status_code == 302
    pulse_sql = [q["sql"] for q in captured.captured_queries if "checkups_pulse" in q["sql"]]
    assert [sql.split()[0] for sql in pulse_sql] == ["UPDATE"]
