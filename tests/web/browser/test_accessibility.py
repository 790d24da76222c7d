"""axe-core finds no serious or critical accessibility problems on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from web.browser.conftest import log_in
from web.chats.test_chats import CHAT
from web.conftest import make_person, pass_screen

pytestmark = pytest.mark.browser

ANONYMOUS_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/help/",
    "/learn/",
    "/learn/trust/",
    "/learn/comfortable_silence/",
]
MEMBER_PAGES = [
    "/relationships/",
    "/relationships/new/",
    "/r/{id}/",
    "/r/{id}/leave/",
    "/r/{id}/safety/?retake=1",
    "/r/{id}/safety/result/",
    "/r/{id}/chats/",
    "/r/{id}/chats/{analysis}/",
    "/r/{id}/counsellor/",
    "/counsel/",
    "/account/settings/",
    "/account/data/",
    "/account/delete/",
]


def _serious(page) -> list[str]:
    results = Axe().run(page)
    assert results.response["passes"], "axe-core did not run"
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_main_pages_have_no_serious_accessibility_violations(open_browser_page):
    from closeknit.web.chats.actions import check_analyse_export
    from closeknit.web.relationships.actions import do_create_relationship

    alex = make_person("alex")
    membership = do_create_relationship(alex, "partner")
    pass_screen(membership)
    analysis = check_analyse_export(
        membership,
        CHAT.encode(),
        "chat.txt",
        between=None,
        keep_examples=True,
        time_zone="Europe/London",
    )
    page, _ = open_browser_page()
    problems: dict[str, list[str]] = {}
    for path in ANONYMOUS_PAGES:
        page.goto(path)
        problems[path] = _serious(page)
    log_in(page, "alex@example.com")
    for path in MEMBER_PAGES:
        url = path.format(id=membership.relationship_id, analysis=analysis.id)
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        problems[url] = _serious(page)
    assert {url: p for url, p in problems.items() if p} == {}
