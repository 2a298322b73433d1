"""One environment-driven settings file (healthchecks style).

SQLite in the user's data directory by default; ``DB=postgres`` switches to
PostgreSQL with the usual DB_* variables. Bad values raise ImproperlyConfigured.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from platformdirs import user_data_path

from daifa.web import hosts
from daifa.web.private import private_sqlite

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value not in {"true", "false", "1", "0", "yes", "no"}:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in {"true", "1", "yes"}


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


DATA_DIR = Path(os.getenv("DAIFA_DATA_DIR", str(user_data_path("daifa", appauthor=False))))

# The workbench is a personal tool that listens on 127.0.0.1. Anything else
# (another address, or no declared address, as under a bare `gunicorn
# daifa.web.wsgi`) needs a real secret key and login: see daifa.web.hosts.
SECRET_KEY = os.getenv("SECRET_KEY", hosts.DEFAULT_SECRET_KEY)
DEBUG = envbool("DEBUG", "false")
# The address `daifa serve --host` binds; empty when something else serves us.
SERVE_HOST = os.getenv("DAIFA_HOST", "").strip()
ALLOWED_HOSTS = [h for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
_SERVED_AS = hosts.allowed_host_for(SERVE_HOST)
if _SERVED_AS is not None and _SERVED_AS not in ALLOWED_HOSTS:
    # The address `daifa serve` prints must answer, not 400.
    ALLOWED_HOSTS.append(_SERVED_AS)
# When true (`daifa serve` on 127.0.0.1, ::1 or localhost, and CLI commands) the
# single local user is signed in automatically; when false, every page asks for
# login.
LOCAL_MODE = envbool("DAIFA_LOCAL_MODE", "false")
if LOCAL_MODE and SERVE_HOST and not hosts.is_local_host(SERVE_HOST):
    raise ImproperlyConfigured(
        f"DAIFA_LOCAL_MODE (automatic sign-in) is only for 127.0.0.1, ::1 and localhost, "
        f"not {SERVE_HOST}. / 自动登录只用于 127.0.0.1、::1 和 localhost，不能用于 {SERVE_HOST}。"
    )
if not LOCAL_MODE and (_key_problem := hosts.secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"{_key_problem}. Off 127.0.0.1 every page requires login and a secret key of 32+ "
        "random characters: set SECRET_KEY (or serve with `daifa serve` on 127.0.0.1). / "
        "非本机地址必须登录并设置 SECRET_KEY（至少 32 个随机字符），或在 127.0.0.1 上用 "
        "`daifa serve`。"
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "daifa.accounts",
    "daifa.catalog",
    "daifa.costs",
    "daifa.screening",
    "daifa.sourcing",
    "daifa.monitoring",
    "daifa.buying",
    "daifa.lifecycle",
    "daifa.evidence",
    "daifa.verification",
    "ninja",  # its Swagger UI files, served locally (no CDN)
    "daifa.api",
]

MIDDLEWARE = [
    "daifa.api.middleware.JsonErrorsMiddleware",  # outermost: JSON errors under /api/
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "daifa.accounts.middleware.LocalUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "daifa.web.middleware.ContentSecurityPolicyMiddleware",
    "daifa.web.middleware.WorkspaceTimeZoneMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the wait page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "daifa.web.urls"
WSGI_APPLICATION = "daifa.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Each importer slice (daifa/importers/<source>/) carries its own templates.
        "DIRS": [BASE_DIR / "web" / "templates", *sorted(BASE_DIR.glob("importers/*/templates"))],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The page shell's tags (base.html): daifa.web is not an app.
            "libraries": {"shell": "daifa.web.shell"},
        },
    },
]

DB = os.getenv("DB", "sqlite")
if DB == "sqlite":
    # Folder 0700, database (and so its WAL/SHM) 0600, before anything connects.
    private_sqlite(Path(os.getenv("DB_NAME", str(DATA_DIR / "daifa.sqlite3"))))
    DATABASES: dict[str, dict[str, Any]] = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.getenv("DB_NAME", str(DATA_DIR / "daifa.sqlite3")),
            # WAL lets pages read while an import writes; a larger page cache and
            # memory-mapped reads keep list pages fast on 10,000+ suppliers.
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Each server thread keeps its connection between requests (Django's
            # default closes it after each): opening one, with the PRAGMAs above
            # and SQLite reading the schema, is ~1.3 ms of CPU a request, and a
            # closed connection drops the page cache it had warmed.
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "600"),
            "CONN_HEALTH_CHECKS": True,
        }
    }
elif DB == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.getenv("DB_NAME", "daifa"),
            "USER": os.getenv("DB_USER", "postgres"),
            "PASSWORD": os.getenv("DB_PASSWORD", ""),
            "HOST": os.getenv("DB_HOST", "127.0.0.1"),
            "PORT": envint("DB_PORT", "5432"),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "0"),
            "TEST": {"NAME": os.getenv("DB_TEST_NAME", "test_daifa")},
        }
    }
else:
    raise ImproperlyConfigured(f"DB must be sqlite or postgres, not {DB!r}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "index"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes), off loopback: 5 wrong passwords for one
# username from one address lock that pair out for 15 minutes, during which
# even the right password is refused. Counting per username *and* address
# means a stranger cannot lock the seller out from elsewhere. Only REMOTE_ADDR
# is trusted (no X-Forwarded-For), so the count cannot be dodged by a header.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = not LOCAL_MODE
AXES_FAILURE_LIMIT = envint("DAIFA_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("DAIFA_LOGIN_LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during the lockout do not extend it, so the page's "N minutes" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "daifa.accounts.lockout.locked_out"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "web" / "static"]
STATIC_ROOT = (
    os.getenv("DAIFA_STATIC_ROOT") or None
)  # only for collectstatic; whitenoise serves from the apps
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the app folders so `daifa demo` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The seller's orders feed the kpi_* criteria. The monitoring app reads them; the
# screening, below it, asks for its frame by this name (daifa.screening.inputs).
DAIFA_ORDERS_FRAME = "daifa.monitoring.adapters.engine_orders_for"

# Long jobs (imports of 100,000 rows) run in a worker that `daifa serve` starts
# beside the web server; the queue lives in the database, so no other server.
TASKS = {
    "default": {"BACKEND": os.getenv("DAIFA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
# Job progress is written outside the import's transaction, to files every
# process can read.
CACHES = {
    "default": {
        # Django's file cache, culling cheaply, with room for every page of a
        # 10,000-supplier workspace in both languages (see daifa.web.cache).
        "BACKEND": "daifa.web.cache.PageFileCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CHECK_EVERY": 100},
    },
    # A workspace's engine input frames, for the profile's what-if preview (which
    # screens the same data again at every move of a weight): per process, a few.
    "frames": {
        "BACKEND": "daifa.web.cache.ObjectCache",
        "LOCATION": "daifa-frames",
        "OPTIONS": {"MAX_ENTRIES": 4},
    },
}
UPLOAD_DIR = DATA_DIR / "uploads"
# Django's own file storage (and the import uploads, see importers.spreadsheet.services) write 0600.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send the token header
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Errors go to the terminal that runs `daifa serve`; the workbench has no mail.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}
