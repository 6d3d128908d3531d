"""The split build (output/page_split.py): `mkdocs build` renders the case pages in two
processes, and the site is the same bytes as when one process renders them all."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import FIXTURES, REPO, make_project, run_mkdocs_build
from showcase.output import page_split
from showcase import mkdocs_private

ORDER = ["index.md", "about.md"] + [f"workers/w{i}.md" for i in range(10)] + ["cities/index.md"]
CASES = [f"workers/w{i}.md" for i in range(10)]


def test_the_helper_takes_half_of_the_case_pages_spread_over_the_order() -> None:
    helper = page_split.helper_pages(ORDER, CASES, 0.5)
    assert helper == {f"workers/w{i}.md" for i in (0, 2, 4, 6, 8)}


def test_the_helper_never_takes_the_first_or_the_last_page_of_the_loop() -> None:
    order = CASES
    helper = page_split.helper_pages(order, CASES, 0.5)
    assert order[0] not in helper and order[-1] not in helper
    assert len(helper) == 4  # half of the eight in between


def test_the_helper_takes_only_case_pages_and_nothing_with_no_share() -> None:
    assert page_split.helper_pages(ORDER, CASES, 0.5) <= set(CASES)
    assert page_split.helper_pages(ORDER, CASES, 0) == set()
    assert page_split.helper_pages(ORDER, [], 0.5) == set()


def test_a_split_needs_two_cores_enough_case_pages_and_no_other_plugin(monkeypatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert page_split.can_split(["showcase"], 500, 500)
    assert not page_split.can_split(["showcase"], 499, 500)
    assert not page_split.can_split(["showcase", "rss"], 5000, 500)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not page_split.can_split(["showcase"], 5000, 500)
    # With another thread running (the file watcher of `mkdocs serve`), no fork.
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not page_split.can_split(["showcase"], 5000, 500)


def test_mkdocs_skipped_page_line_is_recognised() -> None:
    """The wording of MkDocs 1.6 (mkdocs/commands/build.py), which the filter holds back."""
    source = Path(mkdocs_build.__file__).read_text(encoding="utf-8")
    assert "Page skipped: '{page.file.src_uri}'. Generated empty output." in source
    line = "Page skipped: 'workers/w1.md'. Generated empty output."
    match = mkdocs_private.SKIPPED_PAGE.match(line)
    assert match is not None and match.group("page") == "workers/w1.md"
    skipped = mkdocs_private.SkippedPages()
    skipped.pages = {"workers/w1.md"}
    record = logging.LogRecord("mkdocs.commands.build", logging.INFO, "", 0, line, None, None)
    assert not skipped.filter(record)
    other = logging.LogRecord("mkdocs.commands.build", logging.INFO, "", 0, "Other", None, None)
    assert skipped.filter(other)


def fake_pages() -> dict[str, SimpleNamespace]:
    return {src_uri: SimpleNamespace(meta={}) for src_uri in ORDER}


def test_each_process_gives_the_other_processes_pages_the_empty_template(caplog) -> None:
    """A real fork: the helper logs a warning and ends; the main process logs it again (where
    --strict counts it) and has given the helper's pages the empty template."""
    pages = fake_pages()
    helper = {"workers/w0.md", "workers/w2.md"}
    split = page_split.PageSplit(set(helper))
    split.start(pages)
    if split.is_helper:
        try:
            failed = (
                pages["workers/w1.md"].meta.get("template") != page_split.SKIP_TEMPLATE
                or pages["workers/w0.md"].meta
            )
            logging.getLogger("mkdocs.plugins.showcase").warning("助手进程的警告")
            split.end_helper("helper saw wrong templates" if failed else None)
        finally:
            os._exit(3)  # end_helper exits; this is only reached if it did not
    with caplog.at_level(logging.WARNING):
        assert split.wait() is None
    assert "助手进程的警告" in caplog.text
    for src_uri, page in pages.items():
        skipped = page.meta.get("template") == page_split.SKIP_TEMPLATE
        assert skipped == (src_uri in helper), src_uri
    assert split.renders("workers/w1.md") and not split.renders("workers/w0.md")


def test_a_failure_in_the_helper_is_the_main_processs_failure() -> None:
    split = page_split.PageSplit({"workers/w0.md"})
    split.start(fake_pages())
    if split.is_helper:
        try:
            split.end_helper("content/workers/w0.md: 生成这个案例的网页时出错")
        finally:
            os._exit(3)
    assert split.wait() == "content/workers/w0.md: 生成这个案例的网页时出错"


def test_a_helper_that_dies_without_a_word_fails_the_build() -> None:
    split = page_split.PageSplit({"workers/w0.md"})
    split.start(fake_pages())
    if split.is_helper:
        os._exit(9)
    failure = split.wait()
    assert failure is not None and "意外退出（退出码 9）" in failure


def snapshot(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file() and "pagefind" not in path.parts and path.name != "manifest.json"
    }


def project_with_split(target: Path, threshold: int) -> Path:
    project = make_project(target, FIXTURES / "mini")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - showcase:\n", f"  - showcase:\n      parallel_from: {threshold}\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


@pytest.mark.slow  # two real mkdocs builds
def test_a_split_build_writes_the_same_site_as_one_process(tmp_path: Path) -> None:
    """Pagefind's files (and so the manifest listing them) differ from build to build on their
    own; every other file is compared byte for byte."""
    serial = project_with_split(tmp_path / "serial", 1_000_000)
    split = project_with_split(tmp_path / "split", 0)
    results = [run_mkdocs_build(project) for project in (serial, split)]
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
    assert "Page skipped" not in results[1].stdout + results[1].stderr
    assert snapshot(split / "site") == snapshot(serial / "site")


def test_a_page_failing_in_the_helper_fails_the_build_naming_its_case_file(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    """In-process, with the helper made to fail on one case page: the main process fails the
    build with the helper's message and the previous site stays."""
    import showcase.plugin

    project = project_with_split(tmp_path / "project", 0)
    (project / "site").mkdir()
    (project / "site/index.html").write_text("上一次的网站", encoding="utf-8")
    main_pid = os.getpid()
    clean = showcase.plugin.valid_theme_html

    def failing_in_helper(output: str) -> str:
        if os.getpid() != main_pid and "王五在" in output:
            raise ValueError("模拟的渲染故障")
        return clean(output)

    monkeypatch.setattr(showcase.plugin, "valid_theme_html", failing_in_helper)
    # pytest-xdist's worker runs a thread of its own, which holds no lock the helper needs.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(
        page_split, "helper_pages", lambda pages, cases, share: {"workers/wang-wu.md"}
    )
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    with caplog.at_level(logging.INFO), pytest.raises(Abort) as failure:
        mkdocs_build.build(config)
    message = str(failure.value)
    assert "content/workers/wang-wu.md: 生成这个案例的网页时出错（ValueError: 模拟的渲染故障）" in message
    assert "上一次生成的网站保持不变" in message
    assert (project / "site/index.html").read_text(encoding="utf-8") == "上一次的网站"
    assert not [name for name in os.listdir(project) if ".building-" in name]
