"""Sensitive free text is ciphertext in the database and survives a key rotation."""

from __future__ import annotations

import io

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from closeknit.web.common.crypto import decrypt_text, encrypt_text
from closeknit.web.safety.models import SafetyScreen
from web.conftest import pass_screen


def _raw_answers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM safety_safetyscreen")
        return cursor.fetchone()[0]


def test_text_round_trips_and_is_not_readable_at_rest():
    token = encrypt_text("I felt unheard on Sunday")
    assert "unheard" not in token
    assert decrypt_text(token) == "I felt unheard on Sunday"


def test_rotating_keys_keeps_old_rows_readable_and_rewrites_them(couple, settings):
    old_key = settings.CLOSEKNIT_ENCRYPTION_KEYS[0]
    before = _raw_answers()
    new_key = Fernet.generate_key().decode()
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new_key, old_key]
    assert SafetyScreen.objects.filter(membership=couple.alex).get().answers == {}
    call_command("rotate_encryption_key", stdout=io.StringIO())
    after = _raw_answers()
    assert after != before
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new_key]  # the old key can now go
    assert SafetyScreen.objects.get(membership=couple.alex).result["positive"] is False
    pass_screen(couple.alex)  # writing still works with only the new key
