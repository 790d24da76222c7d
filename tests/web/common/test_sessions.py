"""Sessions are rows in the shared database, read by ``closeknit.web.common.sessions``: a
session ended anywhere (log out, quick exit) is ended for every server process, and an
expired or unknown session reads as none at all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from closeknit.web.common.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _same_browser(client: Client) -> Client:
    """A second client holding the same session cookie, as a request another server
    process answers would."""
    twin = Client()
    twin.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return twin


def test_the_project_uses_the_database_session_store():
    assert settings.SESSION_ENGINE == "closeknit.web.common.sessions"


def test_a_stored_session_reads_back_whole():
    store = SessionStore()
    store["answer"] = {"kept": [1, 2, 3]}
    store.create()
    again = SessionStore(store.session_key)
    assert again["answer"] == {"kept": [1, 2, 3]}
    assert again.session_key == store.session_key


def test_an_expired_session_reads_as_empty_and_forgets_its_key():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    again = SessionStore(store.session_key)
    assert again.load() == {}
    assert again.session_key is None


def test_an_unknown_session_key_reads_as_empty():
    assert SessionStore("x" * 32).load() == {}


def test_logging_out_ends_the_session_for_every_process(alex_client, couple):
    other_process = _same_browser(alex_client)
    assert other_process.get(f"/r/{couple.id}/pulse/").status_code == 200
    alex_client.post("/accounts/logout/")
    response = other_process.get(f"/r/{couple.id}/pulse/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_quick_exit_ends_the_session_for_every_process(alex_client, couple):
    other_process = _same_browser(alex_client)
    alex_client.post("/exit/")
    response = other_process.get(f"/r/{couple.id}/pulse/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
