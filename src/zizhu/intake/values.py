"""Value rules of spec/formats.md as polars expressions over whole columns.

Each `*_reason` expression is a Chinese reason where a cell breaks a rule and null where it is
fine; `first_reason` picks the first broken rule of a row. Parsers turn clean text into values.
Python runs only over distinct values (region codes per birth year), never once per row.
Patterns say [0-9], never \\d: polars' \\d matches any Unicode digit (٣, ३), which passes a
shape check but not the cast to a number that follows.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import polars as pl
from stdnum import numdb

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
EXCEL_EPOCH = dt.date(1899, 12, 30)
ROW_COLUMN = "_row"  # as in reader.ROW

MSG_EXCEL_NUMBER = "被 Excel 存成了数字，末尾几位已丢失：请把该列设为文本后重新填写"


def first_reason(*reasons: pl.Expr) -> pl.Expr:
    return pl.coalesce(*reasons)


def when_bad(condition: pl.Expr, reason: str) -> pl.Expr:
    return pl.when(condition).then(pl.lit(reason)).otherwise(pl.lit(None, dtype=pl.String))


def required_reason(col: str, header: str) -> pl.Expr:
    return when_bad(pl.col(col).is_null(), f"{header}不能为空")


# ---- ID numbers (GB 11643) -------------------------------------------------------------


def id_checksum_ok(expr: pl.Expr) -> pl.Expr:
    """ISO 7064 MOD 11-2 over an 18-character string already of the right shape."""
    total = pl.sum_horizontal(
        [expr.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(ID_WEIGHTS)]
    )
    expected = (total % 11).replace_strict(
        list(range(11)), list(ID_CHECK_CHARS), return_dtype=pl.String
    )
    return expected == expr.str.slice(17, 1)


def compact_date(expr: pl.Expr) -> pl.Expr:
    """An 8-digit YYYYMMDD string as a date; null where no such day exists."""
    return _real_day(expr.str.to_date("%Y%m%d", strict=False))


def _real_day(day: pl.Expr) -> pl.Expr:
    # polars parses year 0000, which neither Python nor PostgreSQL has: no such day exists.
    return pl.when(day.dt.year() >= 1).then(day)


@lru_cache(maxsize=65536)
def region_valid(code: str, year: int | None = None) -> bool:
    """Whether a GB/T 2260 address code existed (in the given year, where one is given)."""
    if len(code) != 6 or not code.isdigit():
        return False
    parts = numdb.get("cn/loc").info(code)
    county = parts[-1][1].get("county") if len(parts) == 2 else None
    if not county:
        return False
    for entry in county.split(","):
        if not entry.startswith("["):
            return True
        start, end = entry[1:].split("]")[0].split("-")
        if year is None:
            return True
        if (not start or year >= int(start)) and (not end or year <= int(end)):
            return True
    return False


def _region_valid_batch(keys: pl.Series) -> pl.Series:
    """keys: 'CCCCCCYYYY' strings; python only over distinct keys."""
    mapping = {k: region_valid(k[:6], int(k[6:10])) for k in keys.drop_nulls().unique().to_list()}
    return keys.replace_strict(mapping, default=None, return_dtype=pl.Boolean)


def _looks_like_excel_number_batch(values: pl.Series) -> pl.Series:
    """An 18-digit number that Excel kept to 15 significant digits: '…000', or the double
    nearest to such a number as a spreadsheet reader prints it ('…1008')."""

    def lost_digits(text: str) -> bool:
        if text.endswith("000"):
            return True
        as_float = float(text)
        return int(float(f"{as_float:.15g}")) == int(text)

    mapping = {v: lost_digits(v) for v in values.drop_nulls().unique().to_list()}
    return values.replace_strict(mapping, default=False, return_dtype=pl.Boolean)


def id_number_reason(
    col: str, *, today: dt.date, header: str = "身份证件号", required: bool = True
) -> pl.Expr:
    value = pl.col(col)
    shaped = value.str.contains(r"^[0-9]{17}[0-9X]$")
    birth = compact_date(value.str.slice(6, 8))
    checksum_ok = id_checksum_ok(value)
    all_digits = value.str.contains(r"^[0-9]{18}$")
    region_key = pl.when(shaped).then(pl.concat_str(value.str.slice(0, 6), value.str.slice(6, 4)))
    region_ok = region_key.map_batches(_region_valid_batch, return_dtype=pl.Boolean)
    # Python looks only at the few IDs whose check character is wrong.
    suspects = pl.when(all_digits & ~checksum_ok).then(value)
    excel_number = suspects.map_batches(_excel_flags, return_dtype=pl.Boolean)
    return first_reason(
        when_bad(value.is_null(), f"{header}不能为空") if required else pl.lit(None, pl.String),
        when_bad(value.str.contains(r"(?i)^[0-9.]+E\+?[0-9]+$"), f"{header}{MSG_EXCEL_NUMBER}"),
        when_bad(value.str.contains(r"^[0-9]{15}$"), f"{header}是15位旧号码，请换用18位身份证号"),
        when_bad(
            value.is_not_null() & ~shaped,
            f"{header}格式错误：应为18位，前17位是数字，最后一位是数字或X",
        ),
        when_bad(shaped & birth.is_null(), f"{header}中的出生日期不存在"),
        when_bad(shaped & (birth > today), f"{header}中的出生日期晚于今天"),
        when_bad(shaped & ~checksum_ok & all_digits & excel_number, f"{header}{MSG_EXCEL_NUMBER}"),
        when_bad(shaped & ~checksum_ok, f"{header}校验位错误"),
        when_bad(shaped & ~region_ok, f"{header}中的地址码在出生年份不存在"),
    )


def _excel_flags(values: pl.Series) -> pl.Series:
    candidates = values.str.contains(r"^[0-9]{18}$").fill_null(False)
    flags = _looks_like_excel_number_batch(values.filter(candidates))
    out = pl.Series(values.name, [False] * len(values), dtype=pl.Boolean)
    return out.scatter(candidates.arg_true(), flags)


def id_birth_date(col: str) -> pl.Expr:
    return compact_date(pl.col(col).str.slice(6, 8))


def id_sex(col: str) -> pl.Expr:
    """男 where the 17th character is odd, 女 where even."""
    digit = pl.col(col).str.slice(16, 1).cast(pl.Int32, strict=False)
    return pl.when(digit % 2 == 1).then(pl.lit("男")).when(digit.is_not_null()).then(pl.lit("女"))


def sex_reason(sex_col: str, id_col: str) -> pl.Expr:
    sex = pl.col(sex_col)
    return first_reason(
        when_bad(sex.is_not_null() & ~sex.is_in(["男", "女"]), "性别应为“男”或“女”"),
        when_bad(
            sex.is_in(["男", "女"]) & id_sex(id_col).is_not_null() & (sex != id_sex(id_col)),
            "性别与身份证件号不符",
        ),
    )


# ---- 学籍号 and region codes ------------------------------------------------------------


def student_no_reason(col: str, *, today: dt.date) -> pl.Expr:
    value = pl.col(col)
    g_shape = value.str.contains(r"^G[0-9]{17}[0-9X]$")
    j_shape = value.str.contains(r"^J[0-9]{18}$")
    l_shape = value.str.contains(r"^L[0-9]{18}$")
    birth = compact_date(value.str.slice(7, 8))
    g_check = id_checksum_ok(value.str.slice(1, 18))
    return first_reason(
        when_bad(
            value.is_not_null() & ~(g_shape | j_shape | l_shape),
            "学籍号格式错误：应为 G 加18位身份证号、J 加18位数字或 L 加18位数字",
        ),
        when_bad((g_shape | j_shape | l_shape) & birth.is_null(), "学籍号中的出生日期不存在"),
        when_bad((g_shape | j_shape | l_shape) & (birth > today), "学籍号中的出生日期晚于今天"),
        when_bad(g_shape & ~g_check, "学籍号中的身份证号校验位错误"),
    )


def region_code_reason(col: str, header: str) -> pl.Expr:
    value = pl.col(col)
    known = value.map_batches(
        lambda s: s.replace_strict(
            {v: region_valid(v) for v in s.drop_nulls().unique().to_list()},
            default=None,
            return_dtype=pl.Boolean,
        ),
        return_dtype=pl.Boolean,
    )
    return first_reason(
        when_bad(value.is_not_null() & ~value.str.contains(r"^[0-9]{6}$"), f"{header}应为6位数字"),
        when_bad(value.str.contains(r"^[0-9]{6}$") & ~known, f"{header}不是有效的行政区划代码"),
    )


# ---- terms, stages, grades -------------------------------------------------------------

_TERM_NAME = r"^([0-9]{4})年(春|秋)季学期$"
_TERM_CODE = r"^([0-9]{4})-([12])$"


def term_code(col: str) -> pl.Expr:
    """'2019年春季学期' or '2019-1' -> '2019-1'; null where it is neither."""
    value = pl.col(col)
    from_name = pl.concat_str(
        value.str.extract(_TERM_NAME, 1),
        pl.lit("-"),
        value.str.extract(_TERM_NAME, 2).replace_strict({"春": "1", "秋": "2"}, default=None),
    )
    return pl.when(value.str.contains(_TERM_CODE)).then(value).otherwise(from_name)


# The stages as the files write them (formats.md 学段): the labels of registry's Stage, and
# 技工学校 read as 中职 (registry's tests hold the two together).
STAGES = {
    "学前": "PRESCHOOL",
    "小学": "PRIMARY",
    "初中": "JUNIOR",
    "普通高中": "SENIOR",
    "中职": "VOCATIONAL",
    "技工学校": "VOCATIONAL",
    "高校": "HIGHER",
}
MAX_GRADE = {"PRESCHOOL": 3, "PRIMARY": 6, "JUNIOR": 3, "SENIOR": 3, "VOCATIONAL": 3, "HIGHER": 5}
# Grades as the files write them (formats.md 年级): 学前 by class, the others by year; pages
# and the catalogue's words name grades with these too.
PRESCHOOL_GRADES = {1: "小班", 2: "中班", 3: "大班"}
YEAR_GRADES = {n: f"{word}年级" for n, word in enumerate("一二三四五六", start=1)}
_GRADE_WORDS = {
    **{word: n for n, word in PRESCHOOL_GRADES.items()},
    **{word: n for n, word in YEAR_GRADES.items()},
    **{str(n): n for n in YEAR_GRADES},
}


def stage_code(col: str) -> pl.Expr:
    return pl.col(col).replace_strict(STAGES, default=None, return_dtype=pl.String)


def stage_reason(col: str) -> pl.Expr:
    return when_bad(
        pl.col(col).is_not_null() & stage_code(col).is_null(),
        "学段应为：学前、小学、初中、普通高中、中职（技工学校）、高校",
    )


def grade_number(grade_col: str, stage_expr: pl.Expr) -> pl.Expr:
    """The grade as a number; 学前 accepts only 小班/中班/大班, the others only years."""
    value = pl.col(grade_col)
    number = value.replace_strict(_GRADE_WORDS, default=None, return_dtype=pl.Int16)
    preschool_word = value.is_in(list(PRESCHOOL_GRADES.values()))
    fits_stage = pl.when(stage_expr == "PRESCHOOL").then(preschool_word).otherwise(~preschool_word)
    in_range = number <= stage_expr.replace_strict(MAX_GRADE, default=None, return_dtype=pl.Int16)
    return pl.when(fits_stage & in_range).then(number)


def grade_reason(grade_col: str, stage_expr: pl.Expr) -> pl.Expr:
    return when_bad(
        pl.col(grade_col).is_not_null()
        & stage_expr.is_not_null()
        & grade_number(grade_col, stage_expr).is_null(),
        "年级与学段不符：学前为小班/中班/大班，小学1–6，初中、普通高中、中职1–3，高校1–5",
    )


# ---- dates, money, yes/no ---------------------------------------------------------------


def date_value(col: str) -> pl.Expr:
    """2019-09-01, 2019/9/1, 20190901, or an Excel date cell (a day serial number)."""
    # The reader renders an Excel date (or date-time) cell as '2019-09-01 00:00:00': its date.
    value = pl.col(col).str.replace(
        r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) [0-9]{2}:[0-9]{2}:[0-9]{2}$", "${1}"
    )
    dashed = value.str.replace_all("/", "-").str.to_date("%Y-%-m-%-d", strict=False)
    compact = compact_date(value)
    serial = value.cast(pl.Int32, strict=False)
    from_serial = pl.lit(EXCEL_EPOCH) + pl.duration(days=serial)
    return (
        pl.when(value.str.contains(r"^[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}$"))
        .then(_real_day(dashed))
        .when(value.str.contains(r"^[0-9]{8}$"))
        .then(compact)
        .when(value.str.contains(r"^[0-9]{1,5}$") & (serial > 0))
        .then(from_serial.cast(pl.Date))
    )


def date_reason(col: str, header: str) -> pl.Expr:
    return when_bad(
        pl.col(col).is_not_null() & date_value(col).is_null(),
        f"{header}不是有效日期（如 2019-09-01）",
    )


# At most 15 digits of yuan, so that fen stay well inside a 64-bit integer: a longer amount
# would overflow and wrap round into another number, silently.
_MONEY = r"^[0-9]{1,15}(\.[0-9]{1,2})?$"


_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")


def _money_text(col: str) -> pl.Expr:
    """The cell's text, with a number cell's float noise taken off: the spreadsheet reader
    prints a number cell's double to 9 decimals, trailing zeros dropped, so 99999999.99 comes
    as '99999999.989999995'. Excel keeps 15 significant digits: a text that is exactly how the
    reader prints a number of 15 is read as that number. A text typed with more digits stays
    as typed (and is refused). Python only over distinct values."""

    def as_excel_shows(values: pl.Series) -> pl.Series:
        def shown(text: str) -> str:
            if not _DECIMAL.fullmatch(text) or len(text.replace(".", "").lstrip("0")) <= 15:
                return text
            excel = f"{float(text):.15g}"
            if "e" in excel:
                return text
            printed = f"{float(excel):.9f}".rstrip("0").rstrip(".")
            return excel if printed == text else text

        mapping = {v: shown(v) for v in values.drop_nulls().unique().to_list()}
        return values.replace_strict(mapping, default=None, return_dtype=pl.String)

    return pl.col(col).map_batches(as_excel_shows, return_dtype=pl.String)


def money_fen(col: str) -> pl.Expr:
    """Yuan text with at most 2 decimals as whole fen; never through a float."""
    value = _money_text(col)
    whole = value.str.extract(r"^([0-9]+)", 1).cast(pl.Int64, strict=False)
    cents = (
        value.str.extract(r"\.([0-9]{1,2})$", 1).str.pad_end(2, "0").cast(pl.Int64, strict=False)
    )
    return pl.when(value.str.contains(_MONEY)).then(whole * 100 + cents.fill_null(0))


def money_reason(col: str, header: str, *, positive: bool = False) -> pl.Expr:
    value = _money_text(col)
    reasons = [
        when_bad(value.str.starts_with("-"), f"{header}不能为负数"),
        when_bad(value.str.contains(r"^[0-9]+\.[0-9]{3,}$"), f"{header}最多保留两位小数"),
        when_bad(value.str.contains(r"^[0-9]{16,}(\.[0-9]*)?$"), f"{header}过大"),
        when_bad(value.is_not_null() & ~value.str.contains(_MONEY), f"{header}不是有效金额"),
    ]
    if positive:
        reasons.append(when_bad(money_fen(col) == 0, f"{header}必须大于零"))
    return first_reason(*reasons)


_YES = {
    "是": True,
    "Y": True,
    "y": True,
    "1": True,
    "否": False,
    "N": False,
    "n": False,
    "0": False,
}


def yes_no(col: str) -> pl.Expr:
    return pl.col(col).replace_strict(_YES, default=None, return_dtype=pl.Boolean)


def yes_no_reason(col: str, header: str) -> pl.Expr:
    return when_bad(pl.col(col).is_not_null() & yes_no(col).is_null(), f"{header}应为“是”或“否”")


def choice_reason(col: str, header: str, allowed: list[str]) -> pl.Expr:
    return when_bad(
        pl.col(col).is_not_null() & ~pl.col(col).is_in(allowed),
        f"{header}应为：{'、'.join(allowed)}",
    )


def mark_later_duplicates(
    frame: pl.DataFrame, keys: list[str], *, reason: str, what: str
) -> pl.DataFrame:
    """Reject the second and later rows of the same record among rows not yet rejected."""
    # Only the columns it needs: a filter of the whole frame copied every column (over half a
    # gigabyte for a county of 1.27 million rows).
    valid = frame.select(ROW_COLUMN, *keys, reason).filter(pl.col(reason).is_null())
    later = valid.filter(~pl.struct(keys).is_first_distinct()).select(ROW_COLUMN)
    message = f"与本文件前面的行重复（同一{what}）"
    return frame.with_columns(
        pl.when(pl.col(ROW_COLUMN).is_in(later[ROW_COLUMN].implode()))
        .then(pl.lit(message))
        .otherwise(pl.col(reason))
        .alias(reason)
    )


def id_number_text(col: str) -> pl.Expr:
    """An ID number as cleaned for checks: a lowercase x at the end written as X."""
    return pl.col(col).str.replace(r"x$", "X")


def length_reason(col: str, header: str, limit: int) -> pl.Expr:
    """Free text longer than the database keeps (counted in characters, not bytes)."""
    return when_bad(pl.col(col).str.len_chars() > limit, f"{header}不能超过{limit}个字符")
