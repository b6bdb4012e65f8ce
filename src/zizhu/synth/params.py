"""The synthetic city's distribution parameters, in one place so that a demo can calibrate them.

Sizes are Zhanjiang's at scale 1; shares are fractions. Stage names are those of the files
(spec/formats.md). The defaults give plausible sizes, not the published 2019 figures: the demo
tunes these to reproduce spec/seed-2019.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The demo city is Zhanjiang (GB/T 2260): the city and its nine counties and districts, as the
# shipped catalogues/湛江市行政区划.csv lists them.
CITY_CODE, CITY_NAME = "440800", "湛江市"
COUNTIES: dict[str, str] = {
    "440802": "赤坎区", "440803": "霞山区", "440804": "坡头区", "440811": "麻章区",
    "440823": "遂溪县", "440825": "徐闻县", "440881": "廉江市", "440882": "雷州市",
    "440883": "吴川市",
}  # fmt: skip

STAGES = ("学前", "小学", "初中", "普通高中", "中职", "高校")
GRADES = {"学前": 3, "小学": 6, "初中": 3, "普通高中": 3, "中职": 3, "高校": 5}
# The stage that follows each stage's top grade (初中 splits between 普通高中 and 中职).
NEXT_STAGES = {
    "学前": ("小学",),
    "小学": ("初中",),
    "初中": ("普通高中", "中职"),
    "普通高中": ("高校",),
    "中职": (),
    "高校": (),
}
# School kinds: the stages each teaches, as the 学校名册 writes them.
SCHOOL_KINDS = {
    "幼儿园": ("学前",),
    "小学": ("小学",),
    "九年一贯制学校": ("小学", "初中"),
    "初级中学": ("初中",),
    "完全中学": ("初中", "普通高中"),
    "高级中学": ("普通高中",),
    "职业技术学校": ("中职",),
    "技工学校": ("中职",),
}


def _county_weights() -> dict[str, float]:
    return {
        "440802": 0.06, "440803": 0.08, "440804": 0.06, "440811": 0.06, "440823": 0.13,
        "440825": 0.10, "440881": 0.20, "440882": 0.19, "440883": 0.12,
    }  # fmt: skip


def _rural_hukou() -> dict[str, float]:
    return {
        "440802": 0.15, "440803": 0.20, "440804": 0.70, "440811": 0.60, "440823": 0.85,
        "440825": 0.85, "440881": 0.82, "440882": 0.88, "440883": 0.78,
    }  # fmt: skip


def _stage_shares() -> dict[str, float]:
    return {
        "学前": 0.19,
        "小学": 0.44,
        "初中": 0.19,
        "普通高中": 0.085,
        "中职": 0.035,
        "高校": 0.06,
    }


def _school_kinds() -> dict[str, int]:
    return {
        "幼儿园": 1380, "小学": 1420, "九年一贯制学校": 90, "初级中学": 180, "完全中学": 40,
        "高级中学": 60, "职业技术学校": 35, "技工学校": 15,
    }  # fmt: skip


def _private_share() -> dict[str, float]:
    return {
        "幼儿园": 0.6, "小学": 0.04, "九年一贯制学校": 0.2, "初级中学": 0.05, "完全中学": 0.15,
        "高级中学": 0.2, "职业技术学校": 0.25, "技工学校": 0.3,
    }  # fmt: skip


def _boarding() -> dict[str, float]:
    return {"学前": 0.0, "小学": 0.06, "初中": 0.35, "普通高中": 0.8, "中职": 0.6, "高校": 0.0}


def _progression() -> dict[str, float]:
    return {"学前": 0.95, "小学": 0.97, "初中": 0.9, "普通高中": 0.6, "中职": 0.0, "高校": 0.0}


def _status() -> dict[str, float]:
    return {"在读": 0.986, "休学": 0.004, "转出": 0.006, "退学": 0.0035, "死亡": 0.0005}


def _jdlk_status() -> dict[str, float]:
    return {"未脱贫": 0.25, "已脱贫享受政策": 0.7, "已脱贫不享受政策": 0.05}


def _civil_student() -> dict[str, float]:
    return {
        "农村低保": 0.7,
        "城市低保": 0.15,
        "特困供养": 0.07,
        "孤儿": 0.03,
        "事实无人抚养儿童": 0.05,
    }


def _disability_grade() -> dict[str, float]:
    return {"一级": 0.1, "二级": 0.2, "三级": 0.3, "四级": 0.4}


def _assessed_levels() -> dict[str, float]:
    return {"特别困难": 0.15, "困难": 0.45, "一般困难": 0.4}


def _loan_levels() -> dict[str, float]:
    return {"专科": 0.45, "本科": 0.52, "研究生": 0.03}


@dataclass(frozen=True)
class CityParams:
    # Sizes at scale 1: students include 高校 students of Zhanjiang 户籍; schools are the city's
    # own (学前 to 中职); universities anywhere in China are listed besides them.
    students: int = 1_592_100
    school_kinds: dict[str, int] = field(default_factory=_school_kinds)
    county_weights: dict[str, float] = field(default_factory=_county_weights)
    stage_shares: dict[str, float] = field(default_factory=_stage_shares)
    private_share: dict[str, float] = field(default_factory=_private_share)
    senior_fee: str = "1250"  # 元/学期, every 公办 普通高中 but a few
    senior_fee_other: str = "1100"
    senior_fee_other_share: float = 0.02
    senior_fee_private: str = "3800"
    # Students.
    rural_hukou: dict[str, float] = field(default_factory=_rural_hukou)
    hukou_other_county: float = 0.03  # 户籍 in another Zhanjiang county
    hukou_outside: float = 0.02  # 户籍 outside Zhanjiang
    boarding: dict[str, float] = field(default_factory=_boarding)
    over_age: float = 0.12  # a year older than the grade's usual age
    under_age: float = 0.03
    status: dict[str, float] = field(default_factory=_status)
    agri_major: float = 0.15  # 中职 students in a 涉农 major
    with_account: float = 0.92
    no_id: float = 0.0008  # 学籍号 J…, no ID number
    # Between spring and autumn: the share of a stage's top grade that goes on to the next
    # stage (capped so that stage sizes stay stable), and the share who move away.
    progression: dict[str, float] = field(default_factory=_progression)
    leave_between_terms: float = 0.01
    # Noise in the rosters.
    duplicate_enrolments: float = 0.00005  # students 在读 at a second school
    invalid_rows: float = 0.0001  # rows an importer must reject
    shared_account_groups: float = 0.00001  # groups of 6 students naming one account
    # Department lists (people at scale 1; students: the share of students on the list).
    jdlk_people: int = 330_000
    jdlk_students: float = 0.032
    jdlk_status: dict[str, float] = field(default_factory=_jdlk_status)
    civil_people: int = 210_000
    civil_students: float = 0.04
    civil_student_categories: dict[str, float] = field(default_factory=_civil_student)
    civil_expired: float = 0.08  # 终止日期 before the autumn reference date
    disability_people: int = 160_000
    disability_students: float = 0.005
    disability_grades: dict[str, float] = field(default_factory=_disability_grade)
    name_variants: float = 0.002  # list records naming a student differently
    # Schools' 认定: students with a category are mostly 特别困难 (a few 不困难: a conflict);
    # of the others a share is assessed, at these levels.
    category_assessed: float = 0.85
    category_not_hardship: float = 0.003
    assessed: float = 0.08
    assessed_levels: dict[str, float] = field(default_factory=_assessed_levels)
    # 生源地信用助学贷款 (学年 starting in the city's year).
    loans: int = 21_028
    loan_levels: dict[str, float] = field(default_factory=_loan_levels)
    loan_at_cap: float = 0.92


@dataclass(frozen=True)
class NextYearParams:
    """How a year's city becomes the next year's (zizhu.synth.next_year): who moves, who
    leaves, and how the department lists change. Shares are fractions."""

    # Students. The spring term continues the autumn's school year; the autumn starts a new one
    # (CityParams.progression and leave_between_terms, as between 2019's terms).
    leave_midyear: float = 0.005  # move away between the autumn and the spring term
    transfer: float = 0.01  # change school at a term's start (学前 to 中职)
    transfer_other_county: float = 0.3  # of those, to a school in another county
    # 建档立卡: households out of poverty still enjoying the policy, households leaving it, and
    # households newly registered (as a share of local students, rural ones more often).
    jdlk_out_of_poverty: float = 0.8  # 未脱贫 -> 已脱贫享受政策
    jdlk_leave: float = 0.06  # 已脱贫享受政策 -> 已脱贫不享受政策
    jdlk_enter: float = 0.0015
    # 民政: open periods that end before the spring reference date, or during the spring term;
    # as many students' new periods begin as students' periods end.
    civil_end_before_spring: float = 0.04
    civil_end_in_spring: float = 0.06
    civil_begin_per_end: float = 1.0
    # 残联: certificates of students who first enrol in the new school year.
    disability_new: float = 0.004
