"""Dirty builds rebuild exactly the pages that show what changed, and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, PAGES_SHOWING_WANG_WU, make_project
from helpers import MINI, mini_corpus
from showcase.domain import Corpus
from showcase.graph import build_graph
from showcase.models import Metric
from showcase.output.images import Rendition, Variant
from showcase.routing import PageRole
from showcase.serving.plan import (
    context_signature,
    linked_pages,
    pages_to_hand,
    view_fingerprint,
    with_fingerprint,
    write_if_changed,
)
from showcase.site import SiteModel, page_roles


def dirty_build(project: Path) -> subprocess.CompletedProcess[str]:
    # Not --strict: MkDocs itself warns that a dirty build is for previews only.
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty"],
        cwd=project,
        capture_output=True,
        text=True,
    )


def html_mtimes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}


@pytest.mark.slow  # a real mkdocs build
def test_editing_a_worker_rebuilds_the_pages_that_show_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "mini")
    first = dirty_build(project)
    assert first.returncode == 0, first.stderr
    site = project / "site"
    before = html_mtimes(site)
    time.sleep(1.1)  # MkDocs compares modification times
    worker = project / "content/workers/wang-wu.md"
    worker.write_text(
        worker.read_text(encoding="utf-8").replace(
            "甲镇钢厂的炼钢工，全国劳动模范。", "甲镇钢厂的炼钢工，全国劳动模范，新近获奖。"
        ),
        encoding="utf-8",
    )
    second = dirty_build(project)
    assert second.returncode == 0, second.stderr
    after = html_mtimes(site)
    # 404.html is a theme template: MkDocs renders those on every build.
    rebuilt = {page for page in after if after[page] != before.get(page)} - {"404.html"}
    # The worker, its enterprise (worker cards), its city (workers list), the source it cites,
    # the group its body mentions (mentioned-by cards), the workers' index and the home page
    # (featured workers) show the summary; nothing else.
    assert rebuilt == PAGES_SHOWING_WANG_WU
    for page in rebuilt:
        assert "新近获奖" in (site / page).read_text(encoding="utf-8"), page
    assert "新近获奖" not in (site / "cities/hill-county/index.html").read_text(encoding="utf-8")


def test_an_unchanged_page_source_keeps_its_time(tmp_path: Path) -> None:
    path = write_if_changed(tmp_path / "a/b.md", "---\ntitle: x\n---\n")
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp - 10**9, stamp - 10**9))
    write_if_changed(path, "---\ntitle: x\n---\n")
    assert path.stat().st_mtime_ns == stamp - 10**9
    write_if_changed(path, "---\ntitle: y\n---\n")
    assert path.stat().st_mtime_ns != stamp - 10**9


def test_fingerprint_goes_into_front_matter() -> None:
    assert with_fingerprint("---\ntitle: x\n---\nbody", "abc") == (
        "---\nshowcase_fingerprint: abc\ntitle: x\n---\nbody"
    )
    assert with_fingerprint("# Home\n", "abc") == "---\nshowcase_fingerprint: abc\n---\n# Home\n"
    assert view_fingerprint({"a": 1}) == view_fingerprint({"a": 1})
    assert view_fingerprint({"a": 1}) != view_fingerprint({"a": 2})


def mini_site(tmp_path: Path, page_size: int = 100, corpus: Corpus | None = None) -> SiteModel:
    corpus = corpus or mini_corpus()
    return SiteModel(corpus, build_graph(corpus), MINI / "images", tmp_path, page_size=page_size)


def test_a_case_page_is_handed_with_the_pages_its_body_links_to(tmp_path: Path) -> None:
    site = mini_site(tmp_path)
    assert linked_pages(site, PageRole("case", "wang-wu")) == {
        "enterprises/steel-plant.md",
        "enterprises/steel-group.md",
    }
    # river-city's body also names a draft and shows a link in code: neither is a page.
    assert linked_pages(site, PageRole("case", "river-city")) == {
        "cities/town-a.md",
        "enterprises/steel-group.md",
    }
    assert linked_pages(site, PageRole("index", "city")) == set()


def test_pages_to_hand_are_the_rebuilt_ones_their_links_and_the_nav(tmp_path: Path) -> None:
    site = mini_site(tmp_path, page_size=1)
    roles = page_roles(site)
    nav = {
        "index.md",
        "cities/index.md",
        "enterprises/index.md",
        "workers/index.md",
        "sources/index.md",
        "metrics/index.md",
        "tags/index.md",
        "timeline/index.md",
    }
    assert pages_to_hand(site, roles, set()) == nav  # later index pages are not in the nav
    assert pages_to_hand(site, roles, {"workers/wang-wu.md", "cities/index/2.md"}) == nav | {
        "workers/wang-wu.md",
        "enterprises/steel-plant.md",
        "enterprises/steel-group.md",
        "cities/index/2.md",
    }


def test_the_context_is_what_every_page_depends_on(tmp_path: Path) -> None:
    theme = tmp_path / "overrides"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials/card.html").write_text("<div>卡片</div>", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 馆\n", encoding="utf-8")
    site = mini_site(tmp_path)

    def signature(site: SiteModel = site) -> str:
        return context_signature(site, [str(theme)], str(config))

    first = signature()
    assert signature() == first and signature(mini_site(tmp_path)) == first
    (theme / "partials/card.html").write_text("<div>新卡片</div>", encoding="utf-8")
    edited_template = signature()
    config.write_text("site_name: 产改案例馆\n", encoding="utf-8")
    edited_config = signature()
    assert len({first, edited_template, edited_config}) == 3
    assert signature(mini_site(tmp_path, page_size=5)) != edited_config
    other_metrics = Corpus(dict(mini_corpus().cases), {"m": Metric(label="数", unit="人")})
    assert signature(mini_site(tmp_path, corpus=other_metrics)) != edited_config
    derived = mini_site(tmp_path)
    derived.renditions = {
        "river/plant.jpg": Rendition(
            "river/plant.jpg", 480, 360, (Variant("a.jpeg", 480, 360, "jpeg"),)
        )
    }
    assert signature(derived) != edited_config
    # No theme folder and no config file: the data alone.
    assert context_signature(site, [], None) == context_signature(mini_site(tmp_path), [], None)
