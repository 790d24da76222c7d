"""Real browser journeys: sign up, invite, join, quick exit (with and without JavaScript)."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings

from web.browser.conftest import log_in, sign_up
from web.conftest import make_person

pytestmark = pytest.mark.browser


def test_alex_signs_up_invites_blair_and_blair_joins(open_browser_page):
    alex_page, _ = open_browser_page()
    sign_up(alex_page, "Alex", "alex@example.org")
    alex_page.get_by_role("link", name="Start a relationship").click()
    alex_page.get_by_label("My partner").check()
    alex_page.get_by_role("button", name="Create").click()
    alex_page.get_by_role("button", name="Make an invitation link").click()
    link = alex_page.get_by_label("Invitation link").input_value()
    assert "/invite/" in link

    blair_page, _ = open_browser_page()
    blair_page.goto(link)
    assert "Alex invites you" in blair_page.content()
    blair_page.get_by_role("link", name="Create an account").click()
    sign_up_url = blair_page.url
    assert "next=" in sign_up_url
    sign_up(blair_page, "Blair", "blair@example.org", here=True)
    # After confirming the address Blair is back on the invitation.
    assert "/invite/" in blair_page.url
    blair_page.get_by_role("button", name="Join Alex").click()
    blair_page.wait_for_url(re.compile(r"/r/[0-9a-f-]+/$"))
    assert blair_page.get_by_role("heading", level=1).inner_text() == "You and Alex"

    alex_page.reload()
    assert alex_page.get_by_role("heading", level=1).inner_text() == "You and Blair"


def _logged_out(page) -> bool:
    response = page.request.get("/relationships/", max_redirects=0)
    return response.status == 302


def test_pressing_shift_three_times_leaves_at_once_and_ends_the_session(open_browser_page):
    make_person("casey")
    page, log = open_browser_page()
    log_in(page, "casey@example.com")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(settings.QUICK_EXIT_URL)
    assert log.quick_exits == [settings.QUICK_EXIT_URL]
    deadline = time.monotonic() + 5
    while not _logged_out(page) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _logged_out(page)
    # The page we left is not in history: Back does not return to closeknit.
    assert page.evaluate("history.length") <= 3


def test_the_quick_exit_button_works_without_javascript(open_browser_page):
    make_person("casey")
    page, log = open_browser_page(java_script_enabled=False)
    log_in(page, "casey@example.com")
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url(settings.QUICK_EXIT_URL)
    assert log.quick_exits[-1] == settings.QUICK_EXIT_URL
    assert _logged_out(page)


def test_typing_capital_letters_never_triggers_quick_exit(open_browser_page):
    make_person("casey")
    page, log = open_browser_page()
    log_in(page, "casey@example.com")
    page.goto("/account/settings/")
    field = page.get_by_label("Your name")
    field.fill("")
    for letter in "AnnE MaRy":  # Shift pressed for every capital, letters in between
        if letter.isupper():
            page.keyboard.down("Shift")
            page.keyboard.press(f"Key{letter}")
            page.keyboard.up("Shift")
        else:
            page.keyboard.type(letter)
    assert field.input_value() == "AnnE MaRy"
    assert log.quick_exits == []
    assert "/account/settings/" in page.url
