"""Django settings for closeknit, read only from environment variables.

Every variable is documented in the README ("Configuring closeknit"). Production defaults
are safe: DEBUG is off, cookies are secure when ``CLOSEKNIT_HTTPS=1``, and secrets that are
not given are generated once into the data directory (mode 0600) rather than hard-coded.
A malformed value stops start-up with a message naming the variable (see ``environment``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from csp.constants import NONE, SELF

from closeknit.web.environment import (
    SettingError,
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
    read_or_create_secret,
)

PACKAGE_DIR = Path(__file__).resolve().parent


def _default_data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "closeknit"


# --- where data lives -------------------------------------------------------------------
# Outside the source tree so that a checkout never holds anyone's answers.
DATA_DIR = Path(env_str("CLOSEKNIT_DATA_DIR", str(_default_data_dir()))).expanduser().resolve()
if str(DATA_DIR).startswith(str(PACKAGE_DIR)):
    raise SettingError(f"CLOSEKNIT_DATA_DIR={str(DATA_DIR)!r} is inside the source tree: move it.")
DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)

# --- secrets ----------------------------------------------------------------------------
SECRET_KEY = env_secret("CLOSEKNIT_SECRET_KEY") or read_or_create_secret(
    DATA_DIR / "secret_key", lambda: secrets.token_urlsafe(50)
)


def _new_fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode("ascii")


# A comma-separated list: the first key encrypts, all keys decrypt (rotation with MultiFernet).
CLOSEKNIT_ENCRYPTION_KEYS = [
    key.strip()
    for key in (
        env_secret("CLOSEKNIT_ENCRYPTION_KEY")
        or read_or_create_secret(DATA_DIR / "encryption_key", _new_fernet_key)
    ).split(",")
    if key.strip()
]

for _position, _key in enumerate(CLOSEKNIT_ENCRYPTION_KEYS, start=1):
    try:
        from cryptography.fernet import Fernet

        Fernet(_key.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise SettingError(
            f"CLOSEKNIT_ENCRYPTION_KEY: key {_position} is not a Fernet key (32 url-safe "
            "base64-encoded bytes); make one with `python -c 'from cryptography.fernet import "
            "Fernet; print(Fernet.generate_key().decode())'`."
        ) from None

# --- core switches ----------------------------------------------------------------------
DEBUG = env_bool("CLOSEKNIT_DEBUG", False)
HTTPS = env_bool("CLOSEKNIT_HTTPS", False)
ALLOWED_HOSTS = env_list("CLOSEKNIT_ALLOWED_HOSTS", ("localhost", "127.0.0.1", "[::1]"))
CSRF_TRUSTED_ORIGINS = env_list("CLOSEKNIT_CSRF_TRUSTED_ORIGINS")
SITE_NAME = env_str("CLOSEKNIT_SITE_NAME", "closeknit")
# Where "Quick exit" sends people: an ordinary, neutral page. Only a navigation target;
# no page of ours ever loads anything from it.
QUICK_EXIT_URL = env_str("CLOSEKNIT_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
if not QUICK_EXIT_URL.startswith("https://"):
    raise SettingError(f"CLOSEKNIT_QUICK_EXIT_URL={QUICK_EXIT_URL!r} must be an https:// URL.")

# Where people reach this installation; used in e-mails sent without a request to ask
# (reminders). Defaults to what `make run` serves.
CLOSEKNIT_PUBLIC_URL = env_str("CLOSEKNIT_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
if not CLOSEKNIT_PUBLIC_URL.startswith(("http://", "https://")):
    raise SettingError(
        f"CLOSEKNIT_PUBLIC_URL={CLOSEKNIT_PUBLIC_URL!r} must start with http:// or https://,"
        " e.g. https://closeknit.example.org"
    )
# The region whose help resources are shown when a person has not chosen one.
DEFAULT_REGION = env_str("CLOSEKNIT_DEFAULT_REGION", "GB")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before allauth so that our templates (its layout included) win.
    "closeknit.web.common",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    # Serves the API docs' Swagger UI from our own static files instead of a CDN.
    "ninja",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    # closeknit, one app per context
    "closeknit.web.accounts",
    "closeknit.web.relationships",
    "closeknit.web.safety",
    "closeknit.web.privacy",
    "closeknit.web.checkups",
    "closeknit.web.checkins",
    "closeknit.web.practice",
    "closeknit.web.learn",
    "closeknit.web.chats",
    "closeknit.web.counsel",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "closeknit.web.common.middleware.security_headers",
    "closeknit.web.common.middleware.user_timezone",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "closeknit.web.urls"
WSGI_APPLICATION = "closeknit.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "closeknit.web.common.context_processors.site",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------
_database_url = env_secret("DATABASE_URL")
if _database_url:
    DATABASES = {"default": database_from_url(_database_url)}
else:
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at BEGIN
    # so two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "closeknit.sqlite3",
            # Each server thread keeps its connection (opening one and running the PRAGMAs
            # on every request cost about a millisecond); autocommit holds no snapshot open.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Tests use a file too, so that threads in a live server share one real database.
            "TEST": {"NAME": str(DATA_DIR / "test-closeknit.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process (rate limits must hold across web workers).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "closeknit_cache",
    }
}

# --- accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, reading the signed-in user cheaply (accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "closeknit.web.accounts.backends.ModelBackend",
    "closeknit.web.accounts.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "closeknit.web.accounts.hashers.CloseknitArgon2Hasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "relationships-list"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "closeknit.web.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "closeknit.web.accounts.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one address per five minutes; ten a minute from one address.
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("CLOSEKNIT_RATE_LIMITS", True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# Sessions are rows in the shared database, so logging out or the quick exit ends one in
# every server process at once; this engine is Django's ``db`` one with a leaner read.
SESSION_ENGINE = "closeknit.web.common.sessions"
SESSION_COOKIE_AGE = env_int("CLOSEKNIT_SESSION_DAYS", 14, minimum=1, maximum=90) * 86400
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- e-mail -----------------------------------------------------------------------------
_email_backend = env_choice(
    "CLOSEKNIT_EMAIL_BACKEND", ("console", "file", "smtp", "locmem"), "console"
)
EMAIL_BACKEND = f"django.core.mail.backends.{_email_backend}.EmailBackend"
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("CLOSEKNIT_FROM_EMAIL", "closeknit <closeknit@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("CLOSEKNIT_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("CLOSEKNIT_SMTP_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("CLOSEKNIT_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_secret("CLOSEKNIT_SMTP_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("CLOSEKNIT_SMTP_STARTTLS", True)
EMAIL_TIMEOUT = 20

# --- background tasks -------------------------------------------------------------------
# The database backend lets every web process enqueue and any number of `db_worker`
# processes run the work; "immediate" runs tasks inline (tests, single-process debugging).
_task_backend = env_choice("CLOSEKNIT_TASK_BACKEND", ("database", "immediate"), "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[_task_backend],
        "QUEUES": ["default"],
    }
}

# --- uploads ---------------------------------------------------------------------------
# No request keeps an uploaded file, in memory or on disk, unless its view installs a handler
# of its own (only the chat upload does, and keeps it in memory): a multipart body sent
# anywhere else has its file parts read in small pieces and dropped. One file per request.
FILE_UPLOAD_HANDLERS = ["closeknit.web.common.uploads.DropFiles"]
DATA_UPLOAD_MAX_NUMBER_FILES = 1

# --- chat analyses -----------------------------------------------------------------------
# The largest chat export a person may upload, in MB. It is read and analysed in memory, in
# the request (the chat is never stored): about 1 s and 0.5 GB of memory per 20 MB.
CLOSEKNIT_CHAT_UPLOAD_MAX_MB = env_int("CLOSEKNIT_CHAT_UPLOAD_MAX_MB", 32, minimum=1, maximum=512)
# How many chats one person may analyse per hour (failed tries count too).
CLOSEKNIT_CHAT_ANALYSES_PER_HOUR = env_int(
    "CLOSEKNIT_CHAT_ANALYSES_PER_HOUR", 20, minimum=1, maximum=10_000
)

# --- internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("CLOSEKNIT_STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not env_bool("CLOSEKNIT_STATIC_MANIFEST", True)

# --- security headers -------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# "same-origin", not "no-referrer": Chromium sends "Origin: null" on POSTs under
# no-referrer, which Django's CSRF check rightly rejects. Other sites still get nothing.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CLOSEKNIT_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("CLOSEKNIT_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CLOSEKNIT_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("CLOSEKNIT_HSTS_PRELOAD", True)
if env_bool("CLOSEKNIT_BEHIND_PROXY", False):
    # Only behind a proxy that sets this header itself; otherwise clients could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind a proxy every request comes from the proxy's address, so allauth's limits on
    # failed logins would count everyone together (one person's typos, or an attacker,
    # could lock all out). Take the client's address from X-Forwarded-For instead, as many
    # hops from the right as there are proxies we run (never more: the rest is forgeable).
    ALLAUTH_TRUSTED_PROXY_COUNT = env_int("CLOSEKNIT_PROXY_COUNT", 1, minimum=1, maximum=5)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- errors and logs --------------------------------------------------------------------
# Error reports never show POST values (answers, notes, passwords), even with DEBUG on.
DEFAULT_EXCEPTION_REPORTER_FILTER = "closeknit.web.common.reporting.SensitiveDataFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "closeknit.web.common.reporting.ScrubRequestFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["scrub"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("CLOSEKNIT_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR", "propagate": True},
        "django.security": {"level": "WARNING", "propagate": True},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
