"""`term add` and `term list`: a term is added once, the same values again are unchanged, and
every malformed or forbidden change is refused with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.aid.scenario import enrol, new_id, school
from tests.snapshot import database_rows
from zizhu.aid.services import TermAdd, approve, entitle, publicity_record, term_add
from zizhu.core.errors import Code, Refused
from zizhu.core.scope import Scope
from zizhu.registry.selectors import term_list

pytestmark = pytest.mark.django_db
D = dt.date


SPRING, SUMMER = D(2020, 3, 1), D(2020, 6, 30)


def add(
    code: str = "2020-1", name: str = "2020年春季学期", reference: D = SPRING, due: D = SUMMER
) -> TermAdd:
    return term_add(code=code, name=name, reference_date=reference, payment_due=due, actor="test")


def test_a_term_is_added_then_unchanged_and_listed_oldest_first() -> None:
    assert add().as_json() == {"term": "2020-1", "name": "2020年春季学期",
                               "reference_date": "2020-03-01", "payment_due": "2020-06-30",
                               "status": "added"}  # fmt: skip
    assert add().status == "unchanged"
    assert [t.code for t in term_list()] == ["2019-1", "2019-2", "2020-1"]
    assert term_list()[-1].as_json() == {"term": "2020-1", "name": "2020年春季学期",
                                         "reference_date": "2020-03-01",
                                         "payment_due": "2020-06-30"}  # fmt: skip


def test_a_term_without_approved_lists_may_change() -> None:
    add()
    assert add(due=D(2020, 7, 15)).status == "changed"
    assert term_list()[-1].payment_due_date == D(2020, 7, 15)


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"code": "2020-3"}, id="a third half"),
        pytest.param({"code": "20-1"}, id="a short year"),
        pytest.param({"code": "2020-1 "}, id="a trailing space"),
        pytest.param({"code": "２０２０-1"}, id="full-width digits"),
        pytest.param({"code": ""}, id="no code"),
        pytest.param({"name": ""}, id="no name"),
        pytest.param({"name": "学" * 31}, id="a name too long"),
        pytest.param({"name": "2019年春季学期"}, id="another term's name"),
        pytest.param({"reference": D(2021, 3, 1)}, id="a reference date of another year"),
        pytest.param({"due": D(2020, 2, 28)}, id="due before the reference date"),
    ],
)
def test_a_malformed_term_is_refused(kwargs: dict[str, object]) -> None:
    before = database_rows()
    with pytest.raises(Refused) as refused:
        add(**kwargs)  # type: ignore[arg-type]
    assert refused.value.code == Code.TERM_INVALID
    assert database_rows() == before


def test_a_term_with_an_approved_list_cannot_change() -> None:
    school("4408020003", "SENIOR")
    enrol(new_id(), "4408020003", "SENIOR", 1, term="2019-1")
    from tests.aid.scenario import assess
    from zizhu.registry.models import Enrolment

    assess(Enrolment.objects.get(), "GENERAL")
    entitle(term="2019-1", actor="test", scope=Scope.city())
    publicity_record(
        scope=Scope.of_county("440802"),
        actor="test",
        term="2019-1",
        start_date=D(2019, 3, 11),
        today=D(2019, 3, 11),
    )
    approve(
        scope=Scope.city(), actor="test", term="2019-1", today=D(2019, 3, 25), with_unconfirmed=True
    )
    same = term_add(code="2019-1", name="2019年春季学期", reference_date=D(2019, 3, 1),
                    payment_due=D(2019, 6, 30), actor="test")  # fmt: skip
    assert same.status == "unchanged"
    before = database_rows()
    with pytest.raises(Refused) as refused:
        term_add(code="2019-1", name="2019年春季学期", reference_date=D(2019, 3, 2),
                 payment_due=D(2019, 6, 30), actor="test")  # fmt: skip
    assert refused.value.code == Code.TERM_LOCKED
    assert database_rows() == before
