"""A full together-mode round in Chromium: Alex and Blair in two browser contexts.

Alex draws a question and seals an answer; Blair's page, its source and the API show
only that Alex answered; Blair answers; both see both answers at once; Alex replies and
Blair sees it. Every request of both contexts is recorded and must stay on the app.
"""

from __future__ import annotations

import re

import pytest

from web.browser.conftest import log_in
from web.conftest import make_person, pass_screen

pytestmark = pytest.mark.browser

ALEX_ANSWER = "The morning we missed the train and laughed about it"
BLAIR_ANSWER = "When you listened to my long story without checking your phone"


def test_a_together_round_with_both_people(open_browser_page):
    from closeknit.web.relationships.actions import do_create_relationship
    from closeknit.web.relationships.models import Membership

    alex_user, blair_user = make_person("alex"), make_person("blair")
    alex_membership = do_create_relationship(alex_user, "partner")
    blair_membership = Membership.objects.create(
        user=blair_user, relationship=alex_membership.relationship
    )
    pass_screen(alex_membership)
    pass_screen(blair_membership)
    path = f"/r/{alex_membership.relationship_id}/together/"
    api = f"/api/practice/{alex_membership.relationship_id}/together"

    alex, alex_log = open_browser_page()
    blair, blair_log = open_browser_page()
    log_in(alex, "alex@example.com")
    log_in(blair, "blair@example.com")

    alex.goto(path)
    alex.get_by_role("button", name="Draw a new question").click()
    question = alex.locator(".question__text").first.inner_text()
    alex.get_by_label(re.compile("Your answer")).fill(ALEX_ANSWER)
    alex.get_by_role("button", name="Seal my answer").click()
    assert "Sealed" in alex.content()

    blair.goto(path)
    assert question in blair.content()
    assert "Alex has answered." in blair.content()
    assert ALEX_ANSWER not in blair.content()
    assert ALEX_ANSWER not in blair.request.get(path).text()  # the page source
    sealed = blair.request.get(api).json()
    assert sealed["state"] == "waiting_for_you"
    assert sealed["their_answer"] is None
    assert ALEX_ANSWER not in str(sealed)

    blair.get_by_label(re.compile("Your answer")).fill(BLAIR_ANSWER)
    blair.get_by_role("button", name="Seal my answer").click()
    for page in (alex, blair):
        page.goto(path)
        content = page.content()
        assert ALEX_ANSWER in content
        assert BLAIR_ANSWER in content

    alex.get_by_label("A short reply").fill("Let's do that again")
    alex.get_by_role("button", name="Reply").click()
    blair.reload()
    assert "Let's do that again" in blair.content()
    assert blair.request.get(api).json()["state"] == "revealed"

    for log in (alex_log, blair_log):
        assert log.requests, "the recorder saw the requests"
        assert all(url.startswith(log.origin) for url in log.requests)


def test_practice_and_check_in_pages_have_no_serious_accessibility_violations(open_browser_page):
    """axe-core on every new page, with demo data (charts, warning, revealed round)."""
    import io

    from axe_playwright_python.sync_playwright import Axe
    from django.core.management import call_command

    from closeknit.web.accounts.models import User

    call_command("seed_demo", stdout=io.StringIO())
    alex = User.objects.get(email="alex@example.com")
    rid = _relationship_of(alex)
    page, _ = open_browser_page()
    log_in(page, "alex@example.com", "closeknit-demo-alex")
    problems = {}
    for suffix in (
        "practice/",
        "practice/active_listening/",
        "plan/",
        "questions/",
        "together/",
        "checkin/",
        "journal/",
        "trends/",
        "reminders/",
    ):
        response = page.goto(f"/r/{rid}/{suffix}")
        assert response is not None
        assert response.status == 200, suffix
        results = Axe().run(page)
        assert results.response["passes"], "axe-core did not run"
        serious = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[suffix] = serious
    assert problems == {}


def _relationship_of(user):
    from closeknit.web.relationships.models import Membership

    return Membership.objects.get(user=user).relationship_id
