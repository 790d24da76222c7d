"""Encryption at rest for sensitive free text (answers, notes, safety screens).

Keys come from ``settings.CLOSEKNIT_ENCRYPTION_KEYS`` (``CLOSEKNIT_ENCRYPTION_KEY`` or
``_FILE``, a comma-separated list; otherwise a key generated once in the data directory).
The first key encrypts; every key decrypts, so rotating is: put a new key first, run
``closeknit manage rotate_encryption_key``, then drop the old one.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


class DecryptionError(Exception):
    """Stored ciphertext does not open with any configured key (wrong or missing key)."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise DecryptionError("No encryption key is configured: set CLOSEKNIT_ENCRYPTION_KEY.")
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.CLOSEKNIT_ENCRYPTION_KEYS))


def encrypt_text(plain: str) -> str:
    return fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise DecryptionError(
            "Stored text cannot be decrypted with the configured keys; "
            "was CLOSEKNIT_ENCRYPTION_KEY changed without keeping the old key?"
        ) from None


def rotate_token(token: str) -> str:
    """Re-encrypts ``token`` with the first (current) key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: object) -> None:
    if setting == "CLOSEKNIT_ENCRYPTION_KEYS":
        _fernet.cache_clear()
