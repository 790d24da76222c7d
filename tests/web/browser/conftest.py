"""Playwright fixtures: Debian's Chromium against pytest-django's live server.

``page`` records every request the browser makes. A request to any host but the live
server fails the test, except the quick-exit target, which is answered locally (never
fetched) so that leaving can be tested without the network. Helpers sign people up and
log them in through the real pages. Mark tests ``browser`` (``make test-browser``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Browser, Page, sync_playwright

from web.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class NetworkLog:
    """Every URL requested, and those that went (or tried to go) elsewhere."""

    origin: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    quick_exits: list[str] = field(default_factory=list)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def open_page(
    browser: Browser, live_server: Any, **context_options: Any
) -> tuple[Page, NetworkLog]:
    """A new browser context (its own cookies) whose every request is checked."""
    log = NetworkLog(origin=_origin(live_server.url))
    exit_origin = _origin(settings.QUICK_EXIT_URL)
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(15_000)

    def guard(route: Any) -> None:
        url = route.request.url
        log.requests.append(url)
        origin = _origin(url)
        if origin == log.origin or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        elif origin == exit_origin:
            log.quick_exits.append(url)
            route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>Sunny")
        else:
            log.foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    return page, log


@pytest.fixture
def open_browser_page(browser: Browser, live_server: Any, transactional_db: None):
    """``open_browser_page(**context_options) -> (page, log)``; every page's log is checked
    for foreign requests when the test ends."""
    opened: list[tuple[Page, NetworkLog]] = []

    def make(**options: Any) -> tuple[Page, NetworkLog]:
        pair = open_page(browser, live_server, **options)
        opened.append(pair)
        return pair

    yield make
    for page, log in opened:
        page.context.close()
        assert log.foreign == [], f"requests left the app: {log.foreign}"


@pytest.fixture
def page(open_browser_page: Any) -> Page:
    """One checked page (see module docstring)."""
    return open_browser_page()[0]


def verification_link(email: str) -> str:
    """The path of the newest e-mail-confirmation link sent to ``email`` (locmem outbox)."""
    for message in reversed(mail.outbox):
        if email in message.to:
            match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body)
            if match:
                return match.group(1)
    raise AssertionError(f"no verification e-mail to {email}")


def sign_up(
    page: Page, name: str, email: str, password: str = PASSWORD, *, here: bool = False
) -> None:
    """Signs up through the form and confirms the address from the e-mail; ends logged in.
    ``here=True`` uses the sign-up page already open (keeping its ``?next=``)."""
    if not here:
        page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").first.fill(email)
    page.locator("input[name=password1]").fill(password)
    page.locator("input[name=password2]").fill(password)
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    page.goto(verification_link(email))
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()
    page.wait_for_url(re.compile(r"/relationships/|/invite/"))


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form").filter(has=page.locator("input[name=login]")).get_by_role(
        "button", name=re.compile("sign in|log in", re.I)
    ).click()
    page.wait_for_url(re.compile(r"/relationships/"))
