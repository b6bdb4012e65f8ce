"""The demo city plants its seed figures at the scales people ask for, small ones included."""

from __future__ import annotations

import polars as pl
import pytest

from zizhu.synth.seed2019 import TERMS, DemoCity

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("scale", [0.2, 0.25])
def test_a_fifth_or_a_quarter_of_the_city_plants(scale: float) -> None:
    # Both once failed: the city drew no 公办 普通高中 at the lower fee (1100), and the targets
    # ask for one SEN_TUITION student at it in spring.
    demo = DemoCity.plant(scale=scale)
    assert demo.planted is not None
    assert demo.targets.counts[("SEN_TUITION", TERMS[0], "1100")] == 1
    lower = demo.schools.filter(pl.col("fee") == "1100")["code"]
    assert lower.len() >= 1
