"""A payee as an officer corrects it: the four values checked and put in their stored form,
and the token that names the payee an officer saw (so that a correction made on an old view
is refused, not laid over someone else's)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from zizhu.core.errors import Code, Refused
from zizhu.intake.values import region_valid
from zizhu.registry.banks import BANKS

_ACCOUNT = re.compile(r"[0-9]{12,19}")
NAME_LIMIT, BANK_LIMIT = 50, 100


@dataclass(frozen=True)
class Payee:
    name: str
    id_number: str  # "" where none was given
    account_no: str
    bank: str

    @property
    def token(self) -> str:
        """A short fingerprint of the four values: what the officer saw."""
        text = "\x1f".join((self.name, self.id_number, self.account_no, self.bank))
        return hashlib.sha256(text.encode()).hexdigest()[:20]


def _invalid(message: str) -> Refused:
    return Refused(Code.ACCOUNT_INVALID, message)


def payee_checked(
    *, name: str, id_number: str, account_no: str, bank: str, today: dt.date
) -> Payee:
    """The payee as given, checked: a name, an 18-character ID number (GB 11643 by
    python-stdnum, its birth date not after today, its address code one that existed in the
    birth year, as the roster import checks it) where one is given, an account of 12 to
    19 digits and a bank from the list (registry.banks)."""
    payee = Payee(
        name=name.strip(),
        id_number=id_number.strip().upper(),
        account_no=account_no.strip(),
        bank=bank.strip(),
    )
    # The free texts have a length; the ID number and the account have a shape, checked below.
    for value, limit, what in ((payee.name, NAME_LIMIT, "收款人姓名"),
                               (payee.bank, BANK_LIMIT, "开户银行")):  # fmt: skip
        if len(value) > limit:
            raise Refused(Code.TOO_LONG, f"{what}不能超过 {limit} 个字符")
    if not payee.name:
        raise _invalid("收款人姓名必填")
    if payee.id_number:
        _id_checked(payee.id_number, today)
    if not _ACCOUNT.fullmatch(payee.account_no):
        raise _invalid("收款账号应为 12 至 19 位数字")
    if payee.bank not in BANKS:
        raise _invalid("开户银行须从列表中选择")
    return payee


def _id_checked(number: str, today: dt.date) -> None:
    if len(number) != 18 or not number[:17].isdigit() or not re.fullmatch(r"[0-9X]", number[17]):
        raise _invalid("收款人身份证号应为 18 位：前 17 位是数字，最后一位是数字或 X")
    try:
        ric.validate(number)
    except stdnum_errors.InvalidChecksum as bad:
        raise _invalid("收款人身份证号校验位错误") from bad
    except stdnum_errors.ValidationError as bad:
        raise _invalid("收款人身份证号中的出生日期或地址码不存在") from bad
    birth = ric.get_birth_date(number)
    if birth > today:
        raise _invalid("收款人身份证号中的出生日期晚于今天")
    if not region_valid(number[:6], birth.year):  # as the roster import judges it
        raise _invalid("收款人身份证号中的地址码在出生年份不存在")


def payee_is_student(payee: Payee, *, student_names: set[str], student_id: str | None) -> bool:
    """Whether the payee is the student: the student's name, and no ID number other than the
    student's own."""
    if payee.name not in student_names:
        return False
    return not payee.id_number or payee.id_number == student_id
