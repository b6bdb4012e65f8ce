"""Production settings, what `zizhu serve` runs unless told `--dev`: the development settings,
hardened.

- DEBUG is off whatever the environment says.
- SECRET_KEY comes from the environment, else from `$ZIZHU_VAR_DIR/secret_key`, generated on
  the first start (mode 0600) and reused on every later one (zizhu.environment).
- ZIZHU_HTTPS=1 (or `zizhu serve --https`) says the site is served behind a reverse proxy that
  ends HTTPS, sets X-Forwarded-Proto and appends the client to X-Forwarded-For: then cookies
  are sent over HTTPS only, plain HTTP is redirected, browsers are told to keep to HTTPS (HSTS)
  and the sign-in lock counts the client's address, not the proxy's. Without it the site is
  plain HTTP (a demo on 127.0.0.1, a closed office network), and `check --deploy` says so.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from zizhu.environment import SecretKeyFileError, env_bool, secret_key_from_var
from zizhu.settings import *  # noqa: F403
from zizhu.settings import VAR_DIR

DEBUG = False
try:
    SECRET_KEY = secret_key_from_var(VAR_DIR)
except SecretKeyFileError as refused:
    raise ImproperlyConfigured(str(refused)) from refused

BEHIND_HTTPS_PROXY = env_bool("ZIZHU_HTTPS", False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
