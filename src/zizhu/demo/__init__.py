"""`zizhu demo`: the synthetic Zhanjiang of 2019 run through the whole pipeline."""

from zizhu.demo.places import places_commands, places_load
from zizhu.demo.run import DemoResult, run_demo

__all__ = ["DemoResult", "places_commands", "places_load", "run_demo"]
