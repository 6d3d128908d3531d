"""Rebuilds as `mkdocs serve --dirty` (what `build.py serve` runs) makes them: one process, one
plugin instance, a fresh config for every build, the same output folder.

After the first build the plugin hands MkDocs only the pages an edit changes; these tests check
the served site is then exactly what a full build would show, page by page."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from test_search_index import read_fragments

from conftest import FIXTURES, PAGES_SHOWING_WANG_WU, make_project

SERVE_URL = "http://127.0.0.1:8000/"


class Server:
    """The build loop of mkdocs.commands.serve, without the HTTP part."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.site = Path(tempfile.mkdtemp(prefix="mkdocs_", dir=project))
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["showcase"]
        build(config, serve_url=SERVE_URL, dirty=True)
        self.wait_for_search()

    def config(self):
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self, content_edited: bool = True) -> None:
        """As the server does after an edit: once the watcher has seen an edit to content/
        (the loader reads only the files the watcher names)."""
        watcher = self.plugin.session.watcher if content_edited else None
        deadline = time.monotonic() + 5
        while watcher is not None and not watcher.log.pending() and time.monotonic() < deadline:
            time.sleep(0.01)
        build(self.config(), serve_url=SERVE_URL, dirty=True)
        self.wait_for_search()

    def wait_for_search(self) -> None:
        """Under serve the search index is written in the background after the rebuild."""
        search = self.plugin.session.site_search
        assert search is not None and search.wait(timeout=120)
        assert search.indexer.last["returncode"] == 0, search.indexer.last

    def search_records(self) -> dict[str, dict]:
        return {f["url"]: f for f in read_fragments(self.site / "pagefind")}

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def full_build(self) -> Path:
        """The same project built from scratch by `mkdocs build`, in its own process (MkDocs
        keeps this plugin's instance within a process), at the same site URL."""
        site = Path(tempfile.mkdtemp(prefix="full_", dir=self.project))
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
            cwd=self.project,
            capture_output=True,
            text=True,
            # Without the publish step, which `mkdocs serve` never runs (no compressed files,
            # no policy: the live-reload script is inline).
            env={**os.environ, "SITE_URL": SERVE_URL, "SHOWCASE_PUBLISH": "false"},
        )
        assert result.returncode == 0, result.stderr
        return site

    def assert_matches_full_build(self) -> None:
        """Every page of the preview is the page a full build makes, and no other page is."""
        full = self.full_build()
        expected = {str(p.relative_to(full)) for p in full.rglob("*.html")}
        served = {str(p.relative_to(self.site)) for p in self.site.rglob("*.html")}
        assert served == expected
        for page in sorted(expected):
            assert (self.site / page).read_text(encoding="utf-8") == (full / page).read_text(
                encoding="utf-8"
            ), page
        for data in ("data/cases.json", "data/stats.csv", "data/stats-zh.csv", "feed.xml"):
            assert (self.site / data).read_bytes() == (full / data).read_bytes(), data

    def mtimes(self) -> dict[str, int]:
        return {
            str(path.relative_to(self.site)): path.stat().st_mtime_ns
            for path in self.site.rglob("*")
            if path.is_file()
        }


@pytest.fixture
def server(tmp_path: Path) -> Server:
    return Server(make_project(tmp_path / "project", FIXTURES / "mini"))


def edit(path: Path, old: str, new: str) -> None:
    time.sleep(0.01)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow  # a real mkdocs build
def test_an_edit_rebuilds_exactly_the_pages_that_show_the_case(server: Server) -> None:
    before = server.mtimes()
    edit(
        server.project / "content/workers/wang-wu.md",
        "甲镇钢厂的炼钢工，全国劳动模范。",
        "甲镇钢厂的炼钢工，全国劳动模范，新近获奖。",
    )
    server.rebuild()
    after = server.mtimes()
    changed = {path for path in after if after[path] != before.get(path)}
    pages = {path for path in changed if path.endswith(".html")} - {"404.html"}
    assert pages == PAGES_SHOWING_WANG_WU
    for page in pages:
        assert "新近获奖" in (server.site / page).read_text(encoding="utf-8"), page
    server.assert_matches_full_build()
    # The open data has no summaries: unchanged, it is not written again. Besides the pages
    # only MkDocs' sitemap is, and the search index (in the background, waited for here).
    assert {path for path in changed - pages if not path.startswith("pagefind/")} == {
        "404.html",
        "sitemap.xml",
        "sitemap.xml.gz",
    }
    assert "pagefind/pagefind-entry.json" in changed
    assert "新近获奖" in server.search_records()["/workers/wang-wu/"]["meta"]["summary"]


@pytest.mark.slow  # a real mkdocs build
def test_the_search_index_follows_each_edit_with_every_case_once(server: Server) -> None:
    first = server.search_records()
    worker = server.project / "content/workers/wang-wu.md"
    for word in ("一改", "二改", "三改"):
        text = re.sub(r"王五(（.改）)?在", f"王五（{word}）在", worker.read_text(encoding="utf-8"))
        worker.write_text(text, encoding="utf-8")
        server.rebuild()
        records = server.search_records()
        assert sorted(records) == sorted(first)
        content = records["/workers/wang-wu/"]["content"].replace("\u200b", "")
        assert f"王五（{word}）在" in content
    assert not any("二改" in r["content"].replace("\u200b", "") for r in records.values())


@pytest.mark.slow  # a real mkdocs build
def test_moving_a_worker_updates_both_enterprises(server: Server) -> None:
    path = server.project / "content/workers/wang-wu.md"
    edit(path, "enterprise: steel-plant", "enterprise: steel-group")
    server.rebuild()
    assert "../../workers/wang-wu/" in server.page("enterprises/steel-group")
    server.assert_matches_full_build()
    cases = json.loads((server.site / "data/cases.json").read_text(encoding="utf-8"))
    assert next(c for c in cases if c["id"] == "wang-wu")["enterprise"] == "steel-group"


@pytest.mark.slow  # a real mkdocs build
def test_a_case_made_draft_leaves_the_preview(server: Server) -> None:
    assert (server.site / "workers/zhao-liu/index.html").is_file()
    path = server.project / "content/workers/zhao-liu.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    server.rebuild()
    assert not (server.site / "workers/zhao-liu/index.html").exists()
    assert "zhao-liu" not in server.page("workers")
    assert "zhao-liu" not in server.page("cities/hill-county")
    assert "/workers/zhao-liu/" not in server.search_records()
    assert "/workers/wang-wu/" in server.search_records()
    server.assert_matches_full_build()


@pytest.mark.slow  # a real mkdocs build
def test_a_template_edit_rebuilds_every_page(server: Server, tmp_path: Path) -> None:
    config = server.project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    overrides = re.search(r"(?m)^  custom_dir: (.*)$", text).group(1)
    own = tmp_path / "overrides"
    shutil.copytree(overrides, own)
    config.write_text(text.replace(overrides, str(own)), encoding="utf-8")
    server.rebuild(content_edited=False)  # a new theme folder: every page checked, and rebuilt
    edit(own / "case.html", "{% block content %}", "{% block content %}<p>模板改过</p>")
    server.rebuild(content_edited=False)
    assert "模板改过" in server.page("workers/wang-wu")
    assert "模板改过" in server.page("cities/town-a")


@pytest.mark.slow  # a real mkdocs build
def test_a_broken_edit_is_reported_and_the_next_good_one_builds(server: Server) -> None:
    path = server.project / "content/workers/wang-wu.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(
        good.replace("enterprise: steel-plant", "enterprise: no-such-plant"), encoding="utf-8"
    )
    with pytest.raises(Abort):  # MkDocs logs the plugin's report and stops
        server.rebuild()
    assert "wang-wu" in server.page("enterprises/steel-plant")  # the preview is as it was
    path.write_text(good.replace("炼钢工", "炼钢技师"), encoding="utf-8")
    server.rebuild()
    assert "炼钢技师" in server.page("enterprises/steel-plant")
    server.assert_matches_full_build()


@pytest.mark.slow  # a real mkdocs build
def test_an_edit_to_a_dated_case_updates_the_feed_and_the_open_data(server: Server) -> None:
    path = server.project / "content/cities/river-city.md"
    text = path.read_text(encoding="utf-8")
    name = re.search(r"(?m)^name: (.*)$", text).group(1)
    path.write_text(
        text.replace(f"name: {name}", "name: 新河市").replace(
            "updated: 2024-06-24", "updated: 2024-07-01"
        ),
        encoding="utf-8",
    )
    server.rebuild()
    assert "新河市" in (server.site / "feed.xml").read_text(encoding="utf-8")
    assert "新河市" in (server.site / "data/cases.json").read_text(encoding="utf-8")
    server.assert_matches_full_build()
