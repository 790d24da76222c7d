"""Shared fixtures for every web test: settings, the cast, logged-in clients.

The cast (ARCHITECTURE.md): **alex** and **blair** are a couple in one relationship (both
past their private safety check, so joint features are open), **casey** is an outsider,
**dana** is a counsellor (no relationship of her own yet), and ``anon`` is a visitor who is
not logged in. Every persona has a verified e-mail address and the password ``PASSWORD``.

Settings: ``DJANGO_SETTINGS_MODULE`` and a throw-away ``CLOSEKNIT_DATA_DIR`` are set here,
before pytest-django sets Django up. Tasks run inline and e-mail lands in
``django.core.mail.outbox``. ``DATABASE_URL`` (``make test-web-pg``) switches to PostgreSQL.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

_DATA_DIR = tempfile.mkdtemp(prefix="closeknit-test-")
atexit.register(shutil.rmtree, _DATA_DIR, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "closeknit.web.settings"
os.environ["CLOSEKNIT_DATA_DIR"] = _DATA_DIR
os.environ["CLOSEKNIT_TASK_BACKEND"] = "immediate"
os.environ["CLOSEKNIT_EMAIL_BACKEND"] = "locmem"
os.environ["CLOSEKNIT_STATIC_MANIFEST"] = "0"
# Playwright's sync API runs an event loop in the test thread; Django's ORM must allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402  (after the environment, which the settings read)
import pytest  # noqa: E402

# pytest-django read DJANGO_SETTINGS_MODULE before this file ran; set Django up now (it
# then only blocks database access outside tests marked for it).
django.setup()

PASSWORD = "a long and careful passphrase 42"
PERSONAS = ("alex", "blair", "casey", "dana")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is right for production (see test_settings) but slow for hundreds of logins.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    # The cache holds rate-limit counters; one test's failed logins must not block the next.
    from django.core.cache import cache

    yield
    with contextlib.suppress(Exception):  # the database may be gone in non-db tests
        cache.clear()


def make_person(name: str, *, email: str | None = None, region: str = "GB") -> Any:
    """A user with a verified e-mail ``<name>@example.com`` and the password ``PASSWORD``."""
    from allauth.account.models import EmailAddress

    from closeknit.web.accounts.models import User

    address = email or f"{name}@example.com"
    user = User.objects.create_user(
        address, PASSWORD, display_name=name.capitalize(), region=region
    )
    EmailAddress.objects.create(user=user, email=address, verified=True, primary=True)
    return user


@pytest.fixture
def alex(db: None) -> Any:
    return make_person("alex")


@pytest.fixture
def blair(db: None) -> Any:
    return make_person("blair")


@pytest.fixture
def casey(db: None) -> Any:
    return make_person("casey")


@pytest.fixture
def dana(db: None) -> Any:
    return make_person("dana")


@dataclass(frozen=True)
class Couple:
    relationship: Any
    alex: Any  # Membership
    blair: Any  # Membership

    @property
    def id(self) -> Any:
        return self.relationship.id


def pass_screen(membership: Any) -> None:
    """Records a negative safety screen for ``membership`` without the scoring core."""
    from closeknit.web.safety.actions import do_record_screen

    do_record_screen(membership, "test", {}, {"positive": False, "urgent": False, "concerns": []})


def fail_screen(membership: Any, concerns: tuple[str, ...] = ("fear",)) -> None:
    """Records a positive safety screen for ``membership`` without the scoring core."""
    from closeknit.web.safety.actions import do_record_screen

    do_record_screen(
        membership, "test", {}, {"positive": True, "urgent": False, "concerns": list(concerns)}
    )


@pytest.fixture
def couple_unscreened(alex: Any, blair: Any) -> Couple:
    """Alex and Blair, partners, before either has taken the private safety check."""
    from closeknit.web.relationships.actions import do_create_relationship
    from closeknit.web.relationships.models import Membership

    alex_membership = do_create_relationship(alex, "partner")
    blair_membership = Membership.objects.create(
        user=blair, relationship=alex_membership.relationship
    )
    return Couple(alex_membership.relationship, alex_membership, blair_membership)


@pytest.fixture
def couple(couple_unscreened: Couple) -> Couple:
    """Alex and Blair, partners, both past the safety check: joint features are open."""
    pass_screen(couple_unscreened.alex)
    pass_screen(couple_unscreened.blair)
    return couple_unscreened


@pytest.fixture
def people(alex: Any, blair: Any, casey: Any, dana: Any) -> dict[str, Any]:
    """Every persona by name; ``anon`` maps to ``None``."""
    return {"alex": alex, "blair": blair, "casey": casey, "dana": dana, "anon": None}


@pytest.fixture
def client_for(db: None) -> Callable[[Any], Any]:
    """``client_for(user)`` is a test client logged in as ``user`` (``None``: anonymous)."""
    from django.test import Client

    def make(user: Any) -> Any:
        client = Client()
        if user is not None:
            client.force_login(user, backend="closeknit.web.accounts.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def alex_client(client_for: Callable[[Any], Any], alex: Any) -> Any:
    return client_for(alex)


@pytest.fixture
def blair_client(client_for: Callable[[Any], Any], blair: Any) -> Any:
    return client_for(blair)


@pytest.fixture
def casey_client(client_for: Callable[[Any], Any], casey: Any) -> Any:
    return client_for(casey)


@pytest.fixture
def anon_client(client_for: Callable[[Any], Any]) -> Any:
    return client_for(None)


# --- concurrency ------------------------------------------------------------------------


def session_cookie_for(user: Any) -> dict[str, str]:
    """Cookies of a fresh logged-in session for ``user`` (for an HTTP client on a live server)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="closeknit.web.accounts.backends.ModelBackend")
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def run_concurrently(jobs: list[Callable[[], Any]], timeout: float = 60.0) -> list[Any]:
    """Runs every job in its own thread, released together by a barrier; returns results in
    order and re-raises the first exception. Each thread closes its database connections."""
    from django.db import connections

    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def worker(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout)
            results[i] = job()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def live_app(live_server: Any, transactional_db: None) -> Any:
    """The app served by a real multi-threaded server on a real database (file SQLite or
    PostgreSQL), for concurrency tests: ``live_app.url`` and
    ``live_app.client_for(user)`` (an ``httpx.Client`` with that user's session and CSRF)."""
    import httpx
    from django.conf import settings

    class LiveApp:
        url = live_server.url

        def client_for(self, user: Any) -> httpx.Client:
            cookies = session_cookie_for(user) if user is not None else {}
            client = httpx.Client(base_url=live_server.url, cookies=cookies, timeout=30.0)
            client.get("/help/")  # any page with a form sets the CSRF cookie
            token = client.cookies.get(settings.CSRF_COOKIE_NAME, "")
            client.headers["X-CSRFToken"] = token
            return client

    return LiveApp()


__all__ = [
    "PASSWORD",
    "PERSONAS",
    "Couple",
    "django",
    "fail_screen",
    "make_person",
    "pass_screen",
    "run_concurrently",
    "session_cookie_for",
]
