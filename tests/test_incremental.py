"""Dirty builds rebuild exactly the pages that show what changed, and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES, PAGES_SHOWING_WANG_WU, make_project
from showcase.incremental import view_fingerprint, with_fingerprint, write_if_changed


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
