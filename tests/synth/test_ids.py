"""ID numbers for a city larger than Zhanjiang: more people born on one day in one county than
the county can number (499 of a sex) are born elsewhere in Guangdong, with valid, unique IDs."""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.intake.values import id_number_reason
from zizhu.synth._ids import with_ids


def _people(count: int, region: str, day: dt.date, pid_from: int = 0) -> pl.DataFrame:
    return pl.DataFrame({
        "pid": range(pid_from, pid_from + count), "region": [region] * count,
        "birth": [day] * count, "male": [n % 2 == 0 for n in range(count)],
    })  # fmt: skip


def test_a_crowded_day_gets_unique_valid_ids_born_in_other_counties() -> None:
    crowded = pl.concat([
        _people(2_600, "440882", dt.date(2008, 3, 1)),
        _people(1_500, "440881", dt.date(2008, 3, 1), pid_from=10_000),
        _people(1_200, "440882", dt.date(1999, 7, 9), pid_from=20_000),
    ])  # fmt: skip
    ids = with_ids(crowded, seed=2019)
    assert ids.height == crowded.height
    assert ids["id_number"].n_unique() == ids.height
    assert ids["j_number"].n_unique() == ids.height
    checked = ids.select(id_number_reason("id_number", today=dt.date(2019, 9, 1)).alias("why"))
    assert checked["why"].null_count() == ids.height  # every one valid, region in its year
    regions = ids["id_number"].str.slice(0, 6)
    # A county numbers 499 people of a sex on a day; the rest come from elsewhere in Guangdong.
    assert (regions == "440882").sum() == 2 * 499 + 2 * 499
    assert regions.str.starts_with("44").all() and regions.n_unique() > 3


def test_a_city_of_zhanjiangs_size_keeps_its_ids() -> None:
    few = _people(900, "440882", dt.date(2008, 3, 1))
    regions = with_ids(few, seed=2019)["id_number"].str.slice(0, 6)
    assert (regions == "440882").all()
