"""Forms: they only parse and check input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm

from zizhu.core.tally import Tally


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, with every try counted by the sign-in lock (zizhu.web.logins):
    an empty or missing user name or password is a wrong one, never a sign-in, and never
    skips the count."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码错误。",
        "locked": (
            "登录失败次数过多，该用户名或本机地址已被锁定 %(minutes)s 分钟，请稍后再试；"
            "如需提前解锁，请联系系统管理员。"
        ),
    }

    def clean(self) -> dict[str, Any]:
        # Django's form skips authenticate() when a field is empty; here every try goes
        # through it, so that the lock sees it. A name the field refused (a NUL in it) is
        # still counted, as what was typed; no name is kept longer than a user name can be.
        typed = str(self.data.get("username", "")).replace("\x00", "\ufffd")
        username = (self.cleaned_data.get("username") or typed)[:150]
        password = self.cleaned_data.get("password") or ""
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(
                    self.error_messages["locked"], code="locked",
                    params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                )  # fmt: skip
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="文件类型")
    # Chosen from the terms in the Term table, by name; none for the kinds without a term.
    term = forms.ChoiceField(
        label="学期（学生名册、认定须选）", required=False,
        error_messages={"invalid_choice": "系统中没有这个学期：请由市资助中心先添加"},
    )  # fmt: skip
    file = forms.FileField(label="文件（.xlsx / .xls / .csv）")
    partial = forms.BooleanField(
        label="只更正文件中的学生（学生名册：不把文件中没有的学生移出名册）", required=False
    )

    def __init__(
        self, *args: Any, kinds: dict[str, str], terms: dict[str, str], **kwargs: Any
    ) -> None:
        """`terms`: code -> name, newest first (the list shows the names)."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds.items())  # type: ignore[attr-defined]
        self.fields["term"].choices = [("", "（不按学期的文件不选）"), *terms.items()]  # type: ignore[attr-defined]


class ExcludeForm(forms.Form):
    reason = forms.CharField(label="排除原因", max_length=500)


class AddForm(forms.Form):
    student = forms.CharField(label="身份证件号或学籍号", max_length=19)
    evidence = forms.CharField(label="补录依据", max_length=500)


class PublicityForm(forms.Form):
    start_date = forms.DateField(label="公示开始日期", widget=forms.DateInput({"type": "date"}))
    on_paper = forms.BooleanField(label="纸质公示（在系统外举行）", required=False)


class PublicityCorrectForm(PublicityForm):
    note = forms.CharField(label="更正原因", max_length=500)


class WithdrawForm(forms.Form):
    note = forms.CharField(label="撤回原因", max_length=500)


class SendBackForm(forms.Form):
    school = forms.CharField(max_length=10, widget=forms.HiddenInput)
    note = forms.CharField(label="退回说明", max_length=500)


class TallyForm(forms.Form):
    """What the confirmation page showed (人数, 金额 in fen): the step refuses if it differs."""

    count = forms.IntegerField(min_value=0, max_value=10**8, widget=forms.HiddenInput)
    amount_fen = forms.IntegerField(min_value=0, max_value=10**15, widget=forms.HiddenInput)

    def tally(self) -> Tally:
        return Tally(self.cleaned_data["count"], self.cleaned_data["amount_fen"])


class ApproveForm(TallyForm):
    """count/amount_fen: the confirmed rows shown; unconfirmed_*: the rows no school confirmed,
    taken too only by the county's explicit choice."""

    unconfirmed_count = forms.IntegerField(min_value=0, max_value=10**8, widget=forms.HiddenInput)
    unconfirmed_fen = forms.IntegerField(min_value=0, max_value=10**15, widget=forms.HiddenInput)
    with_unconfirmed = forms.BooleanField(label="未经学校确认一并审批", required=False)

    def tally(self) -> Tally:
        confirmed = super().tally()
        if not self.cleaned_data["with_unconfirmed"]:
            return confirmed
        data = self.cleaned_data
        return confirmed + Tally(data["unconfirmed_count"], data["unconfirmed_fen"])


class NoteForm(forms.Form):
    note = forms.CharField(label="备注", max_length=255, required=False)


class ReturnsForm(forms.Form):
    file = forms.FileField(label="银行回盘文件（.xlsx / .xls / .csv）")


class ResolveForm(forms.Form):
    note = forms.CharField(label="处理说明", required=False)


class HandForm(forms.Form):
    school = forms.CharField(label="交给学校", required=False)
    note = forms.CharField(label="请学校核查的事项", required=False)


class AnswerForm(forms.Form):
    note = forms.CharField(label="答复", required=False)


class AccountForm(forms.Form):
    """The correction as typed: the service checks every value (lengths, the ID number, the
    account, the bank from its list), so that the refusal is one and the same from any door."""

    term = forms.CharField(widget=forms.HiddenInput)
    school = forms.CharField(widget=forms.HiddenInput)
    payee_name = forms.CharField(label="收款人姓名", required=False)
    payee_id_number = forms.CharField(label="收款人身份证号", required=False)
    account_no = forms.CharField(label="收款账号", required=False)
    bank = forms.CharField(label="开户银行", required=False, widget=forms.Select)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, banks: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].widget.choices = [("", "请选择开户银行"), *((b, b) for b in banks)]

    def values(self) -> dict[str, str]:
        """The four payee values as typed ("" for any missing)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {key: str(data.get(key) or "")
                for key in ("payee_name", "payee_id_number", "account_no", "bank")}  # fmt: skip


class _OnePageForm(forms.Form):
    """A form of a page holding several: its fields' element ids carry its own prefix."""

    id_prefix = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class RegionsForm(_OnePageForm):
    id_prefix = "regions"
    file = forms.FileField(label="行政区划文件（.csv / .xlsx / .xls：行政区划代码、名称）")


class TermForm(_OnePageForm):
    id_prefix = "term"
    code = forms.CharField(label="学期代码（年份-1 春季，年份-2 秋季）", max_length=7)
    name = forms.CharField(label="学期名称", max_length=30)
    reference_date = forms.DateField(
        label="参考日期（决定适用的部门名单）", widget=forms.DateInput({"type": "date"})
    )
    payment_due = forms.DateField(label="发放截止日期", widget=forms.DateInput({"type": "date"}))


class CatalogueForm(_OnePageForm):
    id_prefix = "catalogue"
    file = forms.FileField(label="政策目录文件（.toml，格式见《政策目录文件说明》）")


class WhatIfForm(_OnePageForm):
    id_prefix = "whatif"
    term = forms.ChoiceField(label="学期")
    file = forms.FileField(label="政策目录草案（.toml，不载入）")

    def __init__(self, *args: Any, terms: list[tuple[str, str]], **kwargs: Any) -> None:
        """`terms`: (code, name), oldest first; the list shows the names, newest first."""
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [  # type: ignore[attr-defined]
            (t, term_name) for t, term_name in reversed(terms)
        ]
