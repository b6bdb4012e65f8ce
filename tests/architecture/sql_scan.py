"""Finds the SQL written in src/zizhu and the tables each piece names, read with `ast`.

A piece of SQL is a string literal or an f-string (its placeholders read as `{}`) that holds a
statement keyword. Table names are read after FROM, JOIN, INTO, UPDATE, DELETE FROM, TABLE,
ANALYZE and COPY; names defined by a WITH clause are not tables. A placeholder where a table
name stands (`FROM {STAGE}`, `JOIN {published}`) cannot be read statically: the string it
holds is scanned where it is written, which is why an area's published fragments live in the
area itself.

Temporary tables are owned by the area whose code creates them: `CREATE TEMPORARY TABLE x`
in its SQL, or `bulk.staging_create("x", ...)` (the name a literal or a module constant).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "zizhu"

_STATEMENT = re.compile(
    r"\b(SELECT\b.*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"(CREATE|DROP|ALTER)\s+(TEMPORARY\s+)?TABLE|ANALYZE\s+\w|COPY\s+\w)\b",
    re.S,
)
# A fragment of a statement: a condition or an expression on a column (`e.status = ...`,
# `CASE x.stage WHEN ...`, `status IN (...)`).
_FRAGMENT = re.compile(
    r"\b(CASE\b.*\bWHEN|\w+\.\w+\s*(=|<>|IN\b|NOT\s+IN\b)|\w+\s+(NOT\s+)?IN\s*\(|"
    r"WHERE\b|\w+\s*(=|<>)\s*'[A-Z_]+')",
    re.S,
)
_COMMENT = re.compile(r"--[^\n]*")
_QUOTED = re.compile(r"'(?:[^']|'')*'")
_IF = r"(?:IF\s+(?:NOT\s+)?EXISTS\s+)?"
_WRITES = re.compile(
    rf"\b(?:INSERT\s+INTO|DELETE\s+FROM|(?:CREATE\s+(?:TEMPORARY\s+)?|DROP\s+|ALTER\s+)TABLE\s+{_IF}"
    r"|TRUNCATE\s+(?:TABLE\s+)?|(?<!DO\s)UPDATE|COPY)\s+([A-Za-z_]\w*)"
)
_READS = re.compile(r"\b(?<!DISTINCT\s)(?:FROM|JOIN|ANALYZE)\s+([A-Za-z_]\w*)")
_CREATED_TEMP = re.compile(rf"\bCREATE\s+TEMPORARY\s+TABLE\s+{_IF}([A-Za-z_]\w*)")
_WITH_NAMES = re.compile(r"(?:\bWITH|,)\s*(?:RECURSIVE\s+)?([A-Za-z_]\w*)\s+AS\s*\(")
# Words that follow FROM or COPY without naming a table.
_NOT_TABLES = {"STDIN", "STDOUT", "SET", "LATERAL"}


@dataclass(frozen=True)
class Sql:
    path: Path
    line: int
    area: str  # the package under zizhu, or the top-level module ("cli", "cli_years")
    text: str  # with placeholders as {}, comments removed
    # The Python source of each f-string placeholder, in order (`in_scope`, `enrolled("e")`):
    # what a `{}` of `text` holds, for a test that must know (tests/architecture/shard_rule.py).
    holes: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(SRC.parent)}:{self.line}"

    def writes(self) -> set[str]:
        return {n for n in _WRITES.findall(self._bare()) if n.upper() not in _NOT_TABLES}

    def reads(self) -> set[str]:
        bare = self._bare()
        local = set(_WITH_NAMES.findall(bare)) if re.search(r"\bWITH\b", bare) else set()
        names = {n for n in _READS.findall(bare) if n.upper() not in _NOT_TABLES}
        return names - local - self.writes()

    def temps_created(self) -> set[str]:
        return set(_CREATED_TEMP.findall(self._bare()))

    def quoted(self) -> list[str]:
        """The SQL string literals it holds, without their quotes."""
        return [q[1:-1] for q in _QUOTED.findall(self.text)]

    def _bare(self) -> str:
        """Without string literals, so that words inside them are not read as SQL."""
        return _QUOTED.sub("''", self.text)


def area_of(path: Path) -> str:
    parts = path.relative_to(SRC).parts
    return parts[0] if len(parts) > 1 else path.stem


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
            for v in node.values
        )
    return None


def _holes(node: ast.AST) -> tuple[str, ...]:
    if isinstance(node, ast.JoinedStr):
        return tuple(ast.unparse(v.value) for v in node.values if isinstance(v, ast.FormattedValue))
    return ()


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and _text(body[0].value) is not None:
                found.add(id(body[0].value))
    return found


def _module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"` assignments, to read `staging_create(NAME, ...)`."""
    names = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and (text := _text(node.value)) is not None:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = text
    return names


def _is_sql(text: str) -> bool:
    return bool(_STATEMENT.search(text) or _FRAGMENT.search(text))


def sql_in(path: Path) -> Iterator[Sql]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        text = _text(node)
        if text is not None and _is_sql(_COMMENT.sub("", text)):
            yield Sql(path, node.lineno, area_of(path), _COMMENT.sub("", text), _holes(node))


def staging_tables_in(path: Path) -> set[str]:
    """Names passed to `bulk.staging_create`, which creates a temporary table."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _module_strings(tree)
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "staging_create"
            and node.args
        ):
            first = node.args[0]
            if isinstance(first, ast.Name):
                names.add(constants.get(first.id, "{}"))
            else:
                names.add(_text(first) or "{}")
    return names


# Schema code the migrations run: it writes triggers over other areas' tables by design (the
# foreign keys of zizhu.core.keys name a table and its parent, whatever their areas), and like
# the migrations it is not a query of any area.
SCHEMA_MODULES = {SRC / "core" / "keys.py"}


def source_files() -> list[Path]:
    return sorted(
        p for p in SRC.rglob("*.py") if "migrations" not in p.parts and p not in SCHEMA_MODULES
    )


def all_sql() -> list[Sql]:
    return [sql for path in source_files() for sql in sql_in(path)]
