"""Every practice and check-in page renders for the demo couple, with the demo content."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from closeknit.web.accounts.models import User
from closeknit.web.relationships.models import Membership

PAGES = (
    "practice/",
    "practice/active_listening/",
    "plan/",
    "questions/",
    "together/",
    "checkin/",
    "journal/",
    "trends/",
    "reminders/",
)


@pytest.fixture
def demo(db, client_for):
    call_command("seed_demo", stdout=io.StringIO())
    alex = User.objects.get(email="alex@example.com")
    blair = User.objects.get(email="blair@example.com")
    rid = Membership.objects.get(user=alex).relationship_id
    return client_for(alex), client_for(blair), rid


@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders_for_the_demo_couple(demo, page):
    alex_client, _, rid = demo
    response = alex_client.get(f"/r/{rid}/{page}")
    assert response.status_code == 200, response.content[:500]


def test_the_demo_trends_show_alex_s_fading_closeness_with_rebuilding_steps(demo):
    alex_client, blair_client, rid = demo
    html = alex_client.get(f"/r/{rid}/trends/").content.decode()
    assert "Closeness has been fading lately" in html
    assert "Steps that may help" in html
    assert (
        "Closeness has been fading lately"
        not in blair_client.get(f"/r/{rid}/trends/").content.decode()
    )


def test_the_demo_journal_shows_blair_only_alex_s_shared_entry(demo):
    _, blair_client, rid = demo
    html = blair_client.get(f"/r/{rid}/journal/").content.decode()
    assert "Walking to the station together" in html
    assert "kept my worries to myself" not in html


def test_the_demo_together_round_is_revealed_to_both(demo):
    alex_client, blair_client, rid = demo
    for client in (alex_client, blair_client):
        html = client.get(f"/r/{rid}/together/").content.decode()
        assert "windows open and no phones" in html
        assert "long walk by the river" in html
