"""Benchmarks for `make bench` (not run in CI); see bench/README.md."""
