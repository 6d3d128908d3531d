"""The shipped content builds cleanly with `mkdocs build --strict`."""

from __future__ import annotations

from pathlib import Path


def test_home_page_is_chinese(shipped_site: Path) -> None:
    html = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    assert "产改案例馆" in html
