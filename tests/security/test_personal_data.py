"""Personal data: no event stores a whole ID number or account; an ID number is searched by
its beginning only by those who see ID numbers whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.urls import reverse

from tests.files import write_sheet
from tests.ids import make_id
from tests.registry.roster import HEADER as ROSTER_HEADER
from tests.web.accounts import account_correct
from tests.web.conftest import SCHOOL_C, City, PaidCity, client_for
from zizhu.core.masking import mask_text
from zizhu.core.models import Event
from zizhu.hardship.selectors import name_mismatch_ids
from zizhu.registry.models import Enrolment, Person

ID_OR_ACCOUNT = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9X]|[0-9]{12,19})(?![0-9])")


def whole_numbers_in_events() -> set[str]:
    """Every ID number or account of the city's people that an event names whole."""
    known = {p for p in Person.objects.values_list("id_number", flat=True) if p}
    known |= {a for a in Enrolment.objects.values_list("account_no", flat=True) if a}
    known |= {a for a in Enrolment.objects.values_list("payee_id_number", flat=True) if a}
    found: set[str] = set()
    for event in Event.objects.all():
        text = f"{event.subject} {json.dumps(event.detail, ensure_ascii=False)}"
        found |= set(ID_OR_ACCOUNT.findall(text)) & known
    return found


def test_a_terms_work_leaves_no_id_number_or_account_in_the_audit_trail(
    paid_city: PaidCity, tmp_path: Path
) -> None:
    county = client_for("county_in")
    mismatch = name_mismatch_ids(term="2019-2")[0]  # the audit identified the term again
    county.post(reverse("web:mismatch_confirm", args=[mismatch]), {"note": "核实"})
    # The correction is checked, shown against the old payee, then confirmed (issue 16).
    parent = make_id(region="440802", birth="19850101", seq=31)
    account_correct(
        county, paid_city.student_a,
        {"term": "2019-2", "school": "4408020003", "payee_name": "李父",
         "payee_id_number": parent, "account_no": "6228480000000000123", "bank": "中国农业银行"},
    )  # fmt: skip
    # A refused upload naming another school's student by ID number.
    row = ["2019-2", SCHOOL_C, "", "王芳", "", paid_city.id_a, "普通高中", "2", "", "", "440803"]
    path = write_sheet(tmp_path / "名册.xlsx", [ROSTER_HEADER, row], sheet="学生名册")
    with path.open("rb") as handle:
        client_for("school_in").post(
            reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": handle}
        )
    assert Event.objects.filter(action="hardship.name_confirm").exists()
    assert Event.objects.filter(action="registry.account_change").exists()
    assert Event.objects.filter(action="import.refused.students").exists()
    assert whole_numbers_in_events() == set()


def test_a_text_quoting_an_id_number_or_account_is_masked() -> None:
    text = "duplicate key (id_number)=(440802200801011234) account 6217000000000000001."
    assert mask_text(text) == (
        "duplicate key (id_number)=(440802********1234) account 6217********0001."
    )
    assert mask_text("第 12 行，2019-2，学校 4408020003") == "第 12 行，2019-2，学校 4408020003"


def search(user: str, query: str) -> str:
    return client_for(user).get(reverse("web:students"), {"q": query}).content.decode()


def test_the_city_and_auditors_find_a_student_by_a_whole_id_number_only(city: City) -> None:
    """They see ID numbers masked: a search by the beginning, narrowed a digit at a time,
    would unmask any of them."""
    for user in ("city", "auditor"):
        assert "李明" not in search(user, city.id_a[:6])
        assert "李明" not in search(user, city.id_a[:17])
        assert "李明" in search(user, city.id_a)
    # A county officer works with whole ID numbers: the beginning finds its students.
    assert "李明" in search("county_in", city.id_a[:10])
