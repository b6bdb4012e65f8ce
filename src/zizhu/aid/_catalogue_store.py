"""Catalogues as numbered versions in the database (`zizhu catalogue load`, `catalogue show`).

The version in force for a term is the newest version that names the term. Lists approved
under an earlier version keep it (aid_approval.catalogue_version); drafts follow the newest at
the next `entitle`.

Overlap rule (docs/catalogue.md): a new version names, of each earlier version still in force
for some term, either all of those terms or none. A catalogue is one policy for its terms (its
calendar, cap and shares span them), so it is replaced whole or not at all: splitting one
year's policy across two files by accident is refused rather than guessed at.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zizhu.aid._catalogue_parse import catalogue_parse
from zizhu.aid.catalogue import Catalogue
from zizhu.aid.models import CatalogueTerm, CatalogueVersion
from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.loans.caps import loan_caps_replace
from zizhu.registry.selectors import TERM_HINT, known_term_codes

CATALOGUE_HINT = "请先用 zizhu catalogue load 载入列有该学期的政策目录（网页：政策与学期）"


@dataclass(frozen=True)
class CatalogueLoad:
    version: int
    name: str
    terms: list[str]
    programs: list[str]
    sha256: str
    status: str  # "added" or "unchanged"

    def as_json(self) -> dict[str, Any]:
        """cli.md's `catalogue load` shape."""
        return dataclasses.asdict(self)


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise Refused(Code.FILE_MISSING, f"找不到文件：{path}") from exc
    except OSError as exc:
        raise Refused(Code.FILE_UNREADABLE, f"无法读取文件：{path.name}") from exc


def catalogue_read(path: Path) -> Catalogue:
    """A catalogue file parsed and checked, not loaded (the what-if's draft)."""
    return catalogue_parse(_file_bytes(path), path.name)


def catalogue_load(*, path: Path, actor: str) -> CatalogueLoad:
    """Check the file and store it as a new version for the terms it names."""
    data = _file_bytes(path)
    parsed = catalogue_parse(data, path.name)
    with transaction.atomic():
        if bulk.vendor() == "postgresql":  # two loads at once: numbered one after the other
            bulk.execute("LOCK TABLE aid_catalogueversion IN SHARE ROW EXCLUSIVE MODE")
        unknown = [t for t in parsed.terms if t not in known_term_codes()]
        if unknown:
            raise Refused(
                Code.TERM_UNKNOWN,
                f"{parsed.file_name}: terms: 系统中没有学期 {'、'.join(unknown)}；{TERM_HINT}",
                terms=unknown,
            )
        in_force = _versions_in_force()
        current = {in_force.get(t) for t in parsed.terms}
        if len(current) == 1 and (same := current.pop()) is not None:
            row = CatalogueVersion.objects.get(version=same)
            if row.sha256 == parsed.sha256:
                return _result(parsed, row.version, "unchanged")
        _overlap_refuse(parsed, in_force)
        number = (CatalogueVersion.objects.aggregate(n=Max("version"))["n"] or 0) + 1
        event = event_record(
            actor=actor,
            action="aid.catalogue_load",
            subject=f"政策目录第{number}版",
            counts={"programs": len(parsed.programs), "terms": len(parsed.terms)},
            detail={
                "version": number, "name": parsed.name, "file": parsed.file_name,
                "sha256": parsed.sha256, "terms": list(parsed.terms),
                "replaces": {t: in_force[t] for t in parsed.terms if t in in_force},
                "loan_caps": [[c.from_year, c.fen] for c in parsed.loan_caps],
            },
        )  # fmt: skip
        row = CatalogueVersion.objects.create(
            version=number, name=parsed.name, file_name=parsed.file_name, sha256=parsed.sha256,
            text=data.decode("utf-8"), loaded_by=actor, loaded_at=timezone.now(),
            event=event,
        )  # fmt: skip
        CatalogueTerm.objects.bulk_create(
            CatalogueTerm(version=row, term_id=term) for term in parsed.terms
        )
        if parsed.loan_caps:
            loan_caps_replace(
                caps=tuple((c.from_year, dict(c.fen)) for c in parsed.loan_caps),
                catalogue_version=number,
            )
    return _result(parsed, number, "added")


def _result(parsed: Catalogue, version: int, status: str) -> CatalogueLoad:
    return CatalogueLoad(
        version=version, name=parsed.name, terms=list(parsed.terms),
        programs=[p.code for p in parsed.programs], sha256=parsed.sha256, status=status,
    )  # fmt: skip


def _versions_in_force() -> dict[str, int]:
    """term -> the newest version naming it."""
    rows = CatalogueTerm.objects.values("term_id").annotate(newest=Max("version__version"))
    return {row["term_id"]: row["newest"] for row in rows}


def _overlap_refuse(parsed: Catalogue, in_force: dict[str, int]) -> None:
    named = set(parsed.terms)
    by_version: dict[int, set[str]] = {}
    for term, version in in_force.items():
        by_version.setdefault(version, set()).add(term)
    for version, terms in sorted(by_version.items()):
        shared = terms & named
        if shared and shared != terms:
            missing = "、".join(sorted(terms - named))
            raise Refused(
                Code.CATALOGUE_OVERLAP,
                f"{parsed.file_name}: terms: 与现行的政策目录第{version}版"
                f"（{'、'.join(sorted(terms))}）部分重叠：新目录应包含这些学期的全部"
                f"（还缺 {missing}），或一个也不包含",
                version=version,
            )


# ---- reads ----------------------------------------------------------------------------------


def _catalogue_of(row: CatalogueVersion) -> Catalogue:
    parsed = catalogue_parse(row.text.encode("utf-8"), row.file_name)
    return dataclasses.replace(parsed, version=row.version)


def catalogue_version(*, version: int) -> Catalogue:
    row = CatalogueVersion.objects.filter(version=version).first()
    if row is None:
        raise Refused(Code.NOT_FOUND, f"没有政策目录第{version}版")
    return _catalogue_of(row)


def catalogue_in_force(*, term: str) -> Catalogue:
    """The newest version naming the term; refused (naming what to load) when there is none."""
    link = (
        CatalogueTerm.objects.filter(term_id=term)
        .select_related("version")
        .order_by("-version__version")
        .first()
    )
    if link is None:
        raise Refused(
            Code.CATALOGUE_MISSING, f"没有适用于学期 {term} 的政策目录：{CATALOGUE_HINT}", term=term
        )
    return _catalogue_of(link.version)


def catalogues_in_force(*, terms: list[str]) -> dict[str, Catalogue | None]:
    """The version in force for each term (None: no catalogue), in one query."""
    found: dict[str, Catalogue | None] = dict.fromkeys(terms)
    links = (
        CatalogueTerm.objects.filter(term_id__in=terms)
        .select_related("version")
        .order_by("term_id", "version__version")
    )
    for link in links:  # oldest first: the newest naming a term stays
        found[link.term_id] = _catalogue_of(link.version)
    return found


def catalogue_in_force_or_none(*, term: str) -> Catalogue | None:
    try:
        return catalogue_in_force(term=term)
    except Refused:
        return None


@dataclass(frozen=True)
class VersionInfo:
    """A loaded version's provenance, and the terms it is still in force for."""

    version: int
    name: str
    file_name: str
    sha256: str
    loaded_by: str
    loaded_at: dt.datetime
    terms: list[str]
    in_force: list[str]


def catalogue_versions() -> list[VersionInfo]:
    """Every version loaded, newest first."""
    in_force = _versions_in_force()
    terms: dict[int, list[str]] = {}
    for version, term in CatalogueTerm.objects.order_by("term_id").values_list(
        "version__version", "term_id"
    ):
        terms.setdefault(version, []).append(term)
    return [
        VersionInfo(
            version=row.version,
            name=row.name,
            file_name=row.file_name,
            sha256=row.sha256,
            loaded_by=row.loaded_by,
            loaded_at=row.loaded_at,
            terms=terms.get(row.version, []),
            in_force=[t for t in terms.get(row.version, []) if in_force.get(t) == row.version],
        )  # fmt: skip
        for row in CatalogueVersion.objects.order_by("-version")
    ]


def catalogue_text(*, version: int) -> tuple[str, str]:
    """A version's file name and text, exactly as loaded."""
    row = CatalogueVersion.objects.filter(version=version).first()
    if row is None:
        raise Refused(Code.NOT_FOUND, f"没有政策目录第{version}版")
    return row.file_name, row.text
