"""City-scale benchmarks (`zizhu bench`)."""
