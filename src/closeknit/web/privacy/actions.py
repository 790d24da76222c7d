"""Export and deletion, driven by the personal-data registry."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from closeknit import __version__
from closeknit.web.common.registry import personal_data

EXPORT_FORMAT = 1


def build_export(user: Any) -> dict[str, Any]:
    """Everything ``user`` owns, keyed by the registering app's name."""
    return {
        "format": EXPORT_FORMAT,
        "closeknit_version": __version__,
        "exported_at": timezone.now().isoformat(),
        "data": {entry.name: entry.export(user) for entry in personal_data},
    }


@transaction.atomic
def do_delete_account(user: Any) -> None:
    """Removes the person's data from every app, then the account. All or nothing.

    Memberships end first (the other person keeps the relationship and their own data);
    the deleters run newest-registered first, so apps that depend on memberships clean
    up before memberships go.
    """
    for entry in reversed(list(personal_data)):
        entry.delete(user)
    user.delete()
