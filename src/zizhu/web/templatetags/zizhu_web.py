"""Template filters: masking, money in yuan, Chinese labels of codes."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from zizhu.aid.selectors import program_names
from zizhu.core.actions import actor_words
from zizhu.core.errors import Refused
from zizhu.core.masking import mask_account, mask_id_number
from zizhu.core.money import grouped_yuan
from zizhu.registry.selectors import term_facts
from zizhu.web.labels import grade_label, label, stages_label

register = template.Library()


@register.filter
def masked_id(value: str | None) -> str:
    return mask_id_number(value)


@register.filter
def masked_account(value: str | None) -> str:
    return mask_account(value)


@register.filter
def yuan(fen: int | None) -> str:
    """An amount in fen as yuan: 1,671,497.00."""
    return "" if fen is None else grouped_yuan(int(fen))


@register.filter
def yuan_text(text: str | None) -> str:
    """A yuan amount kept as text in a job's result ("1500.00", "+250.00") as people read it:
    1,500.00, +250.00. Text that is not an amount is shown as it is."""
    if not text:
        return ""
    sign = text[0] if text[0] in "+-" else ""
    whole, dot, cents = text.lstrip("+-").partition(".")
    if not whole.isdigit():
        return text
    return f"{sign}{int(whole):,}{dot}{cents}"


@register.filter
def figure(value: int | None) -> str:
    """A count with thousands separators: 1,592,100."""
    if value is None or value == "":
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):  # not a count (a dash, a word): shown as it is
        return str(value)


@register.filter
def chinese(code: str | None, kind: str) -> str:
    """The Chinese label of a stored code: `{{ e.stage|chinese:"stage" }}`."""
    return label(kind, code)


@register.filter
def get(mapping: dict[str, str], key: str | None) -> str:
    """`{{ names|get:line.program }}`: a dict's value for a key held in a variable (the empty
    text for a missing key)."""
    return mapping.get(key or "", "") if key else ""


@register.filter
def grade(value: int | None, stage: str) -> str:
    """`{{ e.grade|grade:e.stage }}`: 三年级, 中班."""
    return grade_label(stage, value)


@register.filter
def stages(value: str) -> str:
    """A school's stages, stored "PRIMARY;JUNIOR", in words: 小学、初中."""
    return stages_label(value or "")


@register.filter
def term_name(code: str | None) -> str:
    """A term by its name (2019年秋季学期), not its code."""
    if not code:
        return ""
    try:
        return term_facts(code).name
    except Refused:
        return code


@register.filter
def program_name(code: str | None, term: str | None) -> str:
    """`{{ code|program_name:job.term }}`: a program by the name the term's catalogue gives
    it (the code only when the term has no catalogue)."""
    if not code:
        return ""
    return program_names(term=term).get(code, code) if term else code


@register.filter
def actor(value: str | None) -> str:
    """Who did it, as people name them: `web:county881` -> `county881`."""
    return actor_words(value or "")


@register.simple_tag(takes_context=True)
def download_link(context: dict[str, Any]) -> SafeString:
    """The link that downloads the list on the page as .xlsx, under the page's filters."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["download"] = "xlsx"
    return format_html('<a class="download" href="?{}">下载 Excel</a>', query.urlencode())


@register.filter
def signed(number: int | None) -> str:
    """A change with its sign and separators: `+1,234`, `-3`, `0`."""
    if number is None:
        return ""
    return f"+{number:,}" if number > 0 else f"{number:,}"


@register.filter
def signed_yuan(fen: int | None) -> str:
    """A change of money in yuan with its sign: `+1,500.00`, `-312.50`, `0.00`."""
    if fen is None:
        return ""
    return f"+{grouped_yuan(int(fen))}" if fen > 0 else grouped_yuan(int(fen))
