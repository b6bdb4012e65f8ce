"""Forms: they only parse and check input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from zizhu.core.tally import Tally
from zizhu.web.security import login_failure_record, login_locked, login_success_record


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing a locked user name before checking the password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码错误。"),
        "locked": _("登录失败次数过多，该账户已被锁定 15 分钟，请稍后再试。"),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if username and login_locked(username=username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                login_failure_record(username=username, ip=ip)
            raise
        login_success_record(username=username, ip=ip)
        return cleaned


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("文件类型"))
    term = forms.CharField(label=_("学期（学生名册、认定须填，如 2019-2）"), required=False)
    file = forms.FileField(label=_("文件（.xlsx / .xls / .csv）"))
    partial = forms.BooleanField(
        label=_("只更正文件中的学生（学生名册：不把文件中没有的学生移出名册）"), required=False
    )

    def __init__(self, *args: Any, kinds: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds.items())  # type: ignore[attr-defined]


class ExcludeForm(forms.Form):
    reason = forms.CharField(label=_("排除原因"), max_length=500)


class AddForm(forms.Form):
    student = forms.CharField(label=_("身份证件号或学籍号"), max_length=19)
    evidence = forms.CharField(label=_("补录依据"), max_length=500)


class PublicityForm(forms.Form):
    start_date = forms.DateField(label=_("公示开始日期"), widget=forms.DateInput({"type": "date"}))
    on_paper = forms.BooleanField(label=_("纸质公示（在系统外举行）"), required=False)


class PublicityCorrectForm(PublicityForm):
    note = forms.CharField(label=_("更正原因"), max_length=500)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("撤回原因"), max_length=500)


class SendBackForm(forms.Form):
    school = forms.CharField(max_length=10, widget=forms.HiddenInput)
    note = forms.CharField(label=_("退回说明"), max_length=500)


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
    with_unconfirmed = forms.BooleanField(label=_("未经学校确认一并审批"), required=False)

    def tally(self) -> Tally:
        confirmed = super().tally()
        if not self.cleaned_data["with_unconfirmed"]:
            return confirmed
        data = self.cleaned_data
        return confirmed + Tally(data["unconfirmed_count"], data["unconfirmed_fen"])


class NoteForm(forms.Form):
    note = forms.CharField(label=_("备注"), max_length=255, required=False)


class ReturnsForm(forms.Form):
    file = forms.FileField(label=_("银行回盘文件（.xlsx / .xls / .csv）"))


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
