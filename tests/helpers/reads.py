"""Counting the case files the loader reads (loader.read_front_matter), for cache tests."""

from __future__ import annotations

import showcase.loading.loader as loader


def counting_reads(monkeypatch) -> list[str]:
    """The display paths of the files read from now on, in order."""
    reads: list[str] = []
    original = loader.read_front_matter
    monkeypatch.setattr(
        loader,
        "read_front_matter",
        lambda item, problems: reads.append(item.display) or original(item, problems),
    )
    return reads
