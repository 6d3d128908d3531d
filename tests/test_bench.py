"""The benchmark's own arithmetic (scripts/bench.py): what it reports of a query's bytes."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))  # the script under test, as test_front.py has it
import bench  # noqa: E402


@dataclass
class FakeResponse:
    url: str
    status: int
    size: int

    def body(self) -> bytes:
        return b"x" * self.size


def test_a_querys_bytes_are_counted_by_part_under_pagefind_only() -> None:
    base = "http://127.0.0.1:8000/pagefind/"
    responses = [
        FakeResponse("http://127.0.0.1:8000/workers/a/", 200, 5000),  # the page: not search
        FakeResponse(base + "pagefind.js", 200, 100),
        FakeResponse(base + "wasm.unknown.pagefind", 200, 200),
        FakeResponse(base + "pagefind-entry.json?ts=1", 200, 10),
        FakeResponse(base + "pagefind.zh_1a.pf_meta", 200, 300),
        FakeResponse(base + "index/zh_2b.pf_index", 200, 40),
        FakeResponse(base + "index/zh_3c.pf_index", 200, 60),
        FakeResponse(base + "fragment/zh_4d.pf_fragment", 200, 7),
        FakeResponse(base + "filter/zh_5e.pf_filter", 200, 9),
        FakeResponse(base + "fragment/zh_6f.pf_fragment", 404, 1000),  # not served: not counted
    ]
    assert bench._bytes_by_part(responses, 0) == {
        "script": 300,
        "meta": 310,
        "index": 100,
        "fragments": 7,
        "filters": 9,
    }
    assert bench._bytes(responses, 0) == 726
    assert bench._bytes(responses, 5) == 116  # from the fifth response on: a later query
    assert bench._parts_text({"index": 2048, "meta": 1024}) == "index 2.0, meta 1.0"
