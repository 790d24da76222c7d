"""Personal API tokens: ``ck_`` + 32 random bytes, stored hashed, checked in constant time
by lookup on the hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from closeknit.web.accounts.models import ApiToken, User

PREFIX = "ck_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def do_create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the stored row and the plain token (the only time it exists)."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name.strip() or "API token", token_hash=_hash(token)
    )
    return row, token


def user_for_api_token(token: str) -> Any | None:
    if not token.startswith(PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    # Record use at most every few minutes: a write per API call would queue on SQLite.
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
