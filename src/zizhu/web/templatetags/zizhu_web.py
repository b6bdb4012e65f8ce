"""Template filters: masking, money in yuan, Chinese labels of codes."""

from __future__ import annotations

from django import template

from zizhu.core.actions import actor_words
from zizhu.core.masking import mask_account, mask_id_number
from zizhu.core.money import fen_to_yuan
from zizhu.web.labels import label

register = template.Library()


@register.filter
def masked_id(value: str | None) -> str:
    return mask_id_number(value)


@register.filter
def masked_account(value: str | None) -> str:
    return mask_account(value)


@register.filter
def yuan(fen: int | None) -> str:
    return "" if fen is None else fen_to_yuan(int(fen))


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
def actor(value: str | None) -> str:
    """Who did it, as people name them: `web:county881` -> `county881`."""
    return actor_words(value or "")
