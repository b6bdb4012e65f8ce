"""In a real browser: the 公示 printed on A4 repeats its table header on every page, and a
list downloaded from its page is the page's rows. Screenshots go to test-artifacts/."""

# The browser, the live server's city and the page are test_browser's fixtures, imported by
# name so that pytest finds them here too.
# ruff: noqa: F811

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.aid.scenario import assess, enrol, new_id
from tests.web.conftest import City
from tests.web.test_browser import CHROMIUM, browser, city, page, shot, sign_in  # noqa: F401
from zizhu.aid.services import entitle
from zizhu.core.scope import Scope

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed")


def test_the_printed_notice_repeats_its_header_on_every_page(page, city: City) -> None:  # type: ignore[no-untyped-def]
    for n in range(60):  # enough students for two A4 pages
        assess(enrol(new_id(), "4408020003", "SENIOR", 1 + n % 3, name=f"学生{n:02d}"), "GENERAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    sign_in(page, "school_in")
    page.goto(page.base + "/aid/SEN_GRANT/?term=2019-2")
    page.click("#notice-link")
    page.wait_for_selector("#notice-table")
    shot(page, "notice")
    page.emulate_media(media="print")
    assert page.is_hidden("header.top")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) >= 2
    second = pdf.pages[1].extract_text()
    assert "姓名" in second and "身份证件号" in second and "资助项目" in second
    assert "学生" in second


def test_a_downloaded_list_is_what_the_page_shows(page, city: City, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "county_in")
    page.goto(page.base + "/aid/SEN_GRANT/?term=2019-2&status=ALL")
    names = page.locator("#entitlements tbody tr td:first-child a").all_inner_texts()
    with page.expect_download() as download:
        page.click("a.download")
    saved = tmp_path / "list.xlsx"
    download.value.save_as(saved)
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[3:]) == sorted(names)
