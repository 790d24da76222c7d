"""Authentication backends: Django's and allauth's, with the per-request user read cheap.

Every signed-in request asks its backend's ``get_user`` for the user in the session. The
backends here answer it with a statement prepared once (``common.rows``: the same instance
the ORM builds) instead of compiling ``User.objects.get(pk=...)`` on every request; all
else (passwords, permissions, allauth's e-mail login) is the parent backend's, unchanged.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from closeknit.web.accounts.models import User
from closeknit.web.common.rows import JoinedRows


@cache
def _user_by_pk() -> JoinedRows[User]:
    return JoinedRows(User, equal=("id",))


def _active_user(backend: DjangoModelBackend, user_id: Any) -> User | None:
    """:meth:`ModelBackend.get_user`, reading the row with the prepared statement."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    found = _user_by_pk().fetch(pk)
    if not found:
        return None
    user = found[0]
    return user if backend.user_can_authenticate(user) else None


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        return _active_user(self, user_id)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id: Any) -> User | None:
        return _active_user(self, user_id)
