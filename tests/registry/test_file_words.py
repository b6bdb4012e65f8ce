"""The words the files use for the registry's vocabularies are the vocabularies' labels: a
label changed in its TextChoices is a word the import reads (issue 13.5, labels once)."""

from __future__ import annotations

from zizhu.intake.values import STAGES
from zizhu.registry.constants import Stage


def test_every_stage_label_reads_back_as_its_stage() -> None:
    assert {str(label): str(code) for code, label in Stage.choices}.items() <= STAGES.items()


def test_the_files_know_no_stage_the_registry_does_not() -> None:
    assert set(STAGES.values()) == set(Stage.values)
    assert STAGES["技工学校"] == Stage.VOCATIONAL  # formats.md: 技工学校 is 中职
