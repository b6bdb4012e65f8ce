"""A catalogue in words an official reads (`zizhu catalogue show`, the catalogue page): who
qualifies, how amounts are picked, exclusions, the cap, shares, calendar and loan caps, in
Chinese, as plain values; and the JSON of `catalogue show`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zizhu.aid.catalogue import FUNDING_KEYS, AmountRule, Catalogue, Condition, Program
from zizhu.core.money import fen_to_yuan, grouped_yuan
from zizhu.hardship.constants import HardshipLevel
from zizhu.intake.values import YEAR_GRADES
from zizhu.loans.constants import LoanLevel
from zizhu.registry.constants import Stage
from zizhu.sources.lists import category_labels

STAGE_WORDS = dict(Stage.choices)
LEVEL_LABELS = dict(HardshipLevel.choices)
LOAN_LEVEL_WORDS = dict(LoanLevel.choices)
FUNDING_WORDS = {"central": "中央", "provincial": "省级", "city": "市级", "county": "县级"}
GRADE_WORDS = YEAR_GRADES
SEASONS = {"1": "春季学期", "2": "秋季学期"}


def term_words(code: str) -> str:
    """'2019-2' -> '2019年秋季学期'."""
    year, _, half = code.partition("-")
    return f"{year}年{SEASONS.get(half, half)}"


def _listed(words: dict[Any, str], values: tuple[Any, ...]) -> str:
    return "、".join(words.get(v, str(v)) for v in values)


def who_words(cond: Condition) -> str:
    """All the conditions of a `who` (or of one `any_of` branch), in words."""
    parts: list[str] = []
    if cond.stages:
        parts.append(f"学段为{_listed(STAGE_WORDS, cond.stages)}")
    if cond.grades:
        parts.append(f"年级为{_listed(GRADE_WORDS, cond.grades)}")
    if cond.boarding is not None:
        parts.append("寄宿生" if cond.boarding else "非寄宿生")
    if cond.rural_hukou is not None:
        parts.append("户口性质为农业" if cond.rural_hukou else "户口性质不是农业（含未填）")
    if cond.local_hukou is not None:
        parts.append("户籍在本市" if cond.local_hukou else "户籍不在本市")
    if cond.hukou_prefix:
        parts.append(f"户籍地代码以{'或'.join(cond.hukou_prefix)}开头")
    if cond.categories:
        parts.append(f"属于{_listed(category_labels(), cond.categories)}之一")
    if cond.hardship:
        parts.append(f"困难等级为{_listed(LEVEL_LABELS, cond.hardship)}")
    if cond.agri_major is not None:
        parts.append("就读涉农专业" if cond.agri_major else "不是涉农专业")
    if cond.any_of:
        branches = "，或".join(f"（{who_words(c)}）" for c in cond.any_of)
        parts.append(f"且满足以下之一：{branches}")
    return "；".join(parts) if parts else "所有在读学生"


def amount_when(rule: AmountRule) -> str:
    """The filters of an amount rule, in words ("其余" when it has none)."""
    parts: list[str] = []
    if rule.terms:
        parts.append("、".join(term_words(t) for t in rule.terms))
    if rule.stages:
        parts.append(_listed(STAGE_WORDS, rule.stages))
    if rule.grades:
        parts.append(_listed(GRADE_WORDS, rule.grades))
    if rule.levels:
        parts.append(_listed(LEVEL_LABELS, rule.levels))
    return "，".join(parts) if parts else "其余"


def amount_value(rule: AmountRule) -> str:
    if rule.school_fee:
        if rule.private_cap == "county_public_max":
            return "学校学费标准（民办学校不超过本县区公办普通高中最高学费标准）"
        return "学校学费标准"
    return f"{grouped_yuan(rule.amount_fen or 0)} 元"


def shares_words(shares: dict[str, Decimal]) -> str:
    if not shares:
        return "未载明"
    return "，".join(f"{FUNDING_WORDS[k]} {_percent(shares[k])}%" for k in FUNDING_KEYS)


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class AmountView:
    when: str
    value: str
    label: str


@dataclass(frozen=True)
class ProgramView:
    code: str
    name: str
    who: str
    amounts: list[AmountView]
    excludes: str  # the names of the programs it excludes
    funding: str


def program_views(catalogue: Catalogue) -> list[ProgramView]:
    names = {p.code: p.name for p in catalogue.programs}
    views = []
    for program in catalogue.programs:
        excluded = {o for e, later in catalogue.exclusive_pairs() for o in (e.code, later.code)
                    if program.code in (e.code, later.code)} - {program.code}  # fmt: skip
        views.append(
            ProgramView(
                code=program.code,
                name=program.name,
                who=who_words(program.who),
                amounts=[
                    AmountView(amount_when(r), amount_value(r), r.label) for r in program.amounts
                ],
                excludes="、".join(names[c] for c in sorted(excluded, key=catalogue.order)) or "无",
                funding=shares_words(program.funding),
            )
        )
    return views


def _program_json(program: Program, view: ProgramView) -> dict[str, Any]:
    return {
        "code": program.code,
        "name": program.name,
        "who": view.who,
        "conditions": _condition_json(program.who),
        "amounts": [
            {"label": r.label, "when": amount_when(r),
             "amount": fen_to_yuan(r.amount_fen) if r.amount_fen is not None else None,
             "school_fee": r.school_fee, "private_cap": r.private_cap}
            for r in program.amounts
        ],
        "excludes": list(program.excludes),
        "funding": {k: _percent(v) for k, v in program.funding.items()} or None,
    }  # fmt: skip


def _condition_json(cond: Condition) -> dict[str, Any]:
    raw = dataclasses.asdict(cond)
    return {k: v for k, v in raw.items() if v not in ((), None)}


def catalogue_json(catalogue: Catalogue, provenance: dict[str, Any]) -> dict[str, Any]:
    """cli.md's `catalogue show` shape: version, name, terms, programs, and the rest."""
    views = {v.code: v for v in program_views(catalogue)}
    return {
        "version": catalogue.version,
        "name": catalogue.name,
        "terms": list(catalogue.terms),
        **provenance,
        "programs": [_program_json(p, views[p.code]) for p in catalogue.programs],
        "yearly_cap": (
            fen_to_yuan(catalogue.yearly_cap_fen) if catalogue.yearly_cap_fen is not None else None
        ),
        "default_funding": {k: _percent(v) for k, v in catalogue.default_funding.items()} or None,
        "calendar": {
            "publicity_working_days": catalogue.publicity_working_days,
            "years": {
                str(year): {
                    "holidays": sorted(d.isoformat() for d in cal.holidays),
                    "working_weekends": sorted(d.isoformat() for d in cal.working_weekends),
                }
                for year, cal in sorted(catalogue.calendars.items())
            },
        },
        "loan_caps": [
            {"from_school_year": f"{c.from_year}-{c.from_year + 1}",
             **{level: fen_to_yuan(fen) for level, fen in c.fen.items()}}
            for c in catalogue.loan_caps
        ],
    }  # fmt: skip


def catalogue_lines(catalogue: Catalogue) -> list[str]:
    """The catalogue as text for a terminal."""
    cap = catalogue.yearly_cap_fen
    lines = [
        f"政策目录第{catalogue.version}版：{catalogue.name}",
        f"适用学期：{'、'.join(term_words(t) for t in catalogue.terms)}",
        f"年度资助上限（每生每年）：{fen_to_yuan(cap) + ' 元' if cap is not None else '无'}",
        f"公示：须满 {catalogue.publicity_working_days} 个工作日；工作日历："
        + ("、".join(f"{y}年" for y in sorted(catalogue.calendars)) or "无"),
    ]
    for n, view in enumerate(program_views(catalogue), start=1):
        lines += [
            f"{n}. {view.name}（{view.code}）",
            f"   对象：{view.who}",
            *(f"   金额：{a.when}：{a.value}（{a.label}）" for a in view.amounts),
            f"   互斥：{view.excludes}；资金分担：{view.funding}",
        ]
    for caps in catalogue.loan_caps:
        levels = "，".join(
            f"{LOAN_LEVEL_WORDS[k]} {fen_to_yuan(v)} 元" for k, v in caps.fen.items()
        )
        lines.append(f"助学贷款额度（{caps.from_year}-{caps.from_year + 1}学年起）：{levels}")
    return lines
