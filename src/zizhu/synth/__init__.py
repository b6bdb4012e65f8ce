"""A synthetic city: files in spec/formats.md layouts, for benchmarks, samples and the demo."""
