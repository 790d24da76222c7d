"""Model fields that keep their value encrypted in the database."""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from closeknit.web.common.crypto import decrypt_text, encrypt_text


class EncryptedTextField(models.TextField):
    """A text field stored as Fernet ciphertext; Python code sees the plain string.

    The column holds only ciphertext, so it cannot be searched or ordered by value: use it
    for free text people write (answers, notes), never for something you filter on.
    ``None`` stays ``NULL``; the empty string is encrypted like any other value.
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt_text(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return decrypt_text(value)

    def get_internal_type(self) -> str:
        return "TextField"


class EncryptedJSONField(EncryptedTextField):
    """Any JSON-serialisable value, encrypted at rest (for example a dict of answers)."""

    description = "JSON encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt_text(json.dumps(value, sort_keys=True, separators=(",", ":")))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj))
