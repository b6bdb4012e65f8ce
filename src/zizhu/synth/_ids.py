"""ID numbers (GB 11643), made for whole columns: region + birth date + sequence + check.

The sequence is allotted per (region, birth date, sex), so every ID in one call is unique; the
region is one GB/T 2260 knew in the birth year (python-stdnum's data, as the importers check).
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from zizhu.intake.values import ID_CHECK_CHARS, ID_WEIGHTS, region_valid
from zizhu.synth._random import bits

# Zhanjiang's county-level cities were counties with other codes before 1993/1994.
_PREDECESSORS = {"440881": "440822", "440882": "440824", "440883": "440821"}
_SEQUENCES_PER_SEX = 499  # odd 001…997 for men, even 002…998 for women


def _region_in(code: str, year: int) -> str:
    for candidate in (code, _PREDECESSORS.get(code, ""), code[:4] + "00", code[:2] + "0000"):
        if candidate and region_valid(candidate, year):
            return candidate
    raise ValueError(f"no valid region code for {code} in {year}")


def _regions_in_birth_year(keys: pl.Series) -> pl.Series:
    """keys: 'CCCCCCYYYY'; Python runs over the distinct pairs only."""
    mapping = {k: _region_in(k[:6], int(k[6:])) for k in keys.unique().to_list()}
    return keys.replace_strict(mapping, return_dtype=pl.String)


def _weighted(digits: pl.Expr, weights: tuple[int, ...]) -> pl.Expr:
    """Sum of the digits x weights; Python runs over the distinct values only (a few
    thousand dates, regions, sequences), which is far faster than per-row digit arithmetic."""

    def lookup(values: pl.Series) -> pl.Series:
        table = {
            v: sum(int(c) * w for c, w in zip(v, weights, strict=True))
            for v in values.unique().to_list()
        }
        return values.replace_strict(table, return_dtype=pl.Int64)

    return digits.map_batches(lookup, return_dtype=pl.Int64)


@lru_cache(maxsize=256)
def _elsewhere_codes(year: int) -> tuple[str, ...]:
    """Guangdong's county codes, other than Zhanjiang's, that existed in `year`."""
    return tuple(
        code for n in range(440100, 445400)
        if not (code := str(n)).startswith("4408") and region_valid(code, year)
    )  # fmt: skip


def _born_elsewhere(frame: pl.DataFrame) -> pl.DataFrame:
    """A region numbers at most 499 people of a sex born on one day. A city larger than
    Zhanjiang (the growth curve's scale 2 and 4) has more: the rest were born in other
    Guangdong counties (children of people who moved in), each (region, overflow, birth year)
    in a county of its own that existed that year, so that no county's numbers are shared.
    Zhanjiang's size never gets here, and its IDs are as they always were."""
    if not frame.height or frame["_k"].max() <= _SEQUENCES_PER_SEX:  # type: ignore[operator]
        return frame
    overflow = (pl.col("_k") - 1) // _SEQUENCES_PER_SEX
    keys = ["id_region", "_o", "_year"]
    frame = frame.with_columns(overflow.alias("_o"), pl.col("birth").dt.year().alias("_year"))
    pairs = frame.filter(pl.col("_o") > 0).select(keys).unique().sort(keys)
    pairs = pairs.with_columns(pl.int_range(pl.len()).over("_year").alias("_n"))
    elsewhere = []
    for year, n in pairs.select("_year", "_n").iter_rows():  # a few hundred pairs
        codes = _elsewhere_codes(year)
        if n >= len(codes):
            raise ValueError("too many people born on one day in one region for unique IDs")
        elsewhere.append(codes[n])
    moved = pairs.drop("_n").with_columns(pl.Series("_elsewhere", elsewhere, dtype=pl.String))
    return (
        frame.join(moved, on=keys, how="left")
        .with_columns(pl.coalesce("_elsewhere", "id_region").alias("id_region"))
        .drop("_o", "_year", "_elsewhere")
    )


def with_ids(people: pl.DataFrame, seed: int, *, shift: int = 0) -> pl.DataFrame:
    """people: pid, region, birth, male. Adds id_number and j_number (a J 学籍号).

    `shift` moves the sequences allotted within each (region, birth date, sex): people made in
    a later call with another shift get sequences the first call's people do not hold, as long
    as neither call puts more than the shift's distance of people into one such group."""
    key = pl.concat_str(pl.col("region"), pl.col("birth").dt.year().cast(pl.String))
    region = key.map_batches(_regions_in_birth_year, return_dtype=pl.String)
    group = ["id_region", "birth", "male"]
    order = bits(pl.col("pid"), seed, "id-order").rank("ordinal").over(group)
    frame = people.with_columns(region.alias("id_region"))
    frame = _born_elsewhere(frame.with_columns(order.alias("_k"))).with_columns(
        order.alias("_k"), (pl.struct(group).hash(seed) % 400).alias("_offset")
    )
    if frame.height and frame["_k"].max() > _SEQUENCES_PER_SEX:  # type: ignore[operator]
        raise ValueError("too many people born on one day in one region for unique IDs")
    half = (pl.col("_offset") + shift + pl.col("_k") - 1) % _SEQUENCES_PER_SEX
    seq = half * 2 + pl.when(pl.col("male")).then(1).otherwise(2)
    total = (
        _weighted(pl.col("id_region"), ID_WEIGHTS[:6])
        + _weighted(pl.col("_ymd"), ID_WEIGHTS[6:14])
        + _weighted(pl.col("_seq"), ID_WEIGHTS[14:])
    )
    check = (pl.col("_sum") % 11).replace_strict(
        dict(enumerate(ID_CHECK_CHARS)), return_dtype=pl.String
    )
    # A student with no ID has a 学籍号 J + the same 17 digits + a check digit of our own (the
    # real algorithm is unpublished; importers check only the shape and the date).
    j_check = (pl.col("_sum") % 10).cast(pl.String)
    return (
        frame.with_columns(
            seq.cast(pl.String).str.zfill(3).alias("_seq"),
            pl.col("birth").dt.strftime("%Y%m%d").alias("_ymd"),
        )
        .with_columns(
            pl.concat_str("id_region", "_ymd", "_seq").alias("_body"), total.alias("_sum")
        )
        .with_columns(
            pl.concat_str("_body", check).alias("id_number"),
            pl.concat_str(pl.lit("J"), "_body", j_check).alias("j_number"),
        )
        .drop("_k", "_offset", "_seq", "_ymd", "_body", "_sum", "id_region")
    )
