"""The Checkup in a real browser: two people from sign-up to the joint view, and the
Checkup done with the keyboard alone (Tab, Space and Enter)."""

from __future__ import annotations

import re

import pytest

from web.browser.conftest import log_in, sign_up
from web.conftest import make_person, pass_screen

pytestmark = pytest.mark.browser


def _take_safety_screen(page, relationship_path: str) -> None:
    """Answers the private check with the lowest point ("Never") throughout: negative."""
    page.goto(f"{relationship_path}safety/")
    for fieldset in page.locator("fieldset").all():
        radios = fieldset.locator("input[type=radio]")
        if radios.count():
            radios.first.check()
    page.get_by_role("button", name="Save my answers privately").click()
    page.wait_for_url(re.compile(r"/safety/result/"))
    assert "saved privately" in page.content()


def _take_checkup(page, relationship_path: str, point: int) -> None:
    """Answers every statement with the ``point``-th label (0-based), section by section."""
    page.goto(f"{relationship_path}checkup/")
    page.get_by_role("button", name=re.compile("Start the Checkup")).click()
    while "/report/" not in page.url:
        assert re.search(r"Section \d+ of \d+", page.content())
        for fieldset in page.locator("fieldset").all():
            fieldset.locator("input[type=radio]").nth(point).check()
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Save and continue|Finish")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your report"


def test_two_people_sign_up_take_the_checkup_and_see_the_joint_view(open_browser_page):
    alex, _ = open_browser_page()
    sign_up(alex, "Alex", "alex@example.org")
    alex.get_by_role("link", name="Start a relationship").click()
    alex.get_by_label("My partner").check()
    alex.get_by_role("button", name="Create").click()
    alex.get_by_role("button", name="Make an invitation link").click()
    link = alex.get_by_label("Invitation link").input_value()
    relationship_path = re.search(r"(/r/[0-9a-f-]+/)", alex.url).group(1)

    blair, _ = open_browser_page()
    sign_up(blair, "Blair", "blair@example.org")
    blair.goto(link)
    blair.get_by_role("button", name="Join Alex").click()
    blair.wait_for_url(re.compile(r"/r/[0-9a-f-]+/$"))

    for page in (alex, blair):
        _take_safety_screen(page, relationship_path)

    _take_checkup(alex, relationship_path, point=4)
    # Sealed: Blair learns only that Alex has finished.
    blair.goto(f"{relationship_path}checkup/")
    assert "Finished" in blair.content()
    blair.goto(f"{relationship_path}checkup/together/")
    assert "opens once both of you have finished" in blair.content()

    _take_checkup(blair, relationship_path, point=1)
    for page, other in ((alex, "Blair"), (blair, "Alex")):
        page.goto(f"{relationship_path}checkup/together/")
        assert page.get_by_role("heading", level=1).inner_text() == f"You and {other}: two views"
        assert page.locator("svg[role=img]").count() == 2
        assert "Where you see things differently" in page.content()
        assert f"{other} rated" not in page.content()


def _focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName, type: e.type || '',"
        " name: e.name || '', value: e.value || '', text: (e.innerText || '').trim()}; }"
    )


def _tab_to(page, wanted, limit: int = 400) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
    raise AssertionError("never reached the wanted control with Tab")


def test_the_checkup_works_with_the_keyboard_alone(open_browser_page):
    from closeknit.instruments import load_instrument
    from closeknit.web.checkups.models import Take
    from closeknit.web.relationships.actions import do_create_relationship

    alex = make_person("alex")
    membership = do_create_relationship(alex, "partner")
    pass_screen(membership)
    page, _ = open_browser_page()
    log_in(page, "alex@example.com")
    page.goto(f"/r/{membership.relationship_id}/checkup/")
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and "Start the Checkup" in f["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/1/")
    sections = load_instrument("checkup").sections
    for number in range(1, len(sections) + 1):
        assert f"Section {number} of {len(sections)}" in page.content()
        groups = page.locator("fieldset").count()
        chosen = 0
        while True:
            focused = _tab_to(
                page,
                lambda f: f["type"] == "radio" or (f["tag"] == "BUTTON" and f["value"] == "next"),
            )
            if focused["type"] == "radio":
                page.keyboard.press("Space")
                chosen += 1
                continue
            break
        assert chosen == groups
        with page.expect_navigation():
            page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/report/$"))
    take = Take.objects.get()
    assert take.is_finished
    checkup = load_instrument("checkup")
    # Tab lands on the first point of each group; Space chooses it.
    assert take.answers == {it.id: it.scale.minimum for it in checkup.items}
