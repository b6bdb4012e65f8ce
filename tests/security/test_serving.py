"""Serving: `zizhu serve` runs the production settings unless told `--dev`; the secret key is
generated once into the var folder, readable by its owner only, and reused; HTTPS settings
only behind the HTTPS proxy (`--https`, ZIZHU_HTTPS); a Content-Security-Policy that runs no
inline script; `check --deploy` clean."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.cli import finish, zizhu
from tests.security.conftest import PASSWORD

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "zizhu" / "web" / "templates"
CHROMIUM = "/usr/bin/chromium"
HTTPS_ONLY_CHECKS = {"security.W004", "security.W008", "security.W012", "security.W016"}


def production(var: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh Python with the production settings loaded."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "zizhu.settings_production",
                   "ZIZHU_VAR_DIR": str(var), **env}  # fmt: skip
    for name in ("SECRET_KEY", "ZIZHU_HTTPS", "DEBUG"):
        if name not in env:
            environment.pop(name, None)
    program = "import django; django.setup(); from django.conf import settings as s\n" + code
    return subprocess.run([sys.executable, "-c", program], env=environment,
                          capture_output=True, text=True, check=False)  # fmt: skip


def setting_values(var: Path, *names: str, **env: str) -> dict[str, Any]:
    done = production(var, f"import json; print(json.dumps({{n: getattr(s, n, None) for n in "
                           f"{list(names)!r}}}, default=str))", **env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    values: dict[str, Any] = json.loads(done.stdout)
    return values


# The secret key.


def test_the_first_start_writes_a_key_only_its_owner_may_read_and_later_starts_reuse_it(
    tmp_path: Path,
):
    first = setting_values(tmp_path, "SECRET_KEY")["SECRET_KEY"]
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() == first and len(first) >= 50
    assert setting_values(tmp_path, "SECRET_KEY")["SECRET_KEY"] == first
    assert "insecure" not in first


def test_a_secret_key_in_the_environment_wins_and_no_file_is_written(tmp_path: Path):
    key = "k" * 30 + "-from-the-environment-of-the-server"
    assert setting_values(tmp_path, "SECRET_KEY", SECRET_KEY=key)["SECRET_KEY"] == key
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_key_file_others_may_read_is_refused(tmp_path: Path, mode: int):
    setting_values(tmp_path, "SECRET_KEY")
    (tmp_path / "secret_key").chmod(mode)
    done = production(tmp_path, "print(s.SECRET_KEY)")
    assert done.returncode != 0 and "ImproperlyConfigured" in done.stderr
    assert "chmod 600" in done.stderr and done.stdout == ""


def test_a_damaged_key_file_is_refused(tmp_path: Path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("short\n")
    key_file.chmod(0o600)
    done = production(tmp_path, "print(s.SECRET_KEY)")
    assert done.returncode != 0 and "不是有效的密钥" in done.stderr


def test_processes_starting_at_once_agree_on_one_key(tmp_path: Path):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "zizhu.settings_production",
                   "ZIZHU_VAR_DIR": str(tmp_path)}  # fmt: skip
    environment.pop("SECRET_KEY", None)
    program = ("import django; django.setup(); from django.conf import settings; "
               "print(settings.SECRET_KEY)")  # fmt: skip
    starts = [subprocess.Popen([sys.executable, "-c", program], env=environment,
                               stdout=subprocess.PIPE, text=True) for _ in range(8)]  # fmt: skip
    keys = {start.communicate(timeout=120)[0].strip() for start in starts}
    assert len(keys) == 1 and keys == {(tmp_path / "secret_key").read_text().strip()}
    assert [p.name for p in tmp_path.iterdir() if "secret_key" in p.name] == ["secret_key"]


# Production settings, with and without the HTTPS proxy.


def test_production_is_never_in_debug_mode_and_says_nothing_of_https_unless_told(tmp_path: Path):
    values = setting_values(tmp_path, "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                            "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
                            "SECURE_SSL_REDIRECT", "BEHIND_HTTPS_PROXY", DEBUG="1")  # fmt: skip
    assert values == {"DEBUG": False, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False,
                      "SECURE_HSTS_SECONDS": 0, "SECURE_PROXY_SSL_HEADER": None,
                      "SECURE_SSL_REDIRECT": False, "BEHIND_HTTPS_PROXY": False}  # fmt: skip


def test_behind_the_https_proxy_cookies_are_secure_and_hsts_is_on(tmp_path: Path):
    values = setting_values(tmp_path, "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                            "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
                            "SECURE_SSL_REDIRECT", "BEHIND_HTTPS_PROXY",
                            ZIZHU_HTTPS="1")  # fmt: skip
    assert values == {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
                      "SECURE_HSTS_SECONDS": 31536000,
                      "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
                      "SECURE_SSL_REDIRECT": True, "BEHIND_HTTPS_PROXY": True}  # fmt: skip


def check_deploy(var: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "zizhu.settings_production",
                   "ZIZHU_VAR_DIR": str(var), **env}  # fmt: skip
    for name in ("SECRET_KEY", "ZIZHU_HTTPS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_check_deploy_is_clean_for_the_production_settings_behind_https(tmp_path: Path):
    done = check_deploy(tmp_path, ZIZHU_HTTPS="1")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_check_deploy_without_https_warns_of_https_only(tmp_path: Path):
    # Plain HTTP is a choice (a demo on 127.0.0.1, a closed network): the deploy check says
    # what that costs, and nothing else.
    done = check_deploy(tmp_path)
    assert set(re.findall(r"\((\w+\.W\d+)\)", done.stderr)) == HTTPS_ONLY_CHECKS


# The real server.


def test_zizhu_serve_runs_the_production_settings_and_keeps_sessions_over_a_restart(
    start_server: Any,
):
    server = start_server(DEBUG="1")  # production ignores DEBUG
    missing = server.request("GET", "/no-such-page/")
    assert missing.status == 404 and "页面不存在" in missing.body
    assert "Page not found" not in missing.body and "URLconf" not in missing.body
    page = server.request("GET", "/login/")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in page.headers
    assert not any("Secure" in c for c in page.headers.get_all("Set-Cookie") or [])
    key_file = server.var / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text()
    signed = server.sign_in("wang", PASSWORD)
    assert signed.status == 302
    session = {"sessionid": signed.cookies["sessionid"]}
    server.stop()
    again = start_server()
    home = again.request("GET", "/", cookies=session)
    assert home.status == 302 and "/login/" not in home.headers["Location"]
    assert key_file.read_text() == key


def test_zizhu_serve_dev_runs_the_development_settings(start_server: Any):
    server = start_server("--dev", DEBUG="1")
    missing = server.request("GET", "/no-such-page/")
    assert missing.status == 404 and "URLconf" in missing.body  # Django's debug page
    assert not (server.var / "secret_key").exists()


def test_zizhu_serve_https_redirects_plain_http_and_sends_hsts_and_secure_cookies(
    start_server: Any,
):
    server = start_server("--https")
    plain = server.request("GET", "/login/")
    assert plain.status == 301 and plain.headers["Location"].startswith("https://")
    page = server.request("GET", "/login/", headers={"X-Forwarded-Proto": "https"})
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload")  # fmt: skip
    cookies = page.headers.get_all("Set-Cookie") or []
    assert cookies and all("Secure" in c for c in cookies)


def test_zizhu_serve_refuses_dev_with_https_and_a_key_file_others_may_read(
    database: str, tmp_path: Path
):
    finish(zizhu(database, tmp_path, "serve", "--dev", "--https"), expect=2)
    key_file = tmp_path / "secret_key"
    key_file.write_text("x" * 60)
    key_file.chmod(0o644)
    server = zizhu(database, tmp_path, "serve", "--port", "1")
    stdout, stderr = server.communicate(timeout=120)
    assert server.returncode == 3 and "chmod 600" in stderr.decode()


# The Content-Security-Policy.


def test_the_content_security_policy_runs_only_the_sites_own_scripts(db):  # type: ignore[no-untyped-def]
    header = Client().get(reverse("web:login"))["Content-Security-Policy"]
    policy = {d.split()[0]: d.split()[1:] for d in header.split("; ")}
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert "'unsafe-eval'" not in header and "'unsafe-inline'" not in policy["script-src"]


def test_no_template_holds_an_inline_script_or_an_event_handler():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (template, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert "javascript:" not in text and "hx-on" not in text, template


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="chromium not installed")
def test_a_browser_signs_in_on_the_production_server_with_no_policy_violation(
    start_server: Any,
):
    from playwright.sync_api import sync_playwright

    server = start_server()
    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(locale="zh-CN")
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)  # fmt: skip
        page.goto(f"http://127.0.0.1:{server.port}/login/")
        page.fill("#id_username", "wang")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)
        # The dashboard of a new database: ECharts draws its (empty) chart from the static
        # script, and choosing another term reloads the page without any inline handler.
        page.wait_for_function("document.querySelector('#chart canvas') !== null")
        other = page.locator("select[name=term] option:not([selected])").first.get_attribute(
            "value"
        )
        page.select_option("select[name=term]", other)
        page.wait_for_url(lambda url: f"term={other}" in url)
        page.wait_for_function("document.querySelector('#chart canvas') !== null")
        browser.close()
    assert violations == []
