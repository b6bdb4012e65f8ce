"""`zizhu demo`: the synthetic Zhanjiang of 2019 run through the whole pipeline."""

from zizhu.demo.run import DemoResult, run_demo

__all__ = ["DemoResult", "run_demo"]
