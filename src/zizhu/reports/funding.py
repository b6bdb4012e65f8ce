"""资金分担: each program's amount paid in a year split into central, provincial, city and
county shares (cli.md "Years and places", funding shares).

The shares are those of the catalogue version each list was approved under. The year's paid
amount of a program is split once per set of shares (one split in the usual year, where one
version's shares hold all year): central, provincial and city each rounded half up to the fen,
the county's the remainder, so the four always add up to what was paid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from zizhu.aid.catalogue import FUNDING_KEYS, Catalogue, shares_split
from zizhu.aid.selectors import catalogue_version

Shares = tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class FundingLine:
    code: str
    name: str
    amount_fen: int  # paid in the year
    split_fen: dict[str, int] | None  # FUNDING_KEYS -> fen; None: no shares in the catalogue
    percent: dict[str, Decimal] | None  # the shares, where one set held all year


def funding_lines(
    *,
    paid: list[tuple[str, str, int | None, int]],
    in_force: dict[str, Catalogue | None],
    names: dict[str, str],
) -> list[FundingLine]:
    """paid: (program, term, catalogue version approved under, fen paid) of the year, in the
    acting user's scope; in_force: the catalogue in force per term of the year. In the order
    of `names` (catalogue order)."""
    policy = _policies(in_force)
    grouped: dict[str, dict[Shares, int]] = {}
    for program, term, version, fen in paid:
        shares = _shares_of(policy(version, term), program)
        per_program = grouped.setdefault(program, {})
        per_program[shares] = per_program.get(shares, 0) + fen
    order = {code: n for n, code in enumerate(names)}
    return [
        _line(code, names.get(code, code), groups)
        for code, groups in sorted(grouped.items(), key=lambda g: (order.get(g[0], 99), g[0]))
    ]


def _policies(
    in_force: dict[str, Catalogue | None],
) -> Callable[[int | None, str], Catalogue | None]:
    """The catalogue of a version, each read once (mostly one in force already); an approval
    made before versions were kept: the one in force for its term."""
    found: dict[int, Catalogue] = {c.version: c for c in in_force.values() if c and c.version}

    def policy(version: int | None, term: str) -> Catalogue | None:
        if version is None:
            return in_force.get(term)
        if version not in found:
            found[version] = catalogue_version(version=version)
        return found[version]

    return policy


def _shares_of(catalogue: Catalogue | None, code: str) -> Shares:
    if catalogue is None:
        return ()
    program = next((p for p in catalogue.programs if p.code == code), None)
    funding = program.funding if program else catalogue.default_funding
    return tuple((key, funding[key]) for key in FUNDING_KEYS) if funding else ()


def _line(code: str, name: str, groups: dict[Shares, int]) -> FundingLine:
    amount = sum(groups.values())
    if any(not shares for shares in groups):
        return FundingLine(code, name, amount, None, None)
    split = dict.fromkeys(FUNDING_KEYS, 0)
    for shares, fen in groups.items():
        for key, part in shares_split(fen, dict(shares)).items():
            split[key] += part
    percent = dict(next(iter(groups))) if len(groups) == 1 else None
    return FundingLine(code, name, amount, split, percent)
