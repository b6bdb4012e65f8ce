"""`zizhu region load`: the city and its counties from a 行政区划 file (spec/formats.md).

The one code ending in 00 is the city; every other row is one of its counties and shares the
city's first four digits. Loading again adds counties and renames them; a county missing from
the new file is removed when nothing refers to it, and the whole file is refused when one
that holds data (schools, rosters, lists, payments) would go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import ROW, read_table
from zizhu.registry.models import City, Region, School

LAYOUT = Layout(
    kind="regions",
    sheet="行政区划",
    columns=(
        Column("行政区划代码", "code", required=True),
        Column("名称", "name", required=True),
    ),
)
NAME_LIMIT = 50  # registry.models.Region.name
_CODE = re.compile(r"^[0-9]{6}$")


@dataclass(frozen=True)
class RegionLoad:
    city: str
    name: str
    counties: int  # the counties the system holds after the load
    added: int
    renamed: int
    unchanged: int
    removed: int  # counties absent from the file, with no data

    def as_json(self) -> dict[str, Any]:
        """cli.md's `region load` shape, with `removed` besides."""
        return {
            "city": self.city, "name": self.name, "counties": self.counties, "added": self.added,
            "renamed": self.renamed, "unchanged": self.unchanged, "removed": self.removed,
        }  # fmt: skip


def region_load(*, path: Path, actor: str) -> RegionLoad:
    """Load the file's city and counties; refused whole (nothing changed) on any mistake."""
    table = read_table(path, LAYOUT)  # a file-level fault is refused with its FILE_ code
    rows = [(int(r[ROW]), r["code"], r["name"]) for r in table.frame.iter_rows(named=True)]
    city_code, city_name, counties = _checked(rows)
    with transaction.atomic():
        if bulk.vendor() == "postgresql":  # two loads at once: one after the other
            bulk.execute("LOCK TABLE registry_region IN SHARE ROW EXCLUSIVE MODE")
        before = dict(Region.objects.values_list("code", "name"))
        removed = _remove_missing(sorted(set(before) - set(counties)))
        added = sorted(set(counties) - set(before))
        renamed = sorted(c for c in counties if c in before and before[c] != counties[c])
        for code in added:
            Region.objects.create(code=code, name=counties[code])
        for code in renamed:
            Region.objects.filter(code=code).update(name=counties[code])
        old_city = City.objects.first()
        if old_city is None or (old_city.code, old_city.name) != (city_code, city_name):
            City.objects.all().delete()
            City.objects.create(code=city_code, name=city_name)
        result = RegionLoad(
            city=city_code, name=city_name, counties=len(counties), added=len(added),
            renamed=len(renamed), unchanged=len(counties) - len(added) - len(renamed),
            removed=len(removed),
        )  # fmt: skip
        event_record(
            actor=actor,
            action="registry.region_load",
            subject=city_code,
            counts={"added": result.added, "renamed": result.renamed,
                    "unchanged": result.unchanged, "removed": result.removed},
            detail={
                "file": path.name, "sha256": table.sha256, "city": [city_code, city_name],
                "city_before": [old_city.code, old_city.name] if old_city else None,
                "added": added, "renamed": [[c, before[c], counties[c]] for c in renamed],
                "removed": removed,
            },
        )  # fmt: skip
    return result


def _checked(rows: list[tuple[int, str | None, str | None]]) -> tuple[str, str, dict[str, str]]:
    """The city and its counties, or the file refused naming the first row at fault."""
    if not rows:
        raise Refused(Code.REGION_INVALID, "行政区划文件中没有数据行")
    seen: dict[str, int] = {}
    for row, code, name in rows:
        if code is None or not _CODE.match(code):
            raise Refused(
                Code.REGION_INVALID, f"第 {row} 行：行政区划代码应为6位数字，现为 {code!r}"
            )
        if not name:
            raise Refused(Code.REGION_INVALID, f"第 {row} 行：名称不能为空")
        if len(name) > NAME_LIMIT:
            raise Refused(Code.REGION_INVALID, f"第 {row} 行：名称超过 {NAME_LIMIT} 个字")
        if code in seen:
            raise Refused(
                Code.REGION_INVALID, f"第 {row} 行：行政区划代码 {code} 与第 {seen[code]} 行重复"
            )
        seen[code] = row
    cities = [(row, code, name) for row, code, name in rows if str(code).endswith("00")]
    if len(cities) != 1:
        found = "、".join(f"第 {row} 行 {code}" for row, code, _ in cities) or "没有"
        raise Refused(
            Code.REGION_INVALID, f"应有且只有一个以 00 结尾的代码（地级市），现为：{found}"
        )
    _, city_code, city_name = cities[0]
    counties: dict[str, str] = {}
    for row, code, name in rows:
        if code == city_code:
            continue
        prefix = str(city_code)[:4]
        if str(code)[:4] != prefix:
            raise Refused(
                Code.REGION_INVALID,
                f"第 {row} 行：区县代码 {code} 不属于 {city_name}（应以 {prefix} 开头）",
            )
        counties[str(code)] = str(name)
    if not counties:
        raise Refused(Code.REGION_INVALID, f"文件中没有 {city_name} 的区县")
    return str(city_code), str(city_name), counties


def _remove_missing(codes: list[str]) -> list[str]:
    """Remove the counties the new file leaves out; refuse when any of them holds data."""
    in_use = set(School.objects.filter(county_code__in=codes).values_list("county_code", flat=True))
    for code in codes:
        if code in in_use:
            continue
        try:
            with transaction.atomic():  # a savepoint: a refused delete leaves no trace
                Region.objects.filter(code=code).delete()
        except (ProtectedError, RestrictedError):
            in_use.add(code)
    if in_use:
        raise Refused(
            Code.REGION_IN_USE,
            f"新的行政区划文件缺少已有数据的区县：{'、'.join(sorted(in_use))}；"
            "已有学校、学籍、名单或发放记录的区县不能删除，请在文件中保留它们",
            counties=sorted(in_use),
        )
    return codes
