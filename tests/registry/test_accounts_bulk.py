from pathlib import Path

import polars as pl
import pytest

from tests.ids import make_id
from tests.refusals import refused
from tests.registry.roster import make_schools, roster_file, student
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.registry.models import Enrolment, RosterChange
from zizhu.registry.services import payee_accounts_correct

CITY = Scope.city()

pytestmark = pytest.mark.django_db

A, B = make_id(seq=11), make_id(seq=22)


def corrections(*rows: tuple[str, str, str], bank: str = "中国建设银行") -> pl.DataFrame:
    return pl.DataFrame(
        [(key, name, "", account, bank) for key, name, account in rows],
        schema=["person_key", "payee_name", "payee_id_number", "account_no", "bank"],
        orient="row",
    )


def test_many_accounts_are_corrected_at_once_and_each_change_is_recorded(tmp_path: Path):
    make_schools()
    roster = roster_file(tmp_path / "r.csv", student(A), student(B, "李四"))
    import_run(kind="students", scope=CITY, path=roster, actor="school", errors_dir=tmp_path)
    same = corrections((B, "李四", "6217000000000000001"), bank="中国农业银行")
    fixed = corrections((A, "张父", "6217000000000000777"))
    changed = payee_accounts_correct(
        scope=Scope.city(), actor="county", term="2019-2", corrections=pl.concat([fixed, same])
    )
    assert changed == 1  # B's payee was already exactly that
    enrolment = Enrolment.objects.get(person__id_number=A)
    assert (enrolment.payee_name, enrolment.account_no) == ("张父", "6217000000000000777")
    change = RosterChange.objects.get()
    assert (change.old_account, change.new_account) == (
        "6217000000000000001",
        "6217000000000000777",
    )
    assert change.fields == "payee_name,account_no,bank,"
    assert Event.objects.get(action="registry.accounts_correct").counts["changed"] == 1


def test_an_invalid_correction_refuses_them_all(tmp_path: Path):
    make_schools()
    import_run(
        kind="students",
        scope=CITY,
        path=roster_file(tmp_path / "r.csv", student(A)),
        actor="s",
        errors_dir=tmp_path,
    )
    with refused(Code.ACCOUNT_INVALID):
        payee_accounts_correct(
            scope=Scope.city(),
            actor="county",
            term="2019-2",
            corrections=corrections((A, "张父", "12345")),
        )
    assert Enrolment.objects.get().account_no == "6217000000000000001"
    assert not RosterChange.objects.exists()
