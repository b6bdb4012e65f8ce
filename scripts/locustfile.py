"""The web load, for locust (headless, on loopback): officers reading the busiest pages, and
(with ZIZHU_LOAD_HOSTILE=1) a few users uploading hostile files meanwhile.

    ZIZHU_PASSWORD=... ZIZHU_LOAD_USER=loadtest locust -f scripts/locustfile.py --headless \
        --host http://127.0.0.1:8123 --users 20 --spawn-rate 20 --run-time 60s --only-summary

Readers ask, in turn and without pause (20 users without think time are a few hundred
officers at work), for the dashboard, the student search, an aid list, the payments page,
the findings and the year report. Hostile uploaders (one in ten users, signed in as the
school officer ZIZHU_LOAD_SCHOOL_USER) send, in turn: a workbook built to expand to 300 MB, a
file of 300,000 short rows, a roster naming another school's students under a decoy header,
and a CSV with a 100,000-character cell. Each upload is accepted for a background job and
refused there; the readers' p95 is what must hold. scripts/load.sh runs both and samples
the server's memory.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

from locust import HttpUser, between, task

PASSWORD = os.environ.get("ZIZHU_PASSWORD", "")
READER = os.environ.get("ZIZHU_LOAD_USER", "loadtest")
SCHOOL = os.environ.get("ZIZHU_LOAD_SCHOOL_USER", "loadschool")
HOSTILE = os.environ.get("ZIZHU_LOAD_HOSTILE") == "1"
PAGES = [
    ("dashboard", "/dashboard/"),
    ("students", "/students/?q=%E6%9D%8E"),  # ?q=李
    ("aid list", "/aid/SEN_GRANT/"),
    ("payments", "/payments/"),
    ("findings", "/findings/"),
    ("year report", "/report/"),
]
ROSTER_HEADER = "学期,学校标识码,学籍号,姓名,性别,身份证件号,学段,年级,户籍地代码"


def _sign_in(user: HttpUser, username: str) -> None:
    page = user.client.get("/login/", name="sign-in").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no CSRF token on the sign-in page")
    response = user.client.post(
        "/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{user.host}/login/"},
        allow_redirects=False,
        name="sign-in",
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in failed for {username}: HTTP {response.status_code}")


class Officer(HttpUser):
    """An officer reading the pages one after another."""

    weight = 9

    def on_start(self) -> None:
        _sign_in(self, READER)
        self.turn = 0

    @task
    def next_page(self) -> None:
        name, path = PAGES[self.turn % len(PAGES)]
        self.turn += 1
        self.client.get(path, name=name)


def _hostile_files(folder: Path) -> list[Path]:
    bomb = folder / "名册.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as shared:
            for _ in range(300):
                shared.write(b"A" * 2**20)
    many = folder / "三十万行.csv"
    many.write_text(ROSTER_HEADER + "\n" + "2019-2,0000000000,,某\n" * 300_000, encoding="utf-8")
    decoy = folder / "诱饵表头.csv"
    decoy.write_text(
        "学校标识码,户籍地代码\n" + ROSTER_HEADER + "\n"
        + "2019-2,4408030009,,外校,,440803200401011234,普通高中,1,440803\n",
        encoding="utf-8",
    )  # fmt: skip
    long = folder / "超长单元格.csv"
    long.write_text(ROSTER_HEADER + "\n2019-2,0000000000,," + "长" * 100_000 + "\n")
    return [bomb, many, decoy, long]


class HostileUploader(HttpUser):
    """A school officer's account used to send files built to hurt the server."""

    weight = 1
    wait_time = between(1, 2)

    def on_start(self) -> None:
        _sign_in(self, SCHOOL)
        self.folder = Path(tempfile.mkdtemp(prefix="zizhu-hostile-"))
        self.files = _hostile_files(self.folder)
        self.turn = 0

    @task
    def upload(self) -> None:
        path = self.files[self.turn % len(self.files)]
        self.turn += 1
        page = self.client.get("/imports/", name="hostile: imports page").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        with path.open("rb") as handle:
            self.client.post(
                "/imports/",
                data={"kind": "students", "term": "2019-2",
                      "csrfmiddlewaretoken": token.group(1) if token else ""},
                files={"file": (path.name, handle)},
                headers={"Referer": f"{self.host}/imports/"},
                allow_redirects=False,
                name="hostile: upload",
            )  # fmt: skip


if not HOSTILE:  # readers alone: locust runs every HttpUser class the file defines
    del HostileUploader
