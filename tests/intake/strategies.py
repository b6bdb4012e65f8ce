"""Hypothesis strategies for spreadsheet cells: the text people and other systems put in them."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from tests.ids import make_id

# Characters that cleaning must deal with, mixed into ordinary text.
AWKWARD = "\u00a0\u3000\u2007\u202f\ufeff\u200b \t０１２３４５６７８９ＡＢｘＸx-./:;、，"
COUNTIES = ["440802", "440803", "440804", "440811", "440823", "440825", "440881", "440882"]
OTHER_REGIONS = ["110108", "440800", "449999", "000000", "441521"]


def cell_text(*, max_size: int = 24, printable: bool = False) -> st.SearchStrategy[str]:
    """Any text a cell may hold, weighted towards the characters cleaning touches.

    printable: no control characters, which no spreadsheet cell holds (a NUL in a CSV makes it
    "not a spreadsheet"): for text written into files.
    """
    # Never lone surrogates: no decoder or spreadsheet reader produces them.
    anything = (
        st.characters(exclude_categories=("Cc", "Cs"))
        if printable
        else st.characters(codec="utf-8")
    )
    return st.one_of(
        st.text(anything, max_size=max_size),
        st.text(alphabet=AWKWARD + "0123456789X张三年级是否元", max_size=max_size),
    )


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """Strings shaped like ID numbers, valid or broken in the ways files break them."""
    birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))).strftime("%Y%m%d")
    region = draw(st.sampled_from(COUNTIES + OTHER_REGIONS))
    good = make_id(region, birth, draw(st.integers(0, 999)))
    return draw(
        st.sampled_from(
            [
                good,
                good[:-1] + draw(st.sampled_from("0123456789X")),  # maybe a wrong check character
                good[:-1] + good[-1].lower(),
                good[:6] + good[8:17],  # a 15-digit old ID
                good[:15] + "000",  # Excel kept 15 significant digits
                f"{float(good[:17] + '0'):.5E}",  # Excel's scientific notation
                good[:6] + draw(st.from_regex(r"\A\d{8}\Z")) + good[14:],  # any 8 digits as date
            ]
        )
    )


def money_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.from_regex(r"\A-?\d{1,22}(\.\d{0,4})?\Z"),
        st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
        cell_text(max_size=8),
    )


def date_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.from_regex(r"\A\d{4}[-/]\d{1,2}[-/]\d{1,2}( \d\d:\d\d:\d\d)?\Z"),
        st.from_regex(r"\A\d{1,9}\Z"),
        cell_text(max_size=12),
    )
