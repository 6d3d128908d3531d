"""Maintainer and contributor tooling behind build.py: new case files from templates, JSON
Schemas, synthetic corpora for benchmarks and tests."""
