"""Catalogue files for tests: the shipped 2019 file with some text replaced."""

from __future__ import annotations

from pathlib import Path

from zizhu.demo.places import CATALOGUE_FILE, shipped

SEN_GRANT_BLOCK = '''code = "SEN_GRANT"
name = "普通高中国家助学金"
[programs.who]
stages = ["SENIOR"]
hardship = ["SPECIAL", "HARDSHIP", "GENERAL"]
[[programs.amounts]]
label = "1000 元/学期"
amount = "1000.00"'''


def shipped_text() -> str:
    return shipped(CATALOGUE_FILE).read_text(encoding="utf-8")


def edited(tmp_path: Path, *replacements: tuple[str, str], name: str = "edited.toml") -> Path:
    """The shipped 2019 catalogue with each (old, new) replaced once (old must be there)."""
    text = shipped_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_cap(yuan: str) -> tuple[str, str]:
    """A yearly cap per student (the 2019 file has none)."""
    return (
        'terms = ["2019-1", "2019-2"]\n',
        f'terms = ["2019-1", "2019-2"]\nyearly_cap = "{yuan}"\n',
    )


def sen_grant(
    *, levels: str = '"SPECIAL", "HARDSHIP", "GENERAL"', amount: str = "1000.00"
) -> tuple[str, str]:
    """普通高中国家助学金 for other hardship levels or another amount."""
    return (
        SEN_GRANT_BLOCK,
        SEN_GRANT_BLOCK.replace(
            'hardship = ["SPECIAL", "HARDSHIP", "GENERAL"]', f"hardship = [{levels}]"
        ).replace('amount = "1000.00"', f'amount = "{amount}"'),
    )
