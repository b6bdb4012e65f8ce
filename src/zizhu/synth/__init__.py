"""A synthetic city: files in spec/formats.md layouts, for benchmarks, samples and the demo."""

# The generator's pseudo-random draws, for the demo's simulated bank as for the city.
from zizhu.synth._random import choice, unit

__all__ = ["choice", "unit"]
