"""The demo city's 2020, derived from its 2019: who graduates, moves up, enters, transfers and
drops out; the new versions of the department lists; the schools' 认定; the loans."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from stdnum.cn import ric

from zizhu.synth._moves import GONE
from zizhu.synth._roster import status_drawn
from zizhu.synth.city import CIVIL, DISABILITY, JDLK
from zizhu.synth.next_year import NextYear
from zizhu.synth.params import GRADES, NEXT_STAGES
from zizhu.synth.seed2019 import DemoCity

SCALE = 0.004  # about 6,400 students
SPRING, AUTUMN = "2020-1", "2020-2"


@pytest.fixture(scope="module")
def last() -> DemoCity:
    return DemoCity.plant(scale=SCALE)


@pytest.fixture(scope="module")
def city(last: DemoCity) -> NextYear:
    return NextYear.derive(last, assessed=last.planted.assessed)


def both(a: pl.DataFrame, b: pl.DataFrame) -> pl.DataFrame:
    """Students enrolled in both: pid and each side's columns, suffixed _b."""
    return a.join(b, on="pid", suffix="_b")


def pids(frame: pl.DataFrame) -> set[int]:
    return set(frame["pid"].to_list())


def test_the_spring_term_keeps_the_school_year_s_grades_and_schools(
    last: DemoCity, city: NextYear
) -> None:
    pairs = both(last.enrolments["2019-2"], city.enrolments[SPRING])
    assert pairs.height > 0.95 * city.enrolments[SPRING].height
    assert (pairs["grade"] == pairs["grade_b"]).all()
    assert (pairs["stage"] == pairs["stage_b"]).all()
    moved = pids(city.departures[SPRING])
    stayed = pairs.filter(~pl.col("pid").is_in(list(moved)))
    assert (stayed["school"] == stayed["school_b"]).all()


def test_grades_advance_in_the_autumn_or_go_on_to_the_next_stage(city: NextYear) -> None:
    pairs = both(city.enrolments[SPRING], city.enrolments[AUTUMN])
    same = pairs.filter(pl.col("stage") == pl.col("stage_b"))
    assert same.height > 0.7 * pairs.height
    assert (same["grade_b"] == same["grade"] + 1).all()
    onward = pairs.filter(pl.col("stage") != pl.col("stage_b"))
    assert onward.height > 0
    for row in onward.iter_rows(named=True):
        assert row["stage_b"] in NEXT_STAGES[row["stage"]]
        assert row["grade_b"] == 1
        assert row["grade"] == GRADES[row["stage"]]


def test_a_graduate_is_on_no_roster_of_the_next_autumn(city: NextYear) -> None:
    spring = city.enrolments[SPRING]
    # 中职 has no next stage here, and 高校's last grade leaves: their graduates are gone.
    graduates = spring.filter(
        ((pl.col("stage") == "中职") & (pl.col("grade") == 3))
        | ((pl.col("stage") == "高校") & (pl.col("grade") == 5))
    )
    assert graduates.height > 0
    autumn_roster = city.roster(AUTUMN)
    assert not pids(graduates) & pids(city.enrolments[AUTUMN])
    assert not pids(graduates) & pids(autumn_roster)
    # A 普通高中 graduate is either gone or in a 高校's first grade.
    seniors = spring.filter((pl.col("stage") == "普通高中") & (pl.col("grade") == 3))
    after = city.enrolments[AUTUMN].join(seniors.select("pid"), on="pid")
    assert set(after["stage"].to_list()) <= {"高校"}
    assert set(after["grade"].to_list()) <= {1}


def test_new_entrants_arrive_mostly_at_the_entry_grades(last: DemoCity, city: NextYear) -> None:
    before = pids(last.students)
    autumn = city.enrolments[AUTUMN]
    entrants = autumn.filter(~pl.col("pid").is_in(list(before)))
    assert pids(entrants) == pids(city.entrants)
    assert entrants.height > 0.05 * autumn.height
    # Children entering school (学前 小班) are the most; the rest move in to any grade.
    cells = entrants.group_by("stage", "grade").len().sort("len", descending=True)
    assert cells.row(0)[:2] == ("学前", 1)
    assert entrants.filter(pl.col("grade") == 1).height > 0.4 * entrants.height
    # Entrants are new people with valid ID numbers that nobody else holds.
    assert not pids(entrants) & pids(city.enrolments[SPRING])
    ids = city.students.join(entrants.select("pid"), on="pid")["id_number"]
    assert all(ric.is_valid(i) for i in ids.to_list())
    assert city.people["id_number"].n_unique() == city.people.height


def test_students_who_left_or_dropped_out_do_not_come_back(last: DemoCity, city: NextYear) -> None:
    for before, enrol, after in (
        ("2019-2", last.enrolments["2019-2"], SPRING),
        (SPRING, city.enrolments[SPRING], AUTUMN),
    ):
        arrived = pl.Series(list(pids(city.departures.get(before, pl.DataFrame({"pid": []})))))
        status = enrol.with_columns(status_drawn(last.seed, before, last.params).alias("s"))
        gone = status.filter(pl.col("s").is_in(GONE) & ~pl.col("pid").is_in(arrived.implode()))
        assert gone.height > 0
        assert not pids(gone) & pids(city.enrolments[after])


@pytest.mark.parametrize("term", [SPRING, AUTUMN])
def test_a_transfer_is_on_both_schools_rosters_of_its_term(
    last: DemoCity, city: NextYear, term: str
) -> None:
    departures = city.departures[term]
    assert departures.height > 0
    roster = city._clean_roster(term)
    before = last.enrolments["2019-2"] if term == SPRING else city.enrolments[SPRING]
    for row in departures.iter_rows(named=True):
        rows = roster.filter(pl.col("pid") == row["pid"])
        by_school = dict(zip(rows["学校标识码"], rows["在校状态"], strict=True))
        new = city.enrolments[term].filter(pl.col("pid") == row["pid"]).row(0, named=True)
        assert new["school"] != row["school"]
        assert by_school == {row["school"]: "转出", new["school"]: "在读"}
        assert new["stage"] == row["stage"]
        # The old school is where the student was the term before (same grade in the spring,
        # the next grade in the autumn).
        was = before.filter(pl.col("pid") == row["pid"]).row(0, named=True)
        assert was["school"] == row["school"]
    counties = departures.join(city.enrolments[term], on="pid", suffix="_new")
    assert (counties["county"] != counties["county_new"]).any()  # some move to another county


def test_households_leave_and_enter_poverty_in_the_2020_list(
    last: DemoCity, city: NextYear
) -> None:
    before, now = last.lists[JDLK], city.lists[JDLK]
    assert pids(before) <= pids(now)  # every household is on the new year's list
    pairs = before.join(now, on="pid", suffix="_now")
    changed = pairs.filter(pl.col("status") != pl.col("status_now"))
    moves = set(zip(changed["status"], changed["status_now"], strict=True))
    assert moves == {("未脱贫", "已脱贫享受政策"), ("已脱贫享受政策", "已脱贫不享受政策")}
    entering = now.join(before, on="pid", how="anti")
    members = entering.filter(pl.col("relation") == "子女")
    assert pids(members) <= pids(city.students)
    # Newly registered households of students already in school are 未脱贫; children starting
    # school come on the list about as often as last year's students were on it.
    registered = members.filter(~pl.col("pid").is_in(city.entrants["pid"].implode()))
    assert registered.height > 0
    assert set(registered["status"].to_list()) == {"未脱贫"}
    starting = members.join(city.entrants, on="pid")
    local = city.students.join(city.entrants, on="pid").filter(
        pl.col("hukou").str.starts_with("4408")
    )
    assert 0.01 < starting.height / local.height < 0.08
    assert city.jdlk_table()["年度"].unique().to_list() == ["2020"]


def test_civil_periods_end_and_begin_without_touching_2019(last: DemoCity, city: NextYear) -> None:
    before, now = last.lists[CIVIL], city.lists[CIVIL]
    kept = before.join(now, on=["pid", "category", "start"], suffix="_now")
    assert kept.height == before.height  # every record is kept, with its start
    ended = kept.filter(pl.col("end").is_null() & pl.col("end_now").is_not_null())
    assert ended.height > 0
    assert ended["end_now"].min() > dt.date(2019, 9, 1)  # type: ignore[operator]
    begun = now.join(before, on="pid", how="anti")
    assert begun.height > 0
    assert begun["start"].min() > dt.date(2019, 9, 1)  # type: ignore[operator]
    # 2019's terms see the same records in force under the new version.
    for reference in (dt.date(2019, 3, 1), dt.date(2019, 9, 1)):
        in_force = (pl.col("start") <= reference) & (
            pl.col("end").is_null() | (pl.col("end") >= reference)
        )
        key = ["pid", "category", "start"]
        assert (
            before.filter(in_force)
            .select(key)
            .sort(key)
            .equals(now.filter(in_force).select(key).sort(key))
        )


def test_new_disability_certificates_are_of_students_first_enrolled_this_year(
    last: DemoCity, city: NextYear
) -> None:
    before, now = last.lists[DISABILITY], city.lists[DISABILITY]
    assert before.join(now, on="pid", how="anti").height == 0
    new = now.join(before, on="pid", how="anti")
    assert pids(new) <= pids(city.entrants)  # nobody in school in 2019 gains a category


def test_schools_assess_much_as_last_year_and_mostly_the_same_students(
    last: DemoCity, city: NextYear
) -> None:
    for term, same_half in ((SPRING, "2019-1"), (AUTUMN, "2019-2")):
        now, was = city.assessed[term].height, last.planted.assessed[same_half].height
        assert 0.7 * was < now < 1.3 * was
    spring = city.assessed[SPRING].filter(pl.col("level") != "不困难")
    autumn = last.planted.assessed["2019-2"].filter(pl.col("level") != "不困难")
    still_here = pids(autumn) & pids(city.term_cells(SPRING))
    again = pids(spring) & still_here
    assert len(again) > 0.7 * len(still_here)


def test_loans_are_for_the_2020_2021_school_year_within_the_caps(city: NextYear) -> None:
    loans = city.loans_table()
    assert loans.height > 0
    assert loans["学年"].unique().to_list() == ["2020-2021"]
    caps = {"专科": 8000, "本科": 8000, "研究生": 12000}
    for level, amount in zip(loans["学历层次"], loans["贷款金额"], strict=True):
        assert 0 < int(amount) <= caps[level]
    higher = city.roster(AUTUMN).filter(pl.col("stage") == "高校")
    assert set(loans["身份证件号"].to_list()) <= set(higher["身份证件号"].to_list())


def test_the_same_year_and_seed_give_the_same_next_year(last: DemoCity, city: NextYear) -> None:
    def tables(c: NextYear) -> list[pl.DataFrame]:
        return [c.roster(SPRING), c.roster(AUTUMN), c.assessments(AUTUMN), c.jdlk_table(),
                c.civil_table(), c.disability_table(), c.loans_table()]  # fmt: skip

    again = NextYear.derive(last, assessed=last.planted.assessed)
    assert all(a.equals(b) for a, b in zip(tables(city), tables(again), strict=True))
    other = DemoCity.plant(scale=SCALE, seed=2020)
    assert not tables(NextYear.derive(other, assessed=other.planted.assessed))[0].equals(
        tables(city)[0]
    )


def test_deriving_the_next_year_leaves_the_last_one_as_it_was() -> None:
    fresh = DemoCity.plant(scale=SCALE)
    before = [fresh.roster(t) for t in ("2019-1", "2019-2")] + [fresh.jdlk_table()]
    NextYear.derive(fresh, assessed=fresh.planted.assessed)
    after = [fresh.roster(t) for t in ("2019-1", "2019-2")] + [fresh.jdlk_table()]
    assert all(a.equals(b) for a, b in zip(before, after, strict=True))
