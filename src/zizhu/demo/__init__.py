"""`zizhu demo`: the synthetic Zhanjiang of 2019 run through the whole pipeline."""

from zizhu.demo.run import DemoRefused, DemoResult, run_demo

__all__ = ["DemoRefused", "DemoResult", "run_demo"]
