"""axe-core finds no serious or critical problems on the Checkup, report, joint view and
Pulse pages (run on real pages with charts and data)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from web.browser.conftest import log_in
from web.checkups.helpers import answers_where, finish_checkup, high_closeness, low_closeness
from web.conftest import make_person, pass_screen

pytestmark = pytest.mark.browser


def _serious(page) -> list[str]:
    results = Axe().run(page)
    assert results.response["passes"], "axe-core did not run"
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_checkup_pages_have_no_serious_accessibility_violations(open_browser_page):
    from datetime import date, timedelta

    from closeknit.web.checkups.actions import check_submit_pulse, do_start_take
    from closeknit.web.relationships.actions import do_create_relationship
    from closeknit.web.relationships.models import Membership
    from web.checkups.helpers import pulse_answers

    alex, blair = make_person("alex"), make_person("blair")
    ma = do_create_relationship(alex, "partner")
    mb = Membership.objects.create(user=blair, relationship=ma.relationship)
    pass_screen(ma)
    pass_screen(mb)
    finish_checkup(ma, answers_where(low_closeness))
    take = finish_checkup(ma, answers_where(high_closeness))
    finish_checkup(mb, answers_where(low_closeness))
    for n in range(6):
        check_submit_pulse(ma, pulse_answers(1 + n % 5), today=date.today() - timedelta(weeks=n))
    open_take = do_start_take(ma)
    rid = ma.relationship_id
    pages = [
        f"/r/{rid}/checkup/",
        f"/r/{rid}/checkup/{open_take.id}/1/",
        f"/r/{rid}/checkup/{open_take.id}/2/",
        f"/r/{rid}/checkup/{take.id}/report/",
        f"/r/{rid}/checkup/together/",
        f"/r/{rid}/pulse/",
        f"/r/{rid}/pulse/trend/",
        f"/r/{rid}/",
    ]
    page, _ = open_browser_page()
    log_in(page, "alex@example.com")
    problems = {}
    for url in pages:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        # Open the table alternatives too, so they are checked as well.
        for summary in page.locator("details > summary").all():
            summary.click()
        problems[url] = _serious(page)
    assert {url: p for url, p in problems.items() if p} == {}
