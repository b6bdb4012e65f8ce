"""Django settings for zizhu, read from the environment through small typed helpers.

These are the development settings (`zizhu serve --dev`, the tests, the command line);
`zizhu.settings_production` hardens them for `zizhu serve`. docs/security.md explains both.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from zizhu.environment import env_bool, env_str, var_dir

# The working folder's var/ holds the SQLite database, error files and demo data.
VAR_DIR = var_dir()

SECRET_KEY = env_str("SECRET_KEY", "zizhu-insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "zizhu.core",
    "zizhu.intake",
    "zizhu.registry",
    "zizhu.sources",
    "zizhu.loans",
    "zizhu.hardship",
    "zizhu.aid",
    "zizhu.audit",
    "zizhu.payments",
    "zizhu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zizhu.web.sessions.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zizhu.web.labels.LabelsMiddleware",
    # Last, as django-axes asks: it turns a sign-in refused by the lock into a 429.
    "axes.middleware.AxesMiddleware",
]
ROOT_URLCONF = "zizhu.urls"


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'zizhu.sqlite3'}"
    # Connections are kept between requests: opening one costs more than a page's queries
    # (SQLite re-reads the schema and starts with an empty page cache).
    config: dict[str, object] = dict(
        dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers work while an import writes; IMMEDIATE makes writers queue
        # instead of failing half-way on a lock upgrade.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-200000;",
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The UI is Chinese only and our words are written in Chinese directly (no translation layer);
# USE_I18N stays on for Django's own messages (validation, admin, dates) in zh-hans.
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Where import error files go unless a caller says otherwise.
ERRORS_DIR = Path(env_str("ZIZHU_ERRORS_DIR", str(VAR_DIR / "errors")))

# The limits on files read (zizhu.intake.limits, docs/security.md "Uploads"): a bureau larger
# than Zhanjiang sets them from the environment (a county roster of Chongqing's size is
# about 240 MB as CSV).
ZIZHU_IMPORT_MAX_MB = int(env_str("ZIZHU_IMPORT_MAX_MB", "200"))
ZIZHU_IMPORT_MAX_EXPANDED_MB = int(env_str("ZIZHU_IMPORT_MAX_EXPANDED_MB", "1024"))
ZIZHU_IMPORT_MAX_ROWS = int(env_str("ZIZHU_IMPORT_MAX_ROWS", "2000000"))
ZIZHU_IMPORT_MAX_CELL_CHARS = int(env_str("ZIZHU_IMPORT_MAX_CELL_CHARS", "2000"))

# The web application (zizhu.web): templates, static files, sign-in and sessions.
PROJECT_DIR = Path(__file__).resolve().parents[2]
# The shipped 行政区划 and policy catalogue files (the repository's catalogues/): the demo
# loads them, an operator may load them as they are.
CATALOGUES_DIR = Path(env_str("ZIZHU_CATALOGUES_DIR", str(PROJECT_DIR / "catalogues")))
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
                "zizhu.web.context.membership",
                "zizhu.web.context.site",
            ]
        },
    }
]
STATIC_URL = "/static/"
# ECharts comes from the npm registry at set-up (package.json); node_modules is not committed.
_ECHARTS_DIR = PROJECT_DIR / "node_modules" / "echarts" / "dist"
STATICFILES_DIRS = [("echarts", _ECHARTS_DIR)] if _ECHARTS_DIR.is_dir() else []
# WhiteNoise serves static files from the apps and STATICFILES_DIRS directly: there is no
# STATIC_ROOT, no collectstatic step and no separate web server.
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 30 * 60
# 30 minutes of inactivity, not 30 minutes after sign-in: zizhu.web.sessions pushes the expiry
# back (at most once a minute, rather than Django's SESSION_SAVE_EVERY_REQUEST).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Sign-in lock (django-axes, made atomic by zizhu.web.logins): this many failed sign-ins lock
# the user name, whatever the address they came from, for LOGIN_LOCKOUT_MINUTES after the last
# of them; LOGIN_MAX_FAILURES_PER_ADDRESS failures from one client address, whatever the user
# names, lock that address as well. Raise the address limit for offices that share one
# address behind a NAT (docs/security.md).
LOGIN_MAX_FAILURES = 5
LOGIN_MAX_FAILURES_PER_ADDRESS = 5
LOGIN_LOCKOUT_MINUTES = 15
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked user name or address first
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "zizhu.web.logins.LoginLockHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: a user name OR an address
# Read from LOGIN_* when used, so that the LOGIN_* settings are the only ones to change.
AXES_FAILURE_LIMIT = "zizhu.web.logins.failure_limit"
AXES_COOLOFF_TIME = "zizhu.web.logins.lockout_window"
AXES_RESET_ON_SUCCESS = False  # zizhu.web.logins clears only the signed-in name's own failures
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused tries do not lengthen a lock
AXES_LOCKOUT_CALLABLE = "zizhu.web.views.auth.locked_out"
AXES_CLIENT_IP_CALLABLE = "zizhu.web.logins.client_address"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are audit events (web.login); no second log of them
AXES_VERBOSE = False
# Only the production settings set this (ZIZHU_HTTPS): then the client's address is the one
# the proxy appended to X-Forwarded-For, and the proxy's own address is not everyone's.
BEHIND_HTTPS_PROXY = False

# Content-Security-Policy (django-csp): scripts and styles only from this site's own static
# files, no inline script, no eval, nothing framed, no plugins, forms post only here. Inline
# style *attributes* are allowed: ECharts writes them into its tooltips; no <style> element is.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
# Our own Chinese page when a form's CSRF check fails (Django's is in English).
CSRF_FAILURE_VIEW = "zizhu.web.views.errors.csrf_failure"

# Shared by every web worker and the background worker (files under var/cache): page sums
# over a whole city, keyed on the newest audit event (zizhu.web.caching), and the progress of
# background jobs.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("ZIZHU_CACHE_DIR", str(VAR_DIR / "cache")),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# Imports, entitle, exports and audits run in the background: `zizhu serve` starts a worker.
TASKS = {"default": {"BACKEND": env_str("ZIZHU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Uploaded files wait here for the background import.
UPLOADS_DIR = Path(env_str("ZIZHU_UPLOADS_DIR", str(VAR_DIR / "uploads")))
