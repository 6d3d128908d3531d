"""Serving: `mkdocs serve` and `--dirty` rebuilds proportional to the edit."""
