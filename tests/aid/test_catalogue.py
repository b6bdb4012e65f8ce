"""The policy catalogue: the shipped 2019 file, and mistakes named where they are."""

import datetime as dt
from pathlib import Path

import pytest

from zizhu.aid.selectors import catalogue_in_force, catalogue_read
from zizhu.aid.services import catalogue_load, term_add
from zizhu.core.errors import Code, Refused
from zizhu.demo.places import CATALOGUE_FILE, shipped

SHIPPED = shipped(CATALOGUE_FILE)


def catalogue_for_term(term: str):  # type: ignore[no-untyped-def]
    return catalogue_in_force(term=term)


def load_catalogue(path: Path):  # type: ignore[no-untyped-def]
    """Read and check a file, as `catalogue load` does before storing it."""
    return catalogue_read(path)


@pytest.mark.django_db
def test_the_2019_catalogue_holds_the_seven_programs_for_both_terms():
    for term in ("2019-1", "2019-2"):
        catalogue = catalogue_for_term(term)
        assert [p.code for p in catalogue.programs] == [
            "JDLK_LIVING", "PRE_AID", "BOARDING", "NONBOARDING", "SEN_GRANT", "SEN_TUITION",
            "VOC_GRANT",
        ]  # fmt: skip
    nonboarding = catalogue_for_term("2019-1").program("NONBOARDING")
    assert [r.amount_fen for r in nonboarding.amounts] == [12500, 18750, 25000, 31250]
    assert catalogue_for_term("2019-2").program("BOARDING").excludes == ("NONBOARDING",)


@pytest.mark.django_db
def test_a_term_without_a_catalogue_is_an_error():
    with pytest.raises(Refused, match="没有适用于学期 2031-1 的政策目录") as refused:
        catalogue_for_term("2031-1")
    assert refused.value.code == Code.CATALOGUE_MISSING


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'amount = "1500.00"',
            "amount = 1500.0",
            r"programs\[0\]\.amounts\[1\]\.amount: 金额应写成",
        ),
        ('amount = "500.00"', 'amount = "500.001"', r"programs\[1\]\.amounts\[0\]\.amount"),
        (
            'stages = ["PRESCHOOL"]',
            'stages = ["KINDERGARTEN"]',
            r"programs\[1\]\.who\.stages: 未知的值",
        ),
        (
            "boarding = true",
            'boarding = "yes"',
            r"programs\[2\]\.who\.boarding: 应为 true 或 false",
        ),
        (
            'excludes = ["NONBOARDING"]',
            'excludes = ["NONBORDING"]',
            r"programs\[2\]\.excludes: 没有资助项目",
        ),
        ("grades = [1, 2]", "grade = [1, 2]", r"programs\[6\]\.who\.grade: 未知的键"),
        (
            'terms = ["2019-1"]',
            'terms = ["2020-1"]',
            r"programs\[3\]\.amounts\[0\]\.terms: 2020-1 不在",
        ),
        ("central = 0\n", "central = 10\n", r"programs\[0\]\.funding: 各级分担比例之和应为 100"),
        (
            "school_fee = true\nprivate",
            "school_fee = false\nprivate",
            r"programs\[5\]\.amounts\[0\]: 金额规则须有",
        ),
        ('code = "PRE_AID"', 'code = "JDLK_LIVING"', r"programs\[1\]\.code: 资助项目代码重复"),
    ],
)
def test_a_mistake_in_a_catalogue_names_where_it_is(
    tmp_path: Path, old: str, new: str, message: str
):
    with pytest.raises(Refused, match=r"edited\.toml: " + message) as refused:
        load_catalogue(edited(tmp_path, old, new))
    assert refused.value.code == Code.CATALOGUE_INVALID


@pytest.mark.django_db
def test_a_new_years_policy_is_a_new_file(tmp_path: Path):
    text = SHIPPED.read_text(encoding="utf-8").replace('"2019-1", "2019-2"]', '"2020-1", "2020-2"]')
    text = text.replace('terms = ["2019-1"]', 'terms = ["2020-1"]').replace(
        'terms = ["2019-2"]', 'terms = ["2020-2"]'
    )
    text = text.replace(
        'label = "1000 元/学期"\namount = "1000.00"', 'label = "x"\namount = "1250.00"'
    )
    (tmp_path / "zhanjiang-2020.toml").write_text(text, encoding="utf-8")
    for code, name, month in (("2020-1", "2020年春季学期", 3), ("2020-2", "2020年秋季学期", 9)):
        day = dt.date(2020, month, 1)
        term_add(code=code, name=name, reference_date=day, payment_due=day, actor="test")
    catalogue_load(path=tmp_path / "zhanjiang-2020.toml", actor="test")
    catalogue = catalogue_for_term("2020-2")
    assert catalogue.program("SEN_GRANT").amounts[0].amount_fen == 125000
