"""City-scale benchmarks: `zizhu bench` (zizhu.bench.imports, then zizhu.bench.term) and
`zizhu bench-payments` (zizhu.bench.payments). Nothing is imported here: the term's helper
steps run as `python -m zizhu.bench.term …` before Django is set up."""
