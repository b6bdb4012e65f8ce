"""A finding's detail in words: the checks store codes (a category, a program), the same
facts always giving the same text, so that a resolved finding reopens exactly when its facts
change; people read the codes' Chinese names instead."""

from __future__ import annotations

import re

from zizhu.aid.selectors import program_names
from zizhu.audit.constants import CHECK_NAMES
from zizhu.hardship.constants import HardshipLevel
from zizhu.sources.lists import category_labels

# A code standing alone: capitals, digits and underscores, not inside a longer word.
_CODE = re.compile(r"(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]+(?![A-Za-z0-9_])")


def code_words(*, term: str) -> dict[str, str]:
    """The Chinese name of every code a finding's detail may hold for the term: categories,
    hardship levels, checks and the programs of the catalogue in force."""
    programs = program_names(term=term)  # empty when the term has no catalogue
    return {**CHECK_NAMES, **dict(HardshipLevel.choices), **category_labels(), **programs}


def detail_words(detail: str, words: dict[str, str]) -> str:
    """The detail with every known code replaced by its name; anything else left as it is."""
    return _CODE.sub(lambda found: words.get(found.group(0), found.group(0)), detail)
