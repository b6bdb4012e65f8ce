"""docs/catalogue.md's worked example does what the document says: the file is refused with
the message shown, loads once the bad line is gone, and one student's year comes out as the
document computes it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.aid.scenario import department_list, enrol, jdlk, new_id, school
from zizhu.aid.models import Entitlement
from zizhu.aid.services import approve, catalogue_load, entitle, publicity_record, term_add
from zizhu.core.errors import Code, Refused
from zizhu.core.scope import Scope

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[2] / "docs" / "catalogue.md"


def example() -> str:
    """The TOML block of section 12 (完整示例)."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## 12. 完整示例") :]
    found = re.search(r"```toml\n(.*?)```", section, re.S)
    assert found is not None
    return found.group(1)


def test_the_worked_example_is_refused_as_the_document_says_then_loads(tmp_path: Path) -> None:
    for code, month in (("2020-1", 3), ("2020-2", 9)):
        day = dt.date(2020, month, 1)
        term_add(code=code, name=f"{code}学期", reference_date=day, payment_due=day, actor="t")
    path = tmp_path / "示例.toml"
    path.write_text(example(), encoding="utf-8")
    with pytest.raises(Refused) as refused:
        catalogue_load(path=path, actor="t")
    assert refused.value.code == Code.CATALOGUE_INVALID
    assert refused.value.message == "示例.toml: programs[2].excludes: 没有资助项目 NONBOARDING_X"
    lines = [line for line in example().splitlines() if not line.startswith("excludes")]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert catalogue_load(path=path, actor="t").version == 2

    # The student of the document: 普通高中, 户籍 here, 建档立卡 (so 特别困难), both terms.
    school("4408020004", "SENIOR")
    person = new_id()
    for term in ("2020-1", "2020-2"):
        enrol(person, "4408020004", "SENIOR", 2, term=term)
    department_list("JDLK", [jdlk(person)], year=2020)
    entitle(term="2020-1", actor="t", scope=Scope.city())
    spring = {e.program: e.amount_fen for e in Entitlement.objects.filter(term_id="2020-1")}
    assert spring == {"SEN_GRANT": 125000, "LOCAL_LIVING": 25000}
    publicity_record(
        scope=Scope.of_county("440802"), actor="c", term="2020-1",
        start_date=dt.date(2020, 3, 2), today=dt.date(2020, 3, 2),
    )  # fmt: skip
    approve(scope=Scope.city(), actor="c", term="2020-1", today=dt.date(2020, 3, 9),
            with_unconfirmed=True)  # fmt: skip
    entitle(term="2020-2", actor="t", scope=Scope.city())
    autumn = {e.program: (e.status, e.amount_fen)
              for e in Entitlement.objects.filter(term_id="2020-2")}  # fmt: skip
    assert autumn == {"SEN_GRANT": ("CAPPED", 0), "LOCAL_LIVING": ("CAPPED", 0)}
