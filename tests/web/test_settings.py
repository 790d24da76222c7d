"""Settings come only from the environment, and a bad value stops start-up loudly."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from closeknit.web.environment import (
    SettingError,
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    read_or_create_secret,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("off", False), ("0", False)]
)
def test_env_bool_reads_the_usual_spellings(raw, expected):
    assert env_bool("X", not expected, {"X": raw}) is expected


def test_env_bool_names_the_variable_and_the_bad_value():
    with pytest.raises(SettingError, match=r"CLOSEKNIT_DEBUG='maybe'"):
        env_bool("CLOSEKNIT_DEBUG", False, {"CLOSEKNIT_DEBUG": "maybe"})


def test_env_int_rejects_a_word_and_an_out_of_range_number():
    with pytest.raises(SettingError, match=r"PORT='eighty'.*whole number"):
        env_int("PORT", 8000, {"PORT": "eighty"})
    with pytest.raises(SettingError, match=r"at most 65535"):
        env_int("PORT", 8000, {"PORT": "70000"}, maximum=65535)
    assert env_int("PORT", 8000, {}) == 8000


def test_env_list_splits_on_commas_and_rejects_empty_items():
    assert env_list("H", (), {"H": " a.example , b.example"}) == ["a.example", "b.example"]
    with pytest.raises(SettingError, match="empty item"):
        env_list("H", (), {"H": "a,,b"})


def test_env_choice_lists_what_is_allowed():
    with pytest.raises(SettingError, match="console, smtp"):
        env_choice("MAIL", ("console", "smtp"), "console", {"MAIL": "carrier-pigeon"})


def test_a_secret_may_come_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    assert env_secret("KEY", {"KEY_FILE": str(secret)}) == "s3cret"


def test_a_secret_given_twice_or_from_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(SettingError, match="Both KEY and KEY_FILE"):
        env_secret("KEY", {"KEY": "a", "KEY_FILE": "/nowhere"})
    with pytest.raises(SettingError, match="KEY_FILE='/nowhere/key' cannot be read"):
        env_secret("KEY", {"KEY_FILE": "/nowhere/key"})


def test_a_generated_secret_is_written_once_and_only_readable_by_its_owner(tmp_path):
    path = tmp_path / "data" / "secret_key"
    first = read_or_create_secret(path, lambda: "generated")
    second = read_or_create_secret(path, lambda: "other")
    assert first == second == "generated"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_postgres_url_becomes_database_settings():
    db = database_from_url("postgres://ck:p%40ss@db.local:5433/closeknit?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "closeknit",
        "ck",
        "p@ss",
        "db.local",
        "5433",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_a_database_url_for_another_engine_is_refused():
    with pytest.raises(SettingError, match="must start with postgres://"):
        database_from_url("mysql://u:p@h/db")


def test_argon2_hashes_passwords_in_production():
    from django.utils.module_loading import import_string

    import closeknit.web.settings as production

    first = import_string(production.PASSWORD_HASHERS[0])
    assert first.algorithm == "argon2"
    assert first.memory_cost >= 19_456  # OWASP's floor for Argon2id


def test_the_embedded_database_is_sqlite_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "import json; from django.conf import settings; d = settings.DATABASES['default'];"
        "print(json.dumps([d['ENGINE'], d['OPTIONS']]))"
    )
    env = _clean_env(tmp_path, DJANGO_SETTINGS_MODULE="closeknit.web.settings")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    engine, options = json.loads(out.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_the_embedded_database_really_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"  # DATABASE_URL run: nothing SQLite to check
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_the_data_directory_is_outside_the_source_tree():
    import closeknit.web.settings as production

    assert not str(production.DATA_DIR).startswith(str(REPO / "src"))


def _manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "closeknit", "manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLOSEKNIT_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["CLOSEKNIT_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return env


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = _clean_env(tmp_path, CLOSEKNIT_HTTPS="1", CLOSEKNIT_ALLOWED_HOSTS="closeknit.example.org")
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_malformed_variable_stops_start_up_with_its_name(tmp_path):
    result = _manage(["check"], _clean_env(tmp_path, CLOSEKNIT_DEBUG="perhaps"))
    assert result.returncode != 0
    assert "CLOSEKNIT_DEBUG='perhaps'" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG)"
    env = _clean_env(tmp_path, DJANGO_SETTINGS_MODULE="closeknit.web.settings")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_a_malformed_encryption_key_stops_start_up_without_echoing_it(tmp_path):
    result = _manage(
        ["check"], _clean_env(tmp_path, CLOSEKNIT_ENCRYPTION_KEY="not-a-key-SECRETISH")
    )
    assert result.returncode != 0
    assert "CLOSEKNIT_ENCRYPTION_KEY: key 1 is not a Fernet key" in result.stderr
    assert "SECRETISH" not in result.stderr


def test_a_public_url_without_a_scheme_stops_start_up_naming_the_variable(tmp_path):
    env = _clean_env(tmp_path, CLOSEKNIT_PUBLIC_URL="closeknit.example.org")
    result = _manage(["check"], env)
    assert result.returncode != 0
    assert "CLOSEKNIT_PUBLIC_URL='closeknit.example.org'" in result.stderr


def _setting(tmp_path: Path, expression: str, **extra: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    env = _clean_env(tmp_path, DJANGO_SETTINGS_MODULE="closeknit.web.settings", **extra)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_behind_a_proxy_login_limits_count_each_client_not_the_proxy(tmp_path):
    from allauth.account.adapter import get_adapter
    from django.test import RequestFactory, override_settings

    assert _setting(tmp_path, "getattr(settings, 'ALLAUTH_TRUSTED_PROXY_COUNT', 0)") == "0"
    behind = {"CLOSEKNIT_BEHIND_PROXY": "1"}
    assert _setting(tmp_path, "settings.ALLAUTH_TRUSTED_PROXY_COUNT", **behind) == "1"
    assert (
        _setting(
            tmp_path, "settings.ALLAUTH_TRUSTED_PROXY_COUNT", CLOSEKNIT_PROXY_COUNT="2", **behind
        )
        == "2"
    )
    # What allauth then does with it: the address the proxy saw, not a forged first hop.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        assert get_adapter().get_client_ip(request) == "203.0.113.7"
    assert get_adapter().get_client_ip(request) == "10.0.0.2"


def test_a_proxy_count_out_of_range_stops_start_up_naming_the_variable(tmp_path):
    env = _clean_env(tmp_path, CLOSEKNIT_BEHIND_PROXY="1", CLOSEKNIT_PROXY_COUNT="0")
    result = _manage(["check"], env)
    assert result.returncode != 0
    assert "CLOSEKNIT_PROXY_COUNT" in result.stderr
