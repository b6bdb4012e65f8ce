"""Loans for the small city of conftest: 李明 of school A has one, as do a student of county
440802 and one of 440803 who are not in the registry."""

from __future__ import annotations

from pathlib import Path

from tests.ids import make_id
from tests.loans.scenario import loan, loans_add
from tests.web.conftest import City

ID_ZHOU = make_id("440802", "20000101", 601)  # 周一: 440802, no person in the registry
ID_WU = make_id("440803", "20000101", 602)  # 吴二: 440803, no person in the registry


def city_loans(city: City, folder: Path) -> None:
    loans_add(
        folder,
        loan("HT2019-A01", city.id_a, name="李明", hukou="440802"),
        loan("HT2019-A02", ID_ZHOU, name="周一", hukou="440802", amount="6000"),
        loan("HT2019-C01", ID_WU, name="吴二", hukou="440803", level="研究生", amount="12000"),
    )
