"""Chinese names: a surname weighted as on the Leizhou peninsula, one or two given characters."""

from __future__ import annotations

import polars as pl

from zizhu.synth._random import below, choice, unit

# Surnames with rough weights (陈, 李, 黄, 林 are far the commonest in western Guangdong).
_SURNAMES = {
    "陈": 12, "李": 8, "黄": 7, "林": 6, "梁": 5, "吴": 5, "杨": 4, "庞": 3, "莫": 3, "邓": 3,
    "王": 3, "张": 3, "刘": 3, "谢": 2, "许": 2, "钟": 2, "蔡": 2, "何": 2, "郑": 2, "周": 2,
    "符": 2, "麦": 1, "詹": 1, "欧": 1, "全": 1, "戚": 1, "谭": 1, "朱": 1, "罗": 1, "苏": 1,
    "冯": 1, "曾": 1, "叶": 1, "徐": 1, "龙": 1, "揭": 1, "宋": 1, "洪": 1, "潘": 1, "袁": 1,
}  # fmt: skip
_SURNAME_TABLE = [name for name, weight in _SURNAMES.items() for _ in range(weight)]
_MALE = list("伟强明杰俊浩宇轩涛斌鹏辉华军文志海锋健家嘉子梓晨博宏振国荣永建泽锦烨铭鑫昊睿彬林东威")
_FEMALE = list("芳娜敏静丽婷雪慧颖琳欣怡佳雨梦诗思晓嘉子梓玲燕霞莹洁萍红艳琪瑶璐悦彤桐妍涵")
# Characters used by no generated name: a variant always differs from the name it varies.
_VARIANT = list("炜峻皓玮琦琼蕾瑜珏骏")


def surname(key: pl.Expr, seed: int) -> pl.Expr:
    return choice(key, seed, "surname", _SURNAME_TABLE)


def _character(key: pl.Expr, seed: int, male: pl.Expr, n: int) -> pl.Expr:
    male_char = choice(key, seed, f"given{n}m", _MALE)
    return pl.when(male).then(male_char).otherwise(choice(key, seed, f"given{n}f", _FEMALE))


def given(key: pl.Expr, seed: int, male: pl.Expr) -> pl.Expr:
    """One character (a fifth of people) or two, from a list by sex."""
    first, second = _character(key, seed, male, 1), _character(key, seed, male, 2)
    one_char = unit(key, seed, "given-length") < 0.2
    return pl.when(one_char).then(first).otherwise(pl.concat_str(first, second))


def full_name(key: pl.Expr, seed: int, male: pl.Expr, family: pl.Expr | None = None) -> pl.Expr:
    """A name; `family` gives the surname where it is inherited (a father's child)."""
    return pl.concat_str(surname(key, seed) if family is None else family, given(key, seed, male))


def variant(name: pl.Expr, key: pl.Expr, seed: int) -> pl.Expr:
    """The same person written differently: the last character swapped for a homophone-like one."""
    last = below(key, seed, "variant", len(_VARIANT)).replace_strict(
        dict(enumerate(_VARIANT)), return_dtype=pl.String
    )
    return pl.concat_str(name.str.slice(0, name.str.len_chars() - 1), last)
