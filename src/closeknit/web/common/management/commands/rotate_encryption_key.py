from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from closeknit.web.common.fields import EncryptedTextField


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key in CLOSEKNIT_ENCRYPTION_KEY. "
        "Put the new key first (new,old), run this, then remove the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            with transaction.atomic():
                for row in model._default_manager.only("pk", *fields).iterator():
                    values = {name: getattr(row, name) for name in fields}
                    model._default_manager.filter(pk=row.pk).update(**values)
                    total += 1
        self.stdout.write(f"Re-encrypted {total} rows with the current key.")
