"""Writes to accounts (trusted input, atomic)."""

from __future__ import annotations

from django.db import transaction

from closeknit.web.accounts.models import User


@transaction.atomic
def do_update_settings(user: User, *, display_name: str, region: str, timezone: str) -> None:
    user.display_name = display_name.strip()
    user.region = region
    user.timezone = timezone
    user.save(update_fields=["display_name", "region", "timezone"])
