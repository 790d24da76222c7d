"""Tiny typed readers for environment variables, used by :mod:`closeknit.web.settings`.

Every reader takes the variable's name and a default. A malformed value never falls back
silently: it raises :class:`SettingError` naming the variable, the bad value and what would
be accepted. A secret ``NAME`` may instead be given as a file path in ``NAME_FILE`` (the
Docker/systemd-credentials convention); the file's content, stripped, is the value.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class SettingError(ImproperlyConfigured):
    """An environment variable holds a value the app cannot use."""


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    """The variable's value, or ``default`` when it is unset."""
    env = os.environ if environ is None else environ
    return env.get(name, default)


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """``1/true/yes/on`` or ``0/false/no/off`` (any case); anything else is an error."""
    env = os.environ if environ is None else environ
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingError(f"{name}={raw!r} is not a yes/no value: use 1 or 0 (or true/false).")


def env_int(
    name: str,
    default: int,
    environ: Mapping[str, str] | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    """A whole number, optionally within ``minimum..maximum``."""
    env = os.environ if environ is None else environ
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingError(
            f"{name}={raw!r} is not a whole number, for example {default}."
        ) from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name}={raw!r} is too small: use at least {minimum}.")
    if maximum is not None and value > maximum:
        raise SettingError(f"{name}={raw!r} is too large: use at most {maximum}.")
    return value


def env_list(
    name: str, default: tuple[str, ...] = (), environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; blanks around items are ignored, empty items are an error."""
    env = os.environ if environ is None else environ
    raw = env.get(name)
    if raw is None:
        return list(default)
    if raw.strip() == "":
        return []
    items = [part.strip() for part in raw.split(",")]
    if any(item == "" for item in items):
        raise SettingError(f"{name}={raw!r} has an empty item: separate values with single commas.")
    return items


def env_secret(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``; ``None`` if neither.

    Giving both is an error (which one would win is a guess); so is an unreadable or empty file.
    """
    env = os.environ if environ is None else environ
    direct = env.get(name)
    path = env.get(f"{name}_FILE")
    if direct is not None and path is not None:
        raise SettingError(f"Both {name} and {name}_FILE are set: keep only one of them.")
    if path is not None:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingError(
                f"{name}_FILE={path!r} cannot be read ({exc.strerror}): check the path."
            ) from None
        if not value:
            raise SettingError(f"{name}_FILE={path!r} is empty: put the secret in that file.")
        return value
    if direct is not None and direct.strip() == "":
        raise SettingError(f"{name} is set but empty: give a value or unset it.")
    return direct


def env_choice(
    name: str, choices: tuple[str, ...], default: str, environ: Mapping[str, str] | None = None
) -> str:
    """One of ``choices`` (case-sensitive)."""
    value = env_str(name, default, environ)
    if value not in choices:
        raise SettingError(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def database_from_url(url: str, name: str = "DATABASE_URL") -> dict[str, object]:
    """Django ``DATABASES['default']`` for a ``postgres://user:pass@host:port/db`` URL.

    Only PostgreSQL is accepted (SQLite is the default when no URL is given). Query
    parameters become connection ``OPTIONS`` (for example ``sslmode=require``).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SettingError(
            f"{name} must start with postgres:// (got scheme {parts.scheme!r}); "
            "unset it to use the embedded SQLite database."
        )
    db = unquote(parts.path.lstrip("/"))
    if not db:
        raise SettingError(f"{name} names no database: add it after the host, as in .../closeknit.")
    try:
        port = parts.port
    except ValueError:
        raise SettingError(f"{name} has a port that is not a number.") from None
    options: dict[str, str] = {}
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        options[unquote(key)] = unquote(value)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": db,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def read_or_create_secret(path: Path, generate: object) -> str:
    """The secret stored in ``path``; created (mode 0600) with ``generate()`` when absent.

    Creation uses ``O_EXCL`` so two processes starting together agree on one secret.
    """
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    value = generate()  # type: ignore[operator]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process won the race; wait briefly for it to finish writing.
        for _ in range(50):
            existing = path.read_text(encoding="utf-8").strip()
            if existing:
                return existing
            time.sleep(0.02)
        raise SettingError(
            f"{path} exists but is empty: delete it so a new secret is made."
        ) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(str(value) + "\n")
    return str(value)
