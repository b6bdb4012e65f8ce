"""A county officer's correction of one student's payee account for a term (an audited
change, not a finding: spec/cli.md). The next `pay export` sends a failed payment again once
the account differs from the one it failed on.

The officer first sees the correction checked and set against the payee as it stands
(`payee_account_check`), then confirms it (`payee_account_change`), which is refused when
the payee changed in between: two corrections of one enrolment cannot overwrite each other
unseen. A payee who is not the student needs an ID number, so that no reissue goes out to
a name alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from zizhu.core.clock import Clock, system_clock
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.masking import mask_account, mask_id_number
from zizhu.core.scope import Level, Scope
from zizhu.registry._payee import Payee, payee_checked, payee_is_student
from zizhu.registry.constants import RosterChangeKind
from zizhu.registry.models import Enrolment, RosterChange

_FIELDS = {"name": "payee_name", "id_number": "payee_id_number", "account_no": "account_no",
           "bank": "bank"}  # fmt: skip


@dataclass(frozen=True)
class PayeeCorrection:
    enrolment_id: int
    old: Payee
    new: Payee
    changed: list[str]  # the enrolment's fields that would change: payee_name, account_no, …


def _enrolment(scope: Scope, enrolment_id: int, *, lock: bool) -> Enrolment:
    scope.write_required()
    if scope.level not in (Level.CITY, Level.COUNTY):
        raise Refused(Code.ROLE_FORBIDDEN, "只有市、县区资助部门可以更正收款账户")
    rows = Enrolment.objects.select_related("person").filter(
        scope.q(county="admin_county_id"), pk=enrolment_id
    )
    enrolment = (rows.select_for_update() if lock else rows).first()
    if enrolment is None:
        raise Refused(Code.NOT_FOUND, "没有这条学籍记录，或该学生不在您的管辖范围内")
    return enrolment


def _payee(enrolment: Enrolment) -> Payee:
    return Payee(enrolment.payee_name, enrolment.payee_id_number, enrolment.account_no,
                 enrolment.bank)  # fmt: skip


def _correction(enrolment: Enrolment, new: Payee) -> PayeeCorrection:
    names = {enrolment.name, enrolment.person.name}
    if not new.id_number and not payee_is_student(
        new, student_names=names, student_id=enrolment.person.id_number
    ):
        raise Refused(
            Code.PAYEE_ID_REQUIRED, "收款人不是学生本人（姓名不同），须填写收款人身份证号"
        )
    old = _payee(enrolment)
    changed = [field for key, field in _FIELDS.items() if getattr(old, key) != getattr(new, key)]
    return PayeeCorrection(enrolment.pk, old, new, changed)


def payee_account_check(
    *,
    scope: Scope,
    enrolment_id: int,
    payee_name: str,
    payee_id_number: str,
    account_no: str,
    bank: str,
    clock: Clock = system_clock,
) -> PayeeCorrection:
    """The correction checked as `payee_account_change` would check it, against the payee as
    it stands; nothing is changed."""
    new = payee_checked(name=payee_name, id_number=payee_id_number, account_no=account_no,
                        bank=bank, today=clock().date())  # fmt: skip
    return _correction(_enrolment(scope, enrolment_id, lock=False), new)


def payee_account_change(
    *,
    scope: Scope,
    actor: str,
    enrolment_id: int,
    payee_name: str,
    payee_id_number: str,
    account_no: str,
    bank: str,
    seen: str,
    clock: Clock = system_clock,
) -> list[str]:
    """Correct the payee account of one enrolment in scope; return the fields that changed
    (none: the account was already so, and nothing is recorded). `seen` is the token of the
    payee the officer saw (`Payee.token`); refused when the payee is no longer that one. The
    event holds the accounts masked; the roster change beside it keeps them whole for the
    reissue."""
    new = payee_checked(name=payee_name, id_number=payee_id_number, account_no=account_no,
                        bank=bank, today=clock().date())  # fmt: skip
    with transaction.atomic():
        enrolment = _enrolment(scope, enrolment_id, lock=True)
        if _payee(enrolment).token != seen:
            raise Refused(Code.ACCOUNT_CHANGED, "收款账户刚被他人更改，请查看新的账户后再更正")
        correction = _correction(enrolment, new)
        old, changed = correction.old, correction.changed
        if not changed:
            return []
        event = event_record(
            actor=actor,
            action="registry.account_change",
            subject=f"{enrolment.term_id} {enrolment.school_id} {enrolment.person_id}",
            counts={"changed": 1},
            detail={"enrolment": enrolment.pk, "fields": changed,
                    "old_account": mask_account(old.account_no),
                    "new_account": mask_account(new.account_no),
                    "new_payee_id": mask_id_number(new.id_number)},
        )  # fmt: skip
        before = {field: getattr(old, key) for key, field in _FIELDS.items()}
        after = {field: getattr(new, key) for key, field in _FIELDS.items()}
        updated = Enrolment.objects.filter(pk=enrolment.pk, **before).update(event=event, **after)
        if updated != 1:
            raise Refused(Code.ACCOUNT_CHANGED, "收款账户刚被他人更改，请查看新的账户后再更正")
        RosterChange.objects.create(
            event=event, enrolment_id=enrolment.pk, kind=RosterChangeKind.CHANGED,
            fields="".join(f"{name}," for name in changed), old_account=old.account_no,
            new_account=new.account_no,
        )  # fmt: skip
    return changed
