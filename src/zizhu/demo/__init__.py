"""`zizhu demo`: the synthetic Zhanjiang of 2019 (and 2020) run through the whole pipeline."""

from zizhu.demo.places import places_commands, places_load
from zizhu.demo.run import DEMO_YEARS, FAILURE_RATE, DemoResult, bank_answer, run_demo

__all__ = [
    "DEMO_YEARS", "FAILURE_RATE", "DemoResult", "bank_answer", "places_commands", "places_load",
    "run_demo",
]  # fmt: skip
