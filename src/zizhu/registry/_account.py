"""A county officer's correction of one student's payee account for a term (an audited
change, not a finding: spec/cli.md). The next `pay export` sends a failed payment again once
the account differs from the one it failed on."""

from __future__ import annotations

import re

from django.db import transaction
from stdnum.cn import ric

from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.masking import mask_account
from zizhu.core.scope import Scope
from zizhu.registry.constants import RosterChangeKind
from zizhu.registry.models import Enrolment, RosterChange

_ACCOUNT = re.compile(r"[0-9]{12,19}")
_PAYEE_FIELDS = ("payee_name", "payee_id_number", "account_no", "bank")


def _refused(message: str) -> Refused:
    return Refused(Code.ACCOUNT_INVALID, message)


def payee_account_change(
    *,
    scope: Scope,
    actor: str,
    enrolment_id: int,
    payee_name: str,
    payee_id_number: str,
    account_no: str,
    bank: str,
) -> list[str]:
    """Correct the payee account of one enrolment in scope; return the fields that changed
    (none: the account was already so, and nothing is recorded). The event holds the accounts
    masked; the roster change beside it keeps them whole for the reissue."""
    new = {
        "payee_name": payee_name.strip(),
        "payee_id_number": payee_id_number.strip().upper(),
        "account_no": account_no.strip(),
        "bank": bank.strip(),
    }
    if not new["payee_name"]:
        raise _refused("收款人姓名必填")
    if len(new["payee_name"]) > 50 or len(new["bank"]) > 100:
        raise _refused("收款人姓名或开户银行过长")
    if not _ACCOUNT.fullmatch(new["account_no"]):
        raise _refused("收款账号应为 12 至 19 位数字")
    if new["payee_id_number"] and not ric.is_valid(new["payee_id_number"]):
        raise _refused("收款人身份证号无效")
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .filter(scope.q(county="admin_county_id"), pk=enrolment_id)
            .first()
        )
        if enrolment is None:
            raise Refused(Code.NOT_FOUND, "没有这条学籍记录，或该学生不在您的管辖范围内")
        old = {name: getattr(enrolment, name) for name in _PAYEE_FIELDS}
        changed = [name for name in _PAYEE_FIELDS if old[name] != new[name]]
        if not changed:
            return []
        event = event_record(
            actor=actor,
            action="registry.account_change",
            subject=f"{enrolment.term_id} {enrolment.school_id} {enrolment.person_id}",
            counts={"changed": 1},
            detail={"enrolment": enrolment.pk, "fields": changed,
                    "old_account": mask_account(old["account_no"]),
                    "new_account": mask_account(new["account_no"])},
        )  # fmt: skip
        updated = Enrolment.objects.filter(pk=enrolment.pk, **old).update(event=event, **new)
        if updated != 1:
            raise _refused("该学籍记录刚被他人修改，请刷新后重试")
        RosterChange.objects.create(
            event=event, enrolment_id=enrolment.pk, kind=RosterChangeKind.CHANGED,
            fields="".join(f"{name}," for name in changed), old_account=old["account_no"],
            new_account=new["account_no"],
        )  # fmt: skip
    return changed
