"""The editor at /admin/ in Chromium, against its local backend on a temporary copy of the
project (never the repository's own content/): what a contributor does with the form ends in
files that pass `python build.py check` and build into the pages they meant."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import REPO, make_project, run_mkdocs_build
from showcase.parsing.frontmatter import parse_front_matter
from showcase.quantity import QuantityError, parse_quantity
from showcase.tools import cms

sys.path.insert(0, str(REPO / "scripts"))
import editor_session as editor  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (REPO / "node_modules/decap-cms").is_dir() or shutil.which("node") is None,
    reason="the editor needs `npm ci` (decap-cms, decap-server) and Node.js",
)


def project_copy(tmp_path: Path, *, git: bool = False) -> Path:
    """The repository's content, images, build.py and mkdocs.yml in a temporary folder; with
    `git`, a repository whose branch main holds them."""
    project = make_project(tmp_path / "project")
    shutil.copy(REPO / "build.py", project / "build.py")
    (project / "node_modules").symlink_to(REPO / "node_modules")
    if git:
        (project / ".gitignore").write_text(
            "node_modules\nsite/\n.cache/\n.decap-server.log\n", encoding="utf-8"
        )
        for command in (
            ["init", "-q", "-b", "main"],
            ["add", "-A"],
            ["commit", "-q", "-m", "案例库"],
        ):
            git_run(project, *command)
    return project


def git_run(project: Path, *args: str) -> str:
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=测试",
            "-c",
            "user.email=test@example.org",
            "-c",
            "core.quotePath=false",
            *args,
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", "check"], cwd=project, capture_output=True, text=True
    )


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    yield context
    context.close()


def admin(base_url: str) -> str:
    return base_url + "admin/"


def photo(path: Path) -> Path:
    """A portrait as a phone gives it: a JPEG, taller than wide."""
    Image.new("RGB", (900, 1200), (160, 40, 40)).save(path, quality=85)
    return path


def create_worker(page: Page, base_url: str, portrait: Path) -> None:
    editor.open_new(page, admin(base_url), "workers")
    page.get_by_label("ID（文件名）").fill("li-ming")
    page.get_by_label("名称", exact=True).fill("李明")
    page.get_by_label("一句话介绍").fill("张双楼煤矿综采一区电钳工，带徒传艺。")
    editor.pick(page, "所在企业 (可选)", "张双楼", "张双楼煤矿（zhangshuanglou-mine）")
    editor.upload_image(page, "选择图片", portrait)
    editor.add_stat(page, 0, "带徒", "12人")
    editor.add_stat(page, 1, "技术革新创效", "200—300万元")


def test_a_new_worker_with_portrait_enterprise_and_two_stats(
    tmp_path: Path, base_url: str, context: BrowserContext
) -> None:
    project = project_copy(tmp_path)
    with editor.local_backend(project) as port:
        editor.route_local_backend(context, port)
        page = context.new_page()
        editor.sign_in(page, admin(base_url))
        create_worker(page, base_url, photo(tmp_path / "李明 肖像.JPG"))

        # A value check would reject says so while it is typed, in check's own words.
        box = page.get_by_label("数值").nth(1)
        box.fill("三万人")
        with pytest.raises(QuantityError) as expected:
            parse_quantity("三万人")
        reading = page.get_by_test_id("quantity-reading").nth(1)
        assert reading.inner_text() == str(expected.value)
        preview = page.frame_locator("iframe").first
        assert "三万人" in preview.get_by_test_id("checks").inner_text()
        # Saving is refused: the field shows the message too, and no file is written.
        editor.publish_now(page, wait=False)
        expect(page.get_by_text(str(expected.value), exact=True)).to_have_count(2)
        page.wait_for_timeout(1000)
        assert not (project / "content/workers/li-ming.md").exists()
        box.fill("200—300万元")
        assert reading.inner_text() == "读作：2000000～3000000 元"
        # The preview shows the portal's stat cards with the figure the site will record.
        assert preview.get_by_test_id("checks").inner_text().startswith("编辑器检查：没有发现问题")
        parsed = preview.get_by_test_id("stat-parsed")
        assert parsed.all_inner_texts() == [
            "网站记录的数量：12 人",
            "网站记录的数量：2000000～3000000 元",
        ]

        editor.publish_now(page)
        written = editor.wait_for_file(page, project / "content/workers/li-ming.md")

    assert written == (
        "---\n"
        "name: 李明\n"
        "summary: 张双楼煤矿综采一区电钳工，带徒传艺。\n"
        "enterprise: zhangshuanglou-mine\n"
        "portrait: workers/李明-肖像.jpg\n"
        "stats:\n"
        "  - label: 带徒\n"
        "    value: 12人\n"
        "  - label: 技术革新创效\n"
        "    value: 200—300万元\n"
        "---\n"
    )
    assert (project / "images/workers/李明-肖像.jpg").is_file()
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    # The editor checks what blocks a build; the warnings (a figure without its period or
    # source) come from `check`, as the pull request's annotations.
    assert "检查通过：37 个案例，有 4 处警告。" in result.stdout
    warned = [line.split(": ")[1] for line in result.stdout.splitlines() if line.startswith("警告")]
    assert sorted(warned) == sorted(
        f"stats[{index}].{field}" for index in (0, 1) for field in ("period", "source")
    )

    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.stderr
    page_html = (project / "site/workers/li-ming/index.html").read_text(encoding="utf-8")
    for text in (
        "李明",
        "12人",
        "带徒",
        "200—300万元",
        "技术革新创效",
        'href="../../enterprises/zhangshuanglou-mine/"',
        'class="sc-case__portrait"',
    ):
        assert text in page_html
    enterprise_html = (project / "site/enterprises/zhangshuanglou-mine/index.html").read_text(
        encoding="utf-8"
    )
    assert 'href="../../workers/li-ming/"' in enterprise_html


def test_editing_one_stat_of_a_shipped_case_changes_one_line(
    tmp_path: Path, base_url: str, context: BrowserContext
) -> None:
    project = project_copy(tmp_path)
    path = project / "content/enterprises/zhangshuanglou-mine.md"
    before = path.read_text(encoding="utf-8")
    with editor.local_backend(project) as port:
        editor.route_local_backend(context, port)
        page = context.new_page()
        editor.sign_in(page, admin(base_url))
        editor.open_case(page, admin(base_url), "enterprises", "zhangshuanglou-mine")
        item = editor.list_item(page, "列为入党积极分子的优秀产业工人：129名")
        editor.expand(item)
        item.get_by_label("数值").fill("130名")
        editor.publish_now(page)
        after = editor.wait_for_file(page, path, changed_from=before)

    # Measured: the saved file differs from the shipped one in exactly the edited line; every
    # other field keeps its place, its quoting and its value (README, "The editor").
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert diff == ["-    value: 129名", "+    value: 130名"]
    old, new = parse_front_matter(before, "x"), parse_front_matter(after, "x")
    assert list(new.data) == list(old.data) and new.body == old.body
    [edited] = [stat for stat in old.data["stats"] if stat["value"] == "129名"]
    edited["value"] = "130名"
    assert new.data == old.data
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_saving_opens_a_branch_that_is_reviewed_before_it_is_published(
    tmp_path: Path, base_url: str, context: BrowserContext
) -> None:
    """The editorial workflow on the local backend's git mode, as on a forge: saving commits
    to a branch of its own (a pull request), never to main; draft → in review → ready; only
    publishing merges it."""
    project = project_copy(tmp_path, git=True)
    main_before = git_run(project, "rev-parse", "main")
    with editor.local_backend(project, workflow=True) as port:
        editor.route_local_backend(context, port)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        editor.sign_in(page, admin(base_url))
        # A Chinese file name, as phones and chat apps give photos.
        create_worker(page, base_url, photo(tmp_path / "李明.jpg"))
        editor.save_draft(page)

        branches = git_run(project, "branch", "--format=%(refname:short)").split()
        assert sorted(branches) == ["cms/workers/li-ming", "main"]
        assert git_run(project, "rev-parse", "main") == main_before
        # (The git mode of the local backend checks branches out while it reads them, so the
        # working tree is no witness here; the commits are.)
        assert git_run(project, "ls-tree", "--name-only", "main", "content/workers/") == "".join(
            f"content/workers/{path.name}\n"
            for path in sorted((REPO / "content/workers").glob("*.md"))
        )
        assert git_run(project, "log", "-1", "--format=%s", "cms/workers/li-ming").strip() == (
            "新增劳模工匠：li-ming"
        )
        committed = git_run(project, "show", "--name-only", "--format=", "cms/workers/li-ming")
        assert sorted(committed.split()) == [
            "content/workers/li-ming.md",
            "images/workers/李明.jpg",
        ]

        for status, label in (("审核中", "pending_review"), ("就绪", "pending_publish")):
            editor.set_status(page, status)
            page.get_by_role("button", name=f"状态: {status}").wait_for()
            description = git_run(project, "config", "branch.cms/workers/li-ming.description")
            assert description.strip() == f"decap-cms/{label}"
        editor.publish_now(page, wait=False)
        # Published: the branch is merged into main and deleted, as a merged pull request's.
        editor.wait_until(
            page,
            lambda: git_run(project, "branch", "--format=%(refname:short)").split() == ["main"],
            "the merge",
        )

    written = (project / "content/workers/li-ming.md").read_text(encoding="utf-8")
    assert "enterprise: zhangshuanglou-mine" in written
    assert git_run(project, "status", "--porcelain") == ""
    assert git_run(project, "log", "--format=%s", "main").splitlines()[:2] == [
        "新增劳模工匠：li-ming",
        "案例库",
    ]
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_admin_loads_nothing_from_other_hosts(
    tmp_path: Path, base_url: str, context: BrowserContext
) -> None:
    """With the local backend, through the collections, a shipped case with photos and a new
    entry's preview; and without it, the forge's sign-in page."""
    hosts: set[str] = set()
    context.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    project = project_copy(tmp_path)
    with editor.local_backend(project) as port:
        editor.route_local_backend(context, port)
        page = context.new_page()
        editor.sign_in(page, admin(base_url))
        page.get_by_role("link", name="城市").first.click()
        page.get_by_text("淮安市（huaian）").wait_for()
        editor.open_case(page, admin(base_url), "workers", "chen-fei")
        preview = page.frame_locator("iframe").first
        preview.locator("img.sc-case__portrait").wait_for()
        assert preview.locator("img.sc-case__portrait").evaluate("img => img.naturalWidth") > 0
        editor.open_new(page, admin(base_url), "sources")
        page.close()
    signed_out = context.new_page()
    signed_out.goto(admin(base_url))
    signed_out.get_by_role("button", name="使用 GitHub 登录").wait_for()
    assert hosts == {"127.0.0.1"}


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.slow
def test_build_py_editor_runs_the_local_backend_and_the_preview(
    tmp_path: Path, browser: Browser
) -> None:
    """The one documented command: decap-server on the working tree plus `mkdocs serve`; a
    rebuild reloads the portal's pages but never the editor a contributor is typing in."""
    if not port_is_free(cms.LOCAL_PROXY_PORT):
        pytest.skip(f"port {cms.LOCAL_PROXY_PORT} is taken by another program on this machine")
    project = project_copy(tmp_path)
    port = editor.free_port()
    process = subprocess.Popen(
        [sys.executable, "build.py", "editor", f"--dev-addr=127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    site = f"http://127.0.0.1:{port}/"
    context = browser.new_context(locale="zh-CN")
    try:
        info = wait_for_json(f"http://127.0.0.1:{cms.LOCAL_PROXY_PORT}/api/v1", {"action": "info"})
        assert info["type"] == "local_fs" and info["publish_modes"] == ["simple"]
        assert '<script src="decap-cms.js">' in wait_for_text(site + "admin/")

        admin_page = context.new_page()
        editor.sign_in(admin_page, site + "admin/")
        portal_page = context.new_page()
        portal_page.goto(site + "workers/ma-ben/")
        for page in (admin_page, portal_page):
            page.evaluate("window.notReloaded = true")
        case = project / "content/workers/ma-ben.md"
        case.write_text(case.read_text(encoding="utf-8") + "\n编辑器测试。\n", encoding="utf-8")
        portal_page.wait_for_function("!window.notReloaded", timeout=60_000)
        assert "编辑器测试。" in portal_page.content()
        admin_page.wait_for_timeout(1000)
        assert admin_page.evaluate("window.notReloaded") is True
    finally:
        context.close()
        os.killpg(process.pid, signal.SIGINT)
        output = process.communicate(timeout=30)[0]
    assert f"在浏览器打开 http://127.0.0.1:{port}/admin/" in output
    assert port_is_free(cms.LOCAL_PROXY_PORT)  # the backend ends with the command


def wait_for_json(url: str, body: dict[str, object], timeout: float = 60) -> object:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    return json.loads(retry(lambda: urllib.request.urlopen(request, timeout=5).read(), timeout))


def wait_for_text(url: str, timeout: float = 120) -> str:
    return retry(lambda: urllib.request.urlopen(url, timeout=5).read(), timeout).decode()


def retry(fetch: Callable[[], bytes], timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fetch()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
