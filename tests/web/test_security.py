"""Security headers, a strict CSP that the pages actually obey, quick exit, and error
reports that never show what people typed."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

MAIN_PAGES = [
    ("anon", "/"),
    ("anon", "/accounts/login/"),
    ("anon", "/accounts/signup/"),
    ("anon", "/accounts/password/reset/"),
    ("anon", "/help/"),
    ("alex", "/relationships/"),
    ("alex", "/relationships/new/"),
    ("alex", "/r/{id}/"),
    ("alex", "/r/{id}/leave/"),
    ("alex", "/r/{id}/safety/?retake=1"),
    ("alex", "/r/{id}/safety/result/"),
    ("alex", "/r/{id}/chats/"),
    ("alex", "/r/{id}/counsellor/"),
    ("alex", "/counsel/"),
    ("alex", "/account/settings/"),
    ("alex", "/account/data/"),
    ("alex", "/account/delete/"),
    ("alex", "/accounts/2fa/"),
    ("alex", "/accounts/password/change/"),
]


def _directives(header: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in header.split(";")
        if part.strip()
    }


def test_the_content_security_policy_is_strict(anon_client, db):
    policy = _directives(anon_client.get("/")["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in " ".join(policy.values())
    assert "http" not in " ".join(policy.values())  # no third-party origin anywhere


def test_other_security_headers_are_set(anon_client, db):
    response = anon_client.get("/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("persona", "path"), MAIN_PAGES)
def test_pages_have_no_inline_script_style_or_foreign_origin(
    persona, path, couple, people, client_for
):
    response = client_for(people[persona]).get(path.format(id=couple.id))
    assert response.status_code == 200, path
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "<style" not in html
    assert not re.search(r'\sstyle="', html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers are blocked by the CSP"
    for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
        # Only links a person clicks may point elsewhere (help services); nothing loads.
        assert re.search(rf'<a [^>]*href="{re.escape(url)}"', html), url
    assert 'action="/exit/"' in html
    assert "Quick exit" in html


def test_quick_exit_ends_the_session_and_leaves_for_a_neutral_site(alex_client, settings, couple):
    response = alex_client.post("/exit/")
    assert response.status_code == 200
    assert response["Refresh"] == f"0;url={settings.QUICK_EXIT_URL}"
    assert settings.QUICK_EXIT_URL.encode() in response.content
    assert b"closeknit" not in response.content.lower()  # the page itself says nothing
    assert alex_client.get(f"/r/{couple.id}/").status_code == 302  # logged out


def test_error_reports_hide_every_posted_value(rf: RequestFactory, settings):
    request = rf.post("/r/x/safety/", {"sa_fear_01": "3", "note": "he shouts", "next": "/home/"})
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        reporter = ExceptionReporter(request, type(exc), exc, exc.__traceback__)
        text = reporter.get_traceback_text()
    assert "he shouts" not in text
    assert "sa_fear_01" in text
    assert "3" not in re.findall(r"sa_fear_01.*", text)[0].split("=")[-1]
    assert "/home/" in text  # an allow-listed field stays readable


def test_log_records_lose_the_request_body(rf, caplog):
    request = rf.post("/x/", {"note": "private words"})
    logger = logging.getLogger("django.request")
    from closeknit.web.common.reporting import ScrubRequestFilter

    record = logger.makeRecord(
        "django.request", logging.ERROR, __file__, 1, "failed", (), None, extra={"request": request}
    )
    ScrubRequestFilter().filter(record)
    assert record.request == "POST /x/"


def test_failed_logins_are_rate_limited(anon_client, alex):
    from web.conftest import PASSWORD

    for _ in range(5):
        anon_client.post("/accounts/login/", {"login": "alex@example.com", "password": "wrong"})
    response = anon_client.post(
        "/accounts/login/", {"login": "alex@example.com", "password": PASSWORD}
    )
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in anon_client.session  # even the right password waits


def test_quick_exit_works_even_with_a_stale_csrf_token(alex, couple):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alex, backend="closeknit.web.accounts.backends.ModelBackend")
    response = client.post("/exit/", {"csrfmiddlewaretoken": "stale"})
    assert response.status_code == 200
    assert "Refresh" in response
    assert client.get(f"/r/{couple.id}/").status_code == 302


def test_the_api_docs_load_nothing_from_a_cdn(anon_client, db):
    response = anon_client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.findall(r'(?:src|href)="https?://', html)
