"""The shard rule, read from a statement's text: which of its tables would sit on which
node of a distributed PostgreSQL (tests/architecture/distribution.py), and whether the
statement stays on the nodes it needs.

It is textual on purpose, and honest within that: a statement's tables are read after FROM,
JOIN, UPDATE and DELETE FROM (subqueries included, all in one namespace of aliases); its
conditions are the `x.col = y.col` equalities, and `x.col = %s` (or `IN (%s ...)`, `= ANY`, a
placeholder or a literal) filters, wherever they stand. A breach is:

- `repartition`: it names distributed tables that are not all tied together by an equality of
  their keys (or of a child's foreign key to its parent): some row pairs live on different
  nodes;
- `fan-out`: it names one distributed table, with no filter on its key: every node answers;
- `unkeyed insert`: it inserts into a distributed table without giving the key.

A key equated with a column of an alias the text does not define is taken as correlated with
the enclosing statement (a published fragment, `EXISTS (... WHERE x.county_id = a.county_id)`).
A placeholder is read for what it holds where the code makes that visible (`resolved`): the
filter `Scope.sql` returns, a string assigned in the same function, a `.format` field.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.architecture.distribution import (
    COUNTY,
    TABLES,
    ByParent,
    Distributed,
    Kind,
    Unkeyed,
)
from tests.architecture.sql_scan import SRC, Sql

_QUOTED = re.compile(r"'(?:[^']|'')*'")
_INSERT = re.compile(r"\bINSERT\s+INTO\s+([A-Za-z_]\w*)\s*(\(([^)]*)\))?")
_USE = re.compile(
    r"(?<!DISTINCT\s)\b(?:FROM|JOIN|UPDATE)\s+([A-Za-z_]\w*)(?:\s+(?:AS\s+)?([A-Za-z_]\w*))?"
)
_COLUMN = r"([A-Za-z_]\w*)\.([A-Za-z_]\w*)"
_VALUE = r"(?:%s|\{\}|''|\d+)"
_PAIR = re.compile(rf"{_COLUMN}\s*=\s*{_COLUMN}")
_FILTER = re.compile(rf"{_COLUMN}\s*(?:=\s*{_VALUE}|IN\s*\(\s*{_VALUE}|=\s*ANY\b)")
_FILTER_BACK = re.compile(rf"{_VALUE}\s*=\s*{_COLUMN}")
_BARE_FILTER = re.compile(rf"(?<![.\w])([a-z_]\w*)\s*(?:=\s*{_VALUE}|IN\s*\(\s*{_VALUE})")
_COUNTY_KEYS = {k.key for k in TABLES.values() if isinstance(k, Distributed) and k.group == COUNTY}


@dataclass(frozen=True)
class Breach:
    kind: str  # "repartition", "fan-out", "unkeyed insert"
    detail: str


@dataclass
class _Node:
    alias: str
    table: str
    kind: Kind
    filtered: bool = False


def _key(node: _Node) -> str | None:
    return node.kind.key if isinstance(node.kind, Distributed) else None


def _colocated(u: _Node, cu: str, v: _Node, cv: str) -> bool:
    """`u.cu = v.cv` keeps the two rows on one node."""
    if isinstance(u.kind, Distributed) and isinstance(v.kind, Distributed):
        return u.kind.group == v.kind.group and cu == u.kind.key and cv == v.kind.key
    if isinstance(u.kind, ByParent) and cu == u.kind.fk:
        if v.table == u.kind.parent and cv == u.kind.parent_pk:
            return True  # a child and its parent
        return isinstance(v.kind, ByParent) and v.kind.parent == u.kind.parent and cv == v.kind.fk
    if isinstance(v.kind, ByParent):
        return _colocated(v, cv, u, cu)
    return False


def breaches(text: str) -> list[Breach]:
    bare = _QUOTED.sub("''", text)
    found = []
    for target, _, columns in _INSERT.findall(bare):
        kind = TABLES.get(target)
        given = {c.strip() for c in columns.split(",")} if columns else None
        if isinstance(kind, Unkeyed):
            found.append(Breach("unkeyed insert", f"{target} has no key ({kind.to_add})"))
        elif isinstance(kind, Distributed | ByParent) and given and "{}" not in given:
            key = kind.key if isinstance(kind, Distributed) else kind.fk
            if key not in given and key != "id":
                found.append(Breach("unkeyed insert", f"{target} without {key}"))
    body = _INSERT.sub(" ", bare)
    nodes = []
    for table, alias in _USE.findall(body):
        kind = TABLES.get(table)
        if isinstance(kind, Distributed | ByParent | Unkeyed):
            named = alias if alias and not alias.isupper() else table
            nodes.append(_Node(named, table, kind))
    if not nodes:
        return found
    by_alias: dict[str, list[int]] = {}
    for i, node in enumerate(nodes):
        by_alias.setdefault(node.alias, []).append(i)
    defined = {a for _, a in _USE.findall(body) if a and not a.isupper()}
    defined |= {t for t, _ in _USE.findall(body)}
    parent = list(range(len(nodes)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for x, cx, y, cy in _PAIR.findall(body):
        for i in by_alias.get(x, []):
            if y not in defined and cx == _key(nodes[i]) and cy in _COUNTY_KEYS:
                nodes[i].filtered = True  # correlated with the enclosing statement's key
            for j in by_alias.get(y, []):
                if _colocated(nodes[i], cx, nodes[j], cy):
                    parent[root(i)] = root(j)
        for j in by_alias.get(y, []):
            if x not in defined and cy == _key(nodes[j]) and cx in _COUNTY_KEYS:
                nodes[j].filtered = True
    filters = _FILTER.findall(body) + [(x, c) for x, c in _FILTER_BACK.findall(body)]
    for x, column in filters:
        for i in by_alias.get(x, []):
            if column == _key(nodes[i]):
                nodes[i].filtered = True
    for column in _BARE_FILTER.findall(body):
        for node in nodes:
            if column == _key(node):
                node.filtered = True
    groups: dict[int, list[_Node]] = {}
    for i, node in enumerate(nodes):
        groups.setdefault(root(i), []).append(node)
    named = [sorted({n.table for n in g}) for g in groups.values()]
    # Tables not tied together, each filtered on its key (the arms of a UNION, say), are each
    # one county's: the statement stays on that county's node.
    if len(groups) > 1 and not all(any(n.filtered for n in g) for g in groups.values()):
        found.append(Breach("repartition", " | ".join(", ".join(g) for g in sorted(named))))
    elif len(nodes) == 1 and not nodes[0].filtered:
        found.append(Breach("fan-out", f"{nodes[0].table} without its key"))
    return found


# Reading placeholders -------------------------------------------------------------------------


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _enclosing(path: Path, line: int) -> ast.AST:
    """The innermost function around `line`, or the module."""
    found: ast.AST = _tree(path)
    for node in ast.walk(_tree(path)):
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.lineno <= line <= (node.end_lineno or node.lineno)
            and (isinstance(found, ast.Module) or node.lineno > getattr(found, "lineno", 0))
        ):
            found = node
    return found


def place(sql: Sql) -> str:
    """Where a statement is written, stable under edits elsewhere: `path:function`, or
    `path:NAME` for a module-level template."""
    where = _enclosing(sql.path, sql.line)
    name = getattr(where, "name", None)
    if name is None:
        for node in _tree(sql.path).body:
            if isinstance(node, ast.Assign) and node.value.lineno == sql.line:
                name = next((t.id for t in node.targets if isinstance(t, ast.Name)), None)
    return f"{sql.path.relative_to(SRC.parent)}:{name or '<module>'}"


def _strings(node: ast.AST, names: dict[str, str]) -> str:
    """The SQL text an expression can hold (both arms of a condition, say): its strings, a
    placeholder read through the names assigned before it, else as {}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.FormattedValue):
        value = node.value
        return names.get(value.id, "{}") if isinstance(value, ast.Name) else "{}"
    if isinstance(node, ast.JoinedStr):
        return "".join(_strings(v, names) for v in node.values)
    return " ".join(_strings(child, names) for child in ast.iter_child_nodes(node))


def _names(scope: ast.AST) -> dict[str, str]:
    """Names assigned in a function (or at module level) -> the SQL they can hold."""
    names: dict[str, str] = {}
    nodes = scope.body if isinstance(scope, ast.Module) else ast.walk(scope)
    for node in nodes:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        if (
            isinstance(target, ast.Tuple)
            and isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "sql"
            and target.elts
            and isinstance(target.elts[0], ast.Name)
        ):
            county = next((k.value for k in value.keywords if k.arg == "county"), None)
            if isinstance(county, ast.Constant):
                # Scope.sql: the county's filter (the city's read is the city-wide one).
                names[target.elts[0].id] = f"{str(county.value)} = %s"
        elif isinstance(target, ast.Name) and not isinstance(value, ast.Call):
            names[target.id] = _strings(value, names)
    return names


def _format_fields(path: Path) -> dict[str, str]:
    """`template.format(field=name)` calls of the file -> what each field holds."""
    fields = {}
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "format":
            names = _names(_enclosing(path, node.lineno))
            for keyword in node.keywords:
                if keyword.arg and isinstance(keyword.value, ast.Name):
                    fields[keyword.arg] = names.get(keyword.value.id, "{}")
    return fields


def resolved(sql: Sql) -> str:
    """The statement's text with what its placeholders visibly hold."""
    names = _names(_tree(sql.path)) | _names(_enclosing(sql.path, sql.line))
    holes = iter(sql.holes)
    text = re.sub(r"\{\}", lambda _: names.get(next(holes, ""), "{}"), sql.text)
    fields = _format_fields(sql.path)
    return re.sub(r"\{([a-z_]\w*)\}", lambda m: fields.get(m.group(1), "{}"), text)
