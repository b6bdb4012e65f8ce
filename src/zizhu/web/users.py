"""Creating users with a role and a jurisdiction (from `zizhu createuser` or tests)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.scope import Scope
from zizhu.registry.selectors import administered_county_codes, school_counties
from zizhu.sources.lists import department_list, department_lists
from zizhu.web.constants import Role
from zizhu.web.models import Membership
from zizhu.web.scope import viewer_for


def _invalid(message: str) -> Refused:
    return Refused(Code.USER_INVALID, message)


def user_scope(*, username: str) -> Scope | None:
    """The jurisdiction of a web user, for the command line's `--user`; None when there is
    no such user or they have no valid role."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    viewer = viewer_for(user) if user is not None else None
    return viewer.scope if viewer is not None else None


def user_create(
    *,
    actor: str,
    username: str,
    password: str,
    role: str,
    county: str = "",
    school: str = "",
    department: str = "",
    check_password: bool = True,
) -> Membership:
    if role not in Role.values:
        raise _invalid(f"未知的角色：{role}")
    if role == Role.COUNTY and county not in administered_county_codes():
        raise _invalid(f"县区用户须指定本系统管理的区县代码：{county or '（空）'}")
    if role == Role.SCHOOL and school not in school_counties(codes={school}):
        raise _invalid(f"学校用户须指定已在学校名册中的学校标识码：{school or '（空）'}")
    if role == Role.DEPARTMENT and department_list(department) is None:
        kinds = " / ".join(d.kind for d in department_lists())
        raise _invalid(f"部门用户须指定部门：{kinds}")
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise _invalid(f"用户名已存在：{username}")
    if check_password:
        try:
            validate_password(password, user_model(username=username))
        except ValidationError as invalid:
            raise _invalid("；".join(invalid.messages)) from invalid
    with transaction.atomic():
        user = user_model.objects.create_user(username=username, password=password)
        event_record(
            actor=actor,
            action="web.user_create",
            subject=username,
            detail={"role": role, "county": county, "school": school, "department": department},
        )
        return Membership.objects.create(
            user=user,
            role=role,
            county_code=county if role == Role.COUNTY else "",
            school_code=school if role == Role.SCHOOL else "",
            department=department if role == Role.DEPARTMENT else "",
        )
