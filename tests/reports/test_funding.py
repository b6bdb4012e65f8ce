"""资金分担 (cli.md): each program's paid amount of the year split into central, provincial,
city and county shares, each rounded half up to the fen but the county's, which takes the
remainder; the shares of the version each list was approved under."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.aid.catalogues import edited
from tests.aid.scenario import assess, enrol, new_id, school
from tests.reports.year import build_year
from tests.web.conftest import client_for, make_users
from zizhu.aid.catalogue import shares_split
from zizhu.aid.services import approve, catalogue_load, entitle, publicity_record
from zizhu.core.scope import Scope
from zizhu.payments.models import Payment
from zizhu.payments.services import pay_export
from zizhu.reports.selectors import year_report
from zizhu.reports.xlsx import year_report_write

THIRDS = {"central": Decimal("33.33"), "provincial": Decimal("33.33"),
          "city": Decimal("33.33"), "county": Decimal("0.01")}  # fmt: skip
UNEVEN = ("central = 80\nprovincial = 20\ncity = 0\ncounty = 0",
          "central = 33.33\nprovincial = 33.33\ncity = 33.33\ncounty = 0.01")  # fmt: skip


def test_shares_that_do_not_divide_evenly_round_half_up_and_the_county_takes_the_rest() -> None:
    # 1250.00 x 33.33% = 416.6250 yuan: rounded half up to 416.63 three times; 0.11 left.
    assert shares_split(125000, THIRDS) == {
        "central": 41663, "provincial": 41663, "city": 41663, "county": 11
    }  # fmt: skip
    assert shares_split(100001, THIRDS) == {  # 333.3033 rounds down
        "central": 33330, "provincial": 33330, "city": 33330, "county": 11
    }  # fmt: skip


@given(
    fen=st.integers(min_value=0, max_value=10**12),
    parts=st.lists(st.integers(min_value=0, max_value=10000), min_size=3, max_size=3),
)
def test_the_four_shares_always_add_up_to_the_amount(fen: int, parts: list[int]) -> None:
    if sum(parts) > 10000:
        return
    hundredths = [*parts, 10000 - sum(parts)]  # percent with 2 decimals, summing to 100
    keys = ("central", "provincial", "city", "county")
    shares = {key: Decimal(n) / 100 for key, n in zip(keys, hundredths, strict=True)}
    split = shares_split(fen, shares)
    assert sum(split.values()) == fen
    for key in ("central", "provincial", "city"):
        assert abs(split[key] - fen * shares[key] / 100) <= Decimal("0.5")


@pytest.mark.django_db
def test_the_report_splits_each_program_by_its_shares_on_the_page_in_json_and_xlsx(
    tmp_path: Path,
) -> None:
    catalogue_load(path=edited(tmp_path, UNEVEN), actor="test")
    build_year(tmp_path)
    report = year_report(scope=Scope.city(), year=2019)
    assert report.as_json()["funding"] == {
        # its own shares, 0 / 50 / 25 / 25
        "JDLK_LIVING": {"central": "0.00", "provincial": "750.00", "city": "375.00",
                        "county": "375.00"},
        "SEN_GRANT": {"central": "1999.80", "provincial": "1999.80", "city": "1999.80",
                      "county": "0.60"},
        "SEN_TUITION": {"central": "416.63", "provincial": "416.63", "city": "416.63",
                        "county": "0.11"},
    }  # fmt: skip
    line = next(f for f in report.funding if f.code == "SEN_TUITION")
    assert (line.amount_fen, line.percent) == (125000, THIRDS)
    path = year_report_write(tmp_path / "report.xlsx", report)
    rows = list(openpyxl.load_workbook(path)["资金分担"].iter_rows(values_only=True))
    assert rows[0][0] == "湛江市2019年学生资助年度报告——资金分担"
    assert rows[1] == ("项目代码", "资助项目", "已发放金额(元)", "中央(元)", "省级(元)",
                       "市级(元)", "县级(元)")  # fmt: skip
    assert rows[4] == ("SEN_TUITION", "普通高中免学费", 1250, 416.63, 416.63, 416.63, 0.11)
    make_users()
    page = client_for("city").get(reverse("web:report") + "?year=2019").content.decode()
    assert 'id="report-funding"' in page and "416.63" in page and "0.11" in page


@pytest.mark.django_db
def test_each_list_is_split_by_the_shares_of_the_version_it_was_approved_under(
    tmp_path: Path,
) -> None:
    school("4408020003", "SENIOR")
    person = new_id()
    for term, start, today in (("2019-1", dt.date(2019, 3, 4), dt.date(2019, 3, 11)),
                               ("2019-2", dt.date(2019, 9, 16), dt.date(2019, 9, 23))):  # fmt: skip
        assess(enrol(person, "4408020003", "SENIOR", 1, term=term), "GENERAL")
        entitle(term=term, actor="test", scope=Scope.city())
        publicity_record(
            scope=Scope.of_county("440802"), actor="c", term=term, start_date=start, today=start
        )
        approve(scope=Scope.city(), actor="c", term=term, today=today, with_unconfirmed=True)
        pay_export(scope=Scope.city(), actor="c", term=term, out=tmp_path / term)
        Payment.objects.filter(status="SENT").update(status="SUCCEEDED")
        if term == "2019-1":  # the autumn's list is approved under thirds
            catalogue_load(path=edited(tmp_path, UNEVEN), actor="test")
    (line,) = year_report(scope=Scope.city(), year=2019).funding
    # Spring 1000 at 80 / 20; autumn 1000 at thirds: 333.30 three times and 0.10.
    assert line.split_fen == {"central": 113330, "provincial": 53330, "city": 33330,
                              "county": 10}  # fmt: skip
    assert line.percent is None
