"""The synthetic city: sizes follow the scale, IDs are unique, a seed fixes everything."""

from __future__ import annotations

import polars as pl
from stdnum.cn import ric

from tests.synth.conftest import SCALE
from zizhu.synth.city import City
from zizhu.synth.params import CityParams

PARAMS = CityParams()


def test_sizes_follow_the_scale(city: City) -> None:
    assert city.enrolments["2019-1"].height == round(PARAMS.students * SCALE)
    autumn = city.enrolments["2019-2"].height
    assert abs(autumn - round(PARAMS.students * SCALE)) < 0.05 * autumn
    assert city.jdlk_table().height == round(PARAMS.jdlk_people * SCALE)
    assert city.civil_table().height == round(PARAMS.civil_people * SCALE)
    assert city.disability_table().height == round(PARAMS.disability_people * SCALE)
    assert city.loans_table().height == round(PARAMS.loans * SCALE)


def test_every_county_has_a_school_of_every_stage(city: City) -> None:
    local = city.units.filter(pl.col("stage") != "高校")
    per_county = local.group_by("county").agg(pl.col("stage").n_unique())
    assert per_county.height == 9
    assert (per_county["stage"] == 5).all()


def test_everyone_has_a_valid_id_of_their_own(city: City) -> None:
    ids = city.people["id_number"]
    assert ids.n_unique() == city.people.height
    assert all(ric.is_valid(i) for i in ids.sample(300, seed=2))


def test_lists_hold_students_and_people_out_of_school(city: City) -> None:
    students = set(city.students["id_number"])
    jdlk = city.jdlk_table()
    on_list = jdlk["身份证件号"].is_in(list(students))
    assert 0 < on_list.sum() < jdlk.height


def test_most_students_stay_between_terms(city: City) -> None:
    spring, autumn = (set(city.enrolments[t]["pid"]) for t in ("2019-1", "2019-2"))
    assert 0.8 < len(spring & autumn) / len(spring) < 1.0
    assert autumn - spring  # newcomers


def test_a_seed_gives_the_same_city_and_another_seed_another() -> None:
    def tables(city: City) -> list[pl.DataFrame]:
        return [
            city.schools_table(),
            city.roster("2019-2"),
            city.assessments("2019-1"),
            city.jdlk_table(),
            city.civil_table(),
            city.loans_table(),
        ]

    first = tables(City.build(scale=SCALE, seed=11))
    again = tables(City.build(scale=SCALE, seed=11))
    other = tables(City.build(scale=SCALE, seed=12))
    assert all(a.equals(b) for a, b in zip(first, again, strict=True))
    assert not first[1].equals(other[1])


def test_a_city_that_should_have_a_school_at_the_other_fee_has_one() -> None:
    """A fifth of the demo city (the lower fee's share x its public senior schools: about 0.9)
    once drew none, and its targets ask for one SEN_TUITION student at that fee."""
    params = CityParams(senior_fee_other_share=0.05)
    for scale in (0.2, 0.25):
        schools = City.build(scale=scale, seed=2019, params=params).schools
        public = schools.filter((pl.col("ownership") == "公办") & pl.col("fee").is_not_null())
        assert public.height * 0.05 >= 0.5
        assert public.filter(pl.col("fee") == params.senior_fee_other).height >= 1
        assert public.filter(pl.col("fee") == params.senior_fee).height >= 1
