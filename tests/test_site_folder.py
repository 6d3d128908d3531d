"""The site folder (output.py): a build writes a folder of its own and puts it in place only
when it succeeded, so no failure of any kind leaves the previous site half-written; failures
MkDocs would show as a traceback end with one line in Chinese. The MkDocs internals this relies
on are checked here, so that a MkDocs upgrade breaking one fails loudly."""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import FIXTURES, REPO, make_project, run_mkdocs_build
from showcase.output import site_folder as output

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def snapshot(site: Path) -> dict[str, str]:
    """Every file of a site folder with a hash of its bytes."""
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def text_of(result: subprocess.CompletedProcess[str]) -> str:
    return ANSI.sub("", result.stdout + result.stderr)


def leftovers(project: Path) -> list[str]:
    """What a build left beside the site folder, once the previous site's deleter (a child
    process the build does not wait for) is done."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(
        ".discarded-" in name for name in os.listdir(project)
    ):
        time.sleep(0.05)
    return sorted(name for name in os.listdir(project) if name.startswith(".site."))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus with its own copy of the hand-written pages, built once."""
    project = make_project(tmp_path_factory.mktemp("output") / "project", FIXTURES / "mini")
    shutil.copytree(REPO / "site_src/pages", project / "pages")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^docs_dir: .*$", "docs_dir: pages", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, text_of(result)
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def assert_failed_cleanly(result: subprocess.CompletedProcess[str], project: Path) -> str:
    output_text = text_of(result)
    assert result.returncode != 0, output_text
    assert "Traceback" not in output_text, output_text
    assert leftovers(project) == [], leftovers(project)
    return output_text


@pytest.mark.slow  # a real mkdocs build
def test_a_build_replaces_the_site_folder_and_leaves_nothing_beside_it(project: Path) -> None:
    worker = project / "content/workers/wang-wu.md"
    worker.write_text(worker.read_text(encoding="utf-8").replace("炼钢工，", "炼钢技师，"), "utf-8")
    before = (project / "site").stat().st_ino
    result = run_mkdocs_build(project)
    assert result.returncode == 0, text_of(result)
    assert "炼钢技师" in (project / "site/workers/wang-wu/index.html").read_text(encoding="utf-8")
    assert (project / "site").stat().st_ino != before  # a new folder, renamed into place
    assert leftovers(project) == []


@pytest.mark.slow  # a real mkdocs build
def test_a_page_that_fails_to_render_leaves_the_previous_site(project: Path) -> None:
    """A hand-written page is not a case file: nothing checks it before rendering. 500 nested
    list items make Python-Markdown fail with a RecursionError."""
    before = snapshot(project / "site")
    nested = "".join("    " * level + "- 层\n" for level in range(500))
    (project / "pages/nested.md").write_text("# 嵌套\n\n" + nested, encoding="utf-8")
    result = run_mkdocs_build(project)
    text = assert_failed_cleanly(result, project)
    assert "生成网页 nested.md 时出错（RecursionError: maximum recursion depth exceeded" in text
    assert "上一次生成的网站保持不变" in text
    assert "Error reading page" not in text  # MkDocs' own English line is held back
    assert snapshot(project / "site") == before


@pytest.mark.slow  # a real mkdocs build
def test_a_warning_under_strict_leaves_the_previous_site(project: Path) -> None:
    """MkDocs fails a --strict build for a warning only after writing the whole site."""
    before = snapshot(project / "site")
    (project / "pages/about.md").write_text("# 关于\n\n[旧链接](nowhere.md)\n", encoding="utf-8")
    text = assert_failed_cleanly(run_mkdocs_build(project), project)
    assert "严格模式（--strict）下有警告，新生成的网站已丢弃；上一次生成的网站保持不变。" in text
    assert "Aborted with 1 warnings in strict mode!" in text
    assert snapshot(project / "site") == before


def test_a_case_page_failure_names_the_case_file(project: Path, monkeypatch, caplog) -> None:
    """In-process, with the sanitiser made to fail for one case page: the message names its
    content/ file (MkDocs names only the generated page, by a log line the plugin reads)."""
    import showcase.plugin

    clean = showcase.plugin.sanitize_html

    def failing(html: str) -> str:
        if "王五在" in html:
            raise ValueError("模拟的渲染故障")
        return clean(html)

    monkeypatch.setattr(showcase.plugin, "sanitize_html", failing)
    before = snapshot(project / "site")
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    with caplog.at_level(logging.INFO), pytest.raises(Abort) as failure:
        mkdocs_build.build(config)
    assert str(failure.value) == (
        "content/workers/wang-wu.md: 生成这个案例的网页时出错（ValueError: 模拟的渲染故障）。"
        "上一次生成的网站保持不变。运行 mkdocs build -v 可看到详细信息；"
        "这多半是网站程序的问题，请把这条信息告诉维护者。"
    )
    assert not [r for r in caplog.records if "Error reading page" in r.getMessage()]
    assert config.site_dir == str(project / "site")  # given back for gh-deploy and the like
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_mkdocs_gets_its_site_folder_back_after_a_build(project: Path) -> None:
    """`mkdocs gh-deploy` publishes config.site_dir once the build returns."""
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="gh-deploy", dirty=False)
    mkdocs_build.build(config)
    assert config.site_dir == str(project / "site")
    assert (project / "site/workers/wang-wu/index.html").is_file()
    assert leftovers(project) == []


@pytest.mark.slow  # a real mkdocs build
def test_dirty_builds_write_in_place(project: Path) -> None:
    before = (project / "site").stat().st_ino
    worker = project / "content/workers/wang-wu.md"
    worker.write_text(worker.read_text(encoding="utf-8").replace("炼钢工，", "炼钢技师，"), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, text_of(result)
    assert (project / "site").stat().st_ino == before
    assert "炼钢技师" in (project / "site/workers/wang-wu/index.html").read_text(encoding="utf-8")


def test_a_site_folder_below_a_regular_file_is_one_line(project: Path) -> None:
    (project / "plain.txt").write_text("x", encoding="utf-8")
    result = run_mkdocs_build(project, "--site-dir", str(project / "plain.txt/site"))
    text = assert_failed_cleanly(result, project)
    assert (
        f"无法在 {project}/plain.txt/site 生成网站：{project}/plain.txt 是一个文件，不是文件夹。"
        "删掉或改名这个文件，或用 --site-dir 换一个输出位置。"
    ) in text


def test_a_site_folder_that_is_a_file_is_one_line(project: Path) -> None:
    (project / "plain.txt").write_text("x", encoding="utf-8")
    result = run_mkdocs_build(project, "--site-dir", str(project / "plain.txt"))
    text = assert_failed_cleanly(result, project)
    assert f"网站输出位置 {project}/plain.txt 是一个文件，不是文件夹" in text
    assert (project / "plain.txt").read_text(encoding="utf-8") == "x"


LIMITED = """
import resource, runpy, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["mkdocs", "build", "--strict"]
runpy.run_module("mkdocs", run_name="__main__")
"""


@pytest.mark.slow  # a real mkdocs build
def test_a_write_the_system_refuses_is_one_line(project: Path) -> None:
    """RLIMIT_FSIZE: writing beyond it fails with EFBIG, as a full disk fails with ENOSPC
    (the same path through the plugin; the full disk itself is tested below where the system
    allows mounting a small file system)."""
    before = snapshot(project / "site")
    largest = max(
        (project / "site").rglob("*"), key=lambda p: p.stat().st_size if p.is_file() else 0
    )
    limit = largest.stat().st_size - 1
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, str(limit)], cwd=project, capture_output=True, text=True
    )
    text = assert_failed_cleanly(result, project)
    assert re.search(
        rf"无法写入 {re.escape(str(project))}/site/\S+：文件超过了系统允许的大小。"
        "上一次生成的网站保持不变。",
        text,
    ), text
    assert snapshot(project / "site") == before


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


needs_unshare = pytest.mark.skipif(
    not _unshare_works(),
    reason="needs user and mount namespaces (unshare -rm) to mount a file system",
)


def in_namespace(project: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Runs a shell script as root of a new user and mount namespace, in the project."""
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script], cwd=project, capture_output=True, text=True
    )


@pytest.mark.slow  # a real mkdocs build
@needs_unshare
def test_a_full_disk_is_one_line_and_keeps_the_previous_site(project: Path) -> None:
    """The site folder on a file system of 256 KB that holds a previous site of 100 KB."""
    mkdocs = f"{sys.executable} -m mkdocs build --strict --site-dir small/site"
    script = (
        "mkdir -p small && mount -t tmpfs -o size=256k tmpfs small && mkdir small/site && "
        "head -c 100000 /dev/urandom > small/site/old.bin && sha256sum small/site/old.bin && "
        f"{mkdocs}; echo exit=$?; sha256sum small/site/old.bin; echo left: $(ls -A small)"
    )
    result = in_namespace(project, script)
    text = ANSI.sub("", result.stdout + result.stderr)
    assert "exit=1" in text, text
    assert "Traceback" not in text, text
    assert re.search(
        r"无法写入 \S+/small/site/\S*：磁盘空间不足，清理磁盘后重新构建。"
        "上一次生成的网站保持不变。",
        text,
    ), text
    digests = re.findall(r"^([0-9a-f]{64})  small/site/old.bin$", text, re.MULTILINE)
    assert len(digests) == 2 and digests[0] == digests[1], text
    assert "left: site\n" in text, text  # the folder being written is gone


@needs_unshare
def test_a_read_only_site_folder_is_one_line(project: Path) -> None:
    before = snapshot(project / "site")
    script = (
        "mount --bind site site && mount -o remount,bind,ro site && "
        f"{sys.executable} -m mkdocs build --strict; echo exit=$?"
    )
    result = in_namespace(project, script)
    text = ANSI.sub("", result.stdout + result.stderr)
    assert "exit=1" in text and "Traceback" not in text, text
    assert f"没有权限写入 {project}/site：检查这个文件夹的权限（或它所在的磁盘是否只读）" in text
    assert snapshot(project / "site") == before


def test_leftovers_of_a_killed_build_are_removed_and_a_lost_site_put_back(tmp_path: Path) -> None:
    final = tmp_path / "site"
    dead = 2**22 + 12345  # above the kernel's default pid_max: no such process
    (tmp_path / f".site.building-{dead}").mkdir()
    (tmp_path / f".site.previous-{dead}").mkdir()
    (tmp_path / f".site.previous-{dead}/index.html").write_text("上一次的网站", encoding="utf-8")
    running = tmp_path / f".site.building-{os.getppid()}"  # a build running right now
    running.mkdir()
    output.remove_leftovers(final)
    assert (final / "index.html").read_text(encoding="utf-8") == "上一次的网站"
    assert sorted(os.listdir(tmp_path)) == [running.name, "site"]


def test_a_discarded_site_is_deleted_by_a_child_and_a_half_deleted_one_by_the_next_build(
    tmp_path: Path,
) -> None:
    dead = 2**22 + 12345
    for name in (f".site.discarded-{dead}", f".site.discarded-{os.getpid()}"):
        for page in range(300):  # enough files that the deleter is still at work when we look
            folder = tmp_path / name / f"p{page}"
            folder.mkdir(parents=True)
            (folder / "index.html").write_text("旧的网页", encoding="utf-8")
    started = time.monotonic()
    output.remove_leftovers(tmp_path / "site")  # this build's own one, and the dead build's
    returned = time.monotonic() - started
    assert leftovers(tmp_path) == []  # waits for the deleters
    assert returned < 0.5, returned  # without waiting for them


# --- What MkDocs must go on doing for this module to be right ----------------------------------


def test_mkdocs_fails_a_strict_build_only_after_the_last_post_build_hook() -> None:
    source = inspect.getsource(mkdocs_build.build)
    assert source.index("on_post_build(") < source.index("warning_counter.get_counts()")
    assert "logging.getLogger('mkdocs').addHandler(warning_counter)" in source
    assert source.index("on_config(") < source.index("get_files(config)")


def test_mkdocs_names_a_failing_page_as_the_plugin_reads_it() -> None:
    source = inspect.getsource(mkdocs_build)
    assert """message = f"Error reading page '{page.file.src_uri}':\"""" in source
    assert """message = f"Error building page '{page.file.src_uri}':\"""" in source
    assert output.BUILD_LOGGER == mkdocs_build.log.name


def test_mkdocs_serve_serves_its_folder_by_path() -> None:
    source = inspect.getsource(mkdocs_serve.serve)
    assert "root=site_dir" in source
    assert (
        "load_config(\n            config_file=config_file,\n            site_dir=site_dir,"
        in source
    )


@pytest.mark.slow
def test_mkdocs_serve_without_dirty_swaps_its_preview_folder(project: Path, tmp_path: Path) -> None:
    """`mkdocs serve` (not --dirty) builds into its own temporary folder on every edit: that
    folder is swapped too. After a rebuild that fails (MkDocs then holds requests back until
    the error is fixed) the next good rebuild is served, and nothing is left beside it."""
    from test_serve_process import fetch, free_port, wait_for

    port = free_port()
    url = f"http://127.0.0.1:{port}/workers/wang-wu/"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        assert wait_for(lambda: "王五" in fetch(url), 120), log.read_text(encoding="utf-8")
        worker = project / "content/workers/wang-wu.md"
        text = worker.read_text(encoding="utf-8")
        worker.write_text(text.replace("炼钢工，", "炼钢技师，"), encoding="utf-8")
        assert wait_for(lambda: "炼钢技师" in fetch(url), 120), log.read_text(encoding="utf-8")
        # A hand-written page that fails to render: the rebuild fails, the preview stays.
        nested = "".join("    " * level + "- 层\n" for level in range(500))
        (project / "pages/nested.md").write_text("# 嵌套\n\n" + nested, encoding="utf-8")
        assert wait_for(
            lambda: "生成网页 nested.md 时出错" in log.read_text(encoding="utf-8"), 120
        ), log.read_text(encoding="utf-8")
        (project / "pages/nested.md").unlink()
        worker.write_text(text.replace("炼钢工，", "炼钢大师，"), encoding="utf-8")
        assert wait_for(lambda: "炼钢大师" in fetch(url), 120), log.read_text(encoding="utf-8")
        assert "Traceback" not in log.read_text(encoding="utf-8")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    temporary = Path(tempfile.gettempdir())
    assert not list(temporary.glob(f".mkdocs_*.building-{server.pid}"))
