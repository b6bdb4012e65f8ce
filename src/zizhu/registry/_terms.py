"""A term's facts checked and written (`zizhu term add`, through aid.services.term_add).

The write has no transaction or event of its own: whether a term may still change depends on
the aid lists approved in it, which the aid area knows, so its service decides and records.
"""

from __future__ import annotations

import datetime as dt
import re

from zizhu.core.errors import Code, Refused
from zizhu.registry.models import Term

NAME_LIMIT = 30  # registry.models.Term.name
_CODE = re.compile(r"^([0-9]{4})-([12])$")
FIRST_YEAR = 1990


def term_write(
    *,
    code: str,
    name: str,
    reference_date: dt.date,
    payment_due: dt.date,
    may_change: bool,
) -> str:
    """Add the term, or change it when `may_change`; "added", "changed" or "unchanged".
    Call inside the caller's transaction."""
    name = (name or "").strip()
    year, half = _checked(code, name, reference_date, payment_due)
    values = {
        "name": name, "year": year, "half": half, "reference_date": reference_date,
        "payment_due_date": payment_due,
    }  # fmt: skip
    existing = Term.objects.filter(code=code).first()
    if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
        return "unchanged"
    if Term.objects.filter(name=name).exclude(code=code).exists():
        raise Refused(Code.TERM_INVALID, f"学期名称“{name}”已用于另一个学期")
    if existing is None:
        Term.objects.create(code=code, **values)
        return "added"
    if not may_change:
        raise Refused(
            Code.TERM_LOCKED, f"学期 {code} 已有审批的名单，名称和日期不能再修改", term=code
        )
    Term.objects.filter(code=code).update(**values)
    return "changed"


def _checked(
    code: str, name: str, reference_date: dt.date, payment_due: dt.date
) -> tuple[int, int]:
    found = _CODE.match(code or "")
    if found is None or int(found.group(1)) < FIRST_YEAR:
        raise Refused(
            Code.TERM_INVALID,
            f"学期代码格式错误：{code!r}；应为“年份-1”（春季）或“年份-2”（秋季），如 2020-1",
        )
    year, half = int(found.group(1)), int(found.group(2))
    if not name or len(name) > NAME_LIMIT:
        raise Refused(Code.TERM_INVALID, f"学期名称不能为空，且至多 {NAME_LIMIT} 个字")
    if reference_date.year != year:
        raise Refused(
            Code.TERM_INVALID, f"参考日期 {reference_date} 不在学期 {code} 的年份 {year} 内"
        )
    if payment_due < reference_date:
        raise Refused(
            Code.TERM_INVALID, f"发放截止日期 {payment_due} 早于参考日期 {reference_date}"
        )
    return year, half
