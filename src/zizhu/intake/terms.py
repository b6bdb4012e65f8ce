"""The one term a 学生名册 or 认定 file holds (spec/formats.md): several terms, an unknown one,
or one that differs from the term asked for refuse the whole file."""

from __future__ import annotations

import polars as pl

from zizhu.core.errors import Code, Refused
from zizhu.intake import values as v

TERM_FORMAT = "（如 2019年秋季学期 或 2019-2）"


def term_code_of(text: str) -> str | None:
    """`2019年秋季学期` or `2019-2` -> `2019-2`; None for anything else."""
    code = pl.DataFrame({"t": [text.strip()]}).select(v.term_code("t"))["t"][0]
    return None if code is None else str(code)


def file_term(frame: pl.DataFrame, *, known: set[str], asked: str | None) -> str:
    """The term of a file whose `term` column holds each row's 学期; rows whose 学期 does not
    parse are left to the row rules."""
    asked_code = None
    if asked is not None:
        asked_code = term_code_of(asked)
        if asked_code is None:
            raise Refused(Code.FILE_TERM, f"指定的学期 {asked} 格式错误{TERM_FORMAT}")
    codes = frame.select(v.term_code("term").alias("t"))["t"].drop_nulls().unique().sort()
    if codes.len() > 1:
        raise Refused(
            Code.FILE_TERM, f"一个文件只能包含一个学期，本文件有：{'、'.join(codes.to_list())}"
        )
    term = str(codes[0]) if codes.len() else asked_code
    if term is None:
        raise Refused(Code.FILE_TERM, f"文件中没有有效的学期{TERM_FORMAT}")
    if term not in known:
        raise Refused(Code.TERM_UNKNOWN, f"未知的学期：{term}；请先用 zizhu term add 添加学期")
    if asked_code is not None and asked_code != term:
        raise Refused(Code.FILE_TERM, f"文件中的学期是 {term}，与指定的学期 {asked} 不一致")
    return term
