"""Django settings for zizhu, read from the environment through small typed helpers."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The working folder's var/ holds the SQLite database, error files and demo data.
VAR_DIR = Path(env_str("ZIZHU_VAR_DIR", str(Path.cwd() / "var"))).resolve()

SECRET_KEY = env_str("SECRET_KEY", "zizhu-insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "zizhu.core",
    "zizhu.intake",
    "zizhu.registry",
    "zizhu.sources",
    "zizhu.loans",
    "zizhu.hardship",
    "zizhu.aid",
]

MIDDLEWARE: list[str] = []
ROOT_URLCONF = "zizhu.urls"


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'zizhu.sqlite3'}"
    config: dict[str, object] = dict(dj_database_url.parse(url))
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

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Where import error files go unless a caller says otherwise.
ERRORS_DIR = Path(env_str("ZIZHU_ERRORS_DIR", str(VAR_DIR / "errors")))
