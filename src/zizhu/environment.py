"""What the settings read from the environment: small typed helpers, the var folder, and the
production secret key kept in a file of its own there.

No Django here: the settings modules import this before Django is set up, and `zizhu serve`
calls `secret_key_from_var` before it starts its children, so that a bad key file stops it
with one clear message instead of a crash in every worker.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

SECRET_KEY_FILE = "secret_key"


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def var_dir() -> Path:
    """The working folder's var/ (ZIZHU_VAR_DIR): the SQLite database, error files, uploads,
    the cache and the production secret key."""
    return Path(env_str("ZIZHU_VAR_DIR", str(Path.cwd() / "var"))).resolve()


class SecretKeyFileError(Exception):
    """The key file cannot be used; the message is Chinese and says what to do."""


def secret_key_from_var(folder: Path) -> str:
    """SECRET_KEY from the environment, else the key in `folder/secret_key`, generated on the
    first start and read on every later one (sessions and CSRF tokens outlive a restart).

    The file is created readable and writable by its owner only (0600), whole or not at all:
    several processes may start at once, and each either creates it or reads the one that won.
    A file that others may read is refused, as ssh refuses a private key that others may read.
    """
    from_environment = os.environ.get("SECRET_KEY", "")
    if from_environment:
        return from_environment
    path = folder / SECRET_KEY_FILE
    if not path.exists():
        _create(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise SecretKeyFileError(
            f"密钥文件 {path} 的权限为 {mode:04o}，其他用户可以读取：请执行 chmod 600 {path}，"
            "或删除它（所有登录会话随之失效）后重新启动"
        )
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 50:
        raise SecretKeyFileError(f"密钥文件 {path} 的内容不是有效的密钥：请删除它后重新启动")
    return key


def _create(path: Path) -> None:
    """Write a new key to a private temporary file, then link it into place: a process that
    loses the race finds the winner's complete file and leaves it alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(64) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
