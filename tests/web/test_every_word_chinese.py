"""Every word a user sees is Chinese (issue 16.7): every page and every download, for every
role, on the small city of tests/web with a term's work done, shows no internal code.

"Internal codes" are the stored values of every vocabulary (each `models.Choices` of zizhu:
stages, levels, statuses, roles, event actions, event fields, …), every refusal `Code`, the
audit checks, the programs of the catalogue, the categories and import kinds, term codes
(2019-2), a catalogue's stamp (`zhanjiang-2019.toml@c0c5…`) and command-line options. The
pages are those of the permission matrix (tests/web/test_permissions.py), so a page added to
the matrix is checked here too; each action of the matrix is done and the page it leads to
(a job's page, with the message it left) is read as well. The 403, 404 and 500 pages and the
user line are checked on their own.

What is not a word (and so not checked): data the users typed or loaded (names, school and
county codes, ID and account numbers, batch numbers, user names in the audit trail: all
digits or the users' own), codes of one or two characters, and what the user does not see
(scripts, styles, URLs, form field names and values other than buttons').
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from collections.abc import Iterable, Set
from html.parser import HTMLParser
from typing import Any

import openpyxl
import pytest
from django.db import models
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

import tests.web.test_permissions as matrix
import zizhu
from tests.web.conftest import ROLES, City, client_for
from tests.web.test_permissions import (
    CASES,
    COMPARE_CASES,
    HANDED_CASES,
    LOAN_CASES,
    PAID_CASES,
    PUBLICITY_CASES,
    Case,
)

# The matrix's cities with 公示 records, a handed finding, loans and two years, by name.
publicity_city, handed_city = matrix.publicity_city, matrix.handed_city
loan_city, two_years = matrix.loan_city, matrix.two_years

# Modules not walked for vocabularies: settings and entry points that configure, not declare.
_NOT_WALKED = ("zizhu.settings", "zizhu.settings_production", "zizhu.wsgi")


def vocabulary_codes() -> set[str]:
    """The stored values of every vocabulary of zizhu, every refusal code, check, program,
    category and import kind."""
    from zizhu.aid.selectors import program_names
    from zizhu.audit.constants import CHECKS
    from zizhu.core.errors import Code
    from zizhu.intake.kinds import import_kinds
    from zizhu.sources.lists import category_labels

    found: set[str] = set()
    for info in pkgutil.walk_packages(zizhu.__path__, "zizhu."):
        if ".migrations" in info.name or info.name in _NOT_WALKED:
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, models.Choices)
                and value.__module__.startswith("zizhu.")
            ):
                found |= {str(v) for v in value.values}
    found |= {str(c) for c in Code} | set(CHECKS) | set(category_labels()) | set(import_kinds())
    found |= set(program_names(term="2019-2"))
    # A code of one or two characters ("1", "A") or all digits is not told from data.
    return {c for c in found if len(c) > 2 and not c.isdigit()}


class _Visible(HTMLParser):
    """The text a person reads: text nodes outside script and style, titles, placeholders
    and the words on buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        found = dict(attrs)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if found.get(name):
                self.parts.append(str(found[name]))
        is_button = tag == "input" and found.get("type") in ("submit", "button", "reset")
        if is_button and found.get("value"):
            self.parts.append(str(found["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_html(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def visible_xlsx(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    cells = [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    return "\n".join([*book.sheetnames, *cells])


def visible(response: Any) -> str:
    """What a person reads in a response: a page's text, a workbook's cells, a text file."""
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    kind = response.get("Content-Type", "")
    disposition = response.get("Content-Disposition", "")
    if "spreadsheetml" in kind or content.startswith(b"PK\x03\x04"):
        if not content.startswith(b"PK\x03\x04"):
            return ""
        try:
            return visible_xlsx(content) + "\n" + disposition
        except Exception:  # the fixture's error file is not a real workbook: not a page
            return disposition
    text = content.decode("utf-8", errors="replace")
    return (visible_html(text) if "html" in kind else text) + "\n" + disposition


# An event's action (`web.login`, `import.students`), a term by its code, a catalogue's file
# name and version, command-line options, and what a program leaks when it fails.
_ACTION = re.compile(
    r"(?<![\w.@/])(?:web|aid|import|registry|payments|audit|hardship|core|sources|loans|bench)"
    r"\.[a-z_]+(?:\.[a-z_]+)?(?![\w.])"
)
_TERM_CODE = re.compile(r"(?<![\d\-/.:])(?:19|20)\d\d-[12](?![\d\-/.:])")
_OTHER = re.compile(r"\.toml@|(?<![\w-])--[a-z][a-z-]+|Traceback|\bNone\b|\bTrue\b|\bFalse\b")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# A payment batch's number (P2019-2-440802-SEN_GRANT-001) is an identifier the bank keeps
# (spec/formats.md), data like a school code: its parts are not words.
_BATCH = re.compile(r"P\d{4}-[12]-\d{6}-[A-Z0-9_]+-\d{3}")


def faults(
    text: str, codes: Set[str], *, data: Set[str] = frozenset(), terms: bool = True
) -> list[str]:
    """The codes in a text; `data`: words that are data there (people's user names), `terms`:
    whether a term's code is a fault there."""
    text = _BATCH.sub(" ", text)
    found = [w for w in _WORD.findall(text) if w in codes and w not in data]
    found += _ACTION.findall(text) + (_TERM_CODE.findall(text) if terms else [])
    return found + _OTHER.findall(text)


# Where codes are shown as codes, beside their names, because people use them as keys:
# the policy pages show the terms' codes (typed in 添加学期) and the programs' codes (the keys
# of the catalogue file, docs/catalogue.md); the year report's workbook has a 项目代码 column
# (docs/catalogue.md: program codes are kept in the reports). The catalogue file itself is
# the city's own TOML, given back as loaded: not checked.
_KEYS_SHOWN = {"policy": True, "catalogue": True, "report_xlsx": False,
               "report_compare_xlsx": False}  # fmt: skip
_NOT_WORDS = {"catalogue_file"}


def _people() -> set[str]:
    """The user names and the actors of the events: the names people go by are data."""
    from django.contrib.auth import get_user_model

    from zizhu.core.actions import actor_words
    from zizhu.core.models import Event

    names = set(get_user_model().objects.values_list("username", flat=True))
    return names | {actor_words(a) for a in Event.objects.values_list("actor", flat=True)}


def _downloads(html: str) -> list[str]:
    """The page's download links (`?download=xlsx` under its filters)."""
    return [
        link.replace("&amp;", "&")
        for link in re.findall(r'href="(\?[^"]*download=xlsx[^"]*)"', html)
    ]


def read_all(cases: Iterable[Case], city: Any, codes: set[str]) -> list[str]:
    """Every page of the cases for every role: the GETs first, then the actions (each by a
    role that may do it), each followed to the page it leads to. Returns what offends."""
    from zizhu.aid.selectors import program_names

    offences: list[str] = []

    programs = set(program_names(term="2019-2"))

    def check(where: str, response: Any, url: str) -> None:
        name = resolve(url.split("?")[0]).url_name or ""
        if name in _NOT_WORDS:
            return
        keys = name in _KEYS_SHOWN
        shown = codes - programs if keys else codes
        text = visible(response)
        bad = faults(text, shown, data=_people(), terms=not _KEYS_SHOWN.get(name, False))
        if bad:
            offences.append(f"{where}: {sorted(set(bad))}")

    def get(client: Client, url: str, where: str) -> None:
        response = client.get(url)
        check(f"{where} GET {url} ({response.status_code})", response, url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            base = url.split("?")[0]
            for link in _downloads(response.content.decode()):
                check(f"{where} download {base}{link}", client.get(base + link), base)

    gets = [c for c in cases if c.method == "get"]
    posts = [c for c in cases if c.method == "post"]
    for case in gets:
        for user in ROLES:
            get(client_for(user), case.url(city), f"{case.name} as {user}")
    for case in posts:
        for user in ROLES:
            if case.expect.get(user, case.other) != 302:
                continue
            data = case.data() if callable(case.data) else case.data
            response = client_for(user).post(case.url(city), data or {}, follow=True)
            landed = response.redirect_chain[-1][0] if response.redirect_chain else case.url(city)
            check(f"{case.name} as {user} (followed)", response, landed)
    return offences


@pytest.fixture
def codes(city: City) -> set[str]:
    return vocabulary_codes()


def test_every_page_and_download_of_a_paid_term_is_in_words(
    paid_city: Any, codes: set[str]
) -> None:
    offences = read_all([*CASES, *PAID_CASES], paid_city, codes)
    assert not offences, "\n".join(offences)


def test_the_pages_of_publicity_records_are_in_words(publicity_city: Any, codes: set[str]) -> None:
    offences = read_all(PUBLICITY_CASES, publicity_city, codes)
    assert not offences, "\n".join(offences)


def test_the_pages_of_a_handed_finding_are_in_words(handed_city: Any, codes: set[str]) -> None:
    offences = read_all(HANDED_CASES, handed_city, codes)
    assert not offences, "\n".join(offences)


def test_the_loan_lists_are_in_words(loan_city: Any, codes: set[str]) -> None:
    offences = read_all(LOAN_CASES, loan_city, codes)
    assert not offences, "\n".join(offences)


def test_the_year_comparison_is_in_words(two_years: Any, codes: set[str]) -> None:
    offences = read_all(COMPARE_CASES, two_years, codes)
    assert not offences, "\n".join(offences)


def test_the_error_pages_are_in_words(city: City, codes: set[str]) -> None:
    from zizhu.web.views.errors import server_error

    client = client_for("school_in")
    forbidden = client.get(reverse("web:audit_trail"))
    missing = client.get("/no-such-page/")
    assert (forbidden.status_code, missing.status_code) == (403, 404)
    broken = server_error(RequestFactory().get("/"))
    for response in (forbidden, missing, broken):
        text = visible(response)
        assert re.search(r"[\u4e00-\u9fff]", text)
        assert faults(text, codes) == []


def test_the_user_line_names_the_user_role_and_place_in_words(city: City) -> None:
    """Not `COUNTY 440802`: the role and the county's or school's name."""
    lines: dict[str, str] = {}
    for user in ROLES:
        html = client_for(user).get(reverse("web:home"), follow=True).content.decode()
        found = re.search(r'<div class="who">(.*?)<form', html, re.S)
        assert found, user
        lines[user] = " ".join(visible_html(found.group(1)).split())
    assert lines["county_in"] == "county_in · 县区资助办 · 赤坎区"
    assert lines["school_in"] == "school_in · 学校资助专干 · 学校4408020003"  # the school's name
    assert lines["department"] == "department · 部门名单上传员 · 扶贫办（建档立卡）"
    assert lines["city"] == "city · 市资助中心"


# ---- the check itself: it finds a code put back into a page ----------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("学段：SENIOR", ["SENIOR"]),
        ("操作：web.login", ["web.login"]),
        ("学期 2019-2 的名单", ["2019-2"]),
        ("BOARDING:1", ["BOARDING"]),
        ("代发批次：P2019-2-440802-BOARDING-001", []),  # a batch number is data
        ("请用 --term 指定学期", ["--term"]),
        ("zhanjiang-2019.toml@c0c5", [".toml@"]),
        ("学校 4408020003，身份证 440802200405050021", []),
    ],
)
def test_the_check_finds_codes_and_leaves_data(text: str, found: list[str]) -> None:
    assert faults(text, {"SENIOR", "JUNIOR", "CITY", "BOARDING"}) == found


def test_a_page_with_a_code_put_back_fails(city: City, codes: set[str]) -> None:
    assert {"SENIOR", "CITY", "web.login", "FILE_NO_HEADER", "DUP_ENROLLMENT"} <= codes
    page = HttpResponse("<p>学段：<b>SENIOR</b></p><script>var x='JUNIOR'</script>")
    assert faults(visible(page), codes) == ["SENIOR"]
