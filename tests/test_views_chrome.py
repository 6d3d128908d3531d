"""The page frame rendered once per folder (views/chrome.py): the navigation, tabs and
configuration script of case pages, which come out the same on every case page of a folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from markupsafe import Markup
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

from conftest import FIXTURES, make_project
from showcase.routing import PageRole
from showcase.views.chrome import FrameCache, frame_key


def test_case_pages_share_their_frame_by_folder() -> None:
    worker = PageRole("case", "ma-ben")
    assert frame_key(worker, "workers/ma-ben/", has_toc=False) == "workers/"
    assert frame_key(worker, "workers/li-bing/", has_toc=False) == "workers/"
    assert frame_key(PageRole("case", "huaian"), "cities/huaian/", has_toc=False) == "cities/"


def test_a_page_with_a_table_of_contents_or_in_the_navigation_renders_its_own() -> None:
    assert frame_key(PageRole("case", "ma-ben"), "workers/ma-ben/", has_toc=True) is None
    assert frame_key(PageRole("index", "worker"), "workers/", has_toc=False) is None
    assert frame_key(PageRole("home"), "", has_toc=False) is None


def test_the_cache_gives_back_markup_by_block_and_key() -> None:
    cache = FrameCache()
    assert cache.get("tabs", "workers/") is None
    stored = cache.put("tabs", "workers/", "<nav>…</nav>")
    assert isinstance(stored, Markup) and cache.get("tabs", "workers/") == "<nav>…</nav>"
    assert cache.get("tabs", "cities/") is None and cache.get("config", "workers/") is None


def pages(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*.html"))
    }


@pytest.mark.slow  # two real builds, in-process
def test_a_site_with_the_frame_cached_is_the_same_bytes_as_without(tmp_path: Path, monkeypatch) -> None:
    import showcase.plugin

    hits = []
    look_up = FrameCache.get

    def counted(self: FrameCache, block: str, key: str) -> Markup | None:
        found = look_up(self, block, key)
        hits.append(found is not None)
        return found

    monkeypatch.setattr(FrameCache, "get", counted)
    sites = []
    for name in ("cached", "uncached"):
        project = make_project(tmp_path / name, FIXTURES / "mini")
        if name == "uncached":
            monkeypatch.setattr(showcase.plugin, "frame_key", lambda role, url, has_toc: None)
        config = load_config(config_file=str(project / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build.build(config)
        sites.append(pages(project / "site"))
    assert sum(hits) >= 3  # the second case page of a folder, for each of the three blocks
    assert sites[0] == sites[1]
    assert any(path.startswith("workers/") for path in sites[0])
