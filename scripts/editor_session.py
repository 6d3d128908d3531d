"""Driving the editor at /admin/ in Chromium against its local backend, as a contributor does.

Shared by the browser tests (tests/test_cms_browser.py) and `python build.py
editor-screenshots`, which takes the contributor guide's pictures with the same steps.

The local backend is decap-server, started exactly as `python build.py editor` starts it
(showcase.tools.cms.local_proxy_command) on a free port; the page still asks for it on port 8081
(what admin/config.yml says), and the browser context routes that port to the real one, so
tests can run side by side.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page

from showcase.tools.cms import LOCAL_PROXY_PORT, local_proxy_command

PROXY_URL = f"http://127.0.0.1:{LOCAL_PROXY_PORT}/api/v1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def local_backend(project: Path, *, workflow: bool = False) -> Iterator[int]:
    """decap-server on the project's working tree (or its branches, with `workflow`)."""
    port = free_port()
    argv, env = local_proxy_command(project, workflow=workflow, port=port)
    log = (project / ".decap-server.log").open("w", encoding="utf-8")
    process = subprocess.Popen(argv, env={**os.environ, **env}, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError((project / ".decap-server.log").read_text(encoding="utf-8"))
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def route_local_backend(context: BrowserContext, port: int) -> None:
    """The page asks for port 8081; the backend of this session listens on `port`."""
    target = f"http://127.0.0.1:{port}/api/v1"
    context.route(
        f"{PROXY_URL}**",
        lambda route: route.continue_(url=route.request.url.replace(PROXY_URL, target)),
    )


def sign_in(page: Page, admin_url: str) -> None:
    """Open the editor; with the local backend, "登录" needs no account."""
    page.goto(admin_url)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="劳模工匠").first.wait_for()


def open_new(page: Page, admin_url: str, folder: str) -> None:
    page.goto(f"{admin_url}#/collections/{folder}/new")
    page.get_by_label("ID（文件名）").wait_for()


def open_case(page: Page, admin_url: str, folder: str, case_id: str) -> None:
    page.goto(f"{admin_url}#/collections/{folder}/entries/{case_id}")
    page.get_by_label("名称", exact=True).wait_for()


def pick(page: Page, label: str, search: str, option: str) -> None:
    """A reference field: type part of a name, choose the case from the list."""
    box = page.get_by_label(label)
    box.click()
    box.press_sequentially(search, delay=30)
    page.get_by_text(option, exact=True).click()


def upload_image(page: Page, button: str, path: Path) -> None:
    """An image field: the media library's upload, then "选用已选中项目"."""
    page.get_by_role("button", name=button).click()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("上传", exact=True).click()
    chooser.value.set_files(str(path))
    page.get_by_role("button", name="选用已选中项目").click()


def add_stat(page: Page, index: int, label: str, value: str) -> Locator:
    """Adds the index-th stat card (0-based) and fills in its label and value."""
    page.get_by_role("button", name="新增数据卡片").click()
    page.get_by_label("数据名称").nth(index).fill(label)
    box = page.get_by_label("数值").nth(index)
    box.fill(value)
    return box


def list_item(page: Page, summary: str) -> Locator:
    """An item of a list field, by the summary its collapsed bar shows ("label：value")."""
    return page.locator("[class*=listControlItem]").filter(
        has=page.get_by_text(summary, exact=True)
    )


def expand(item: Locator) -> None:
    item.locator("button").first.click()


def publish_now(page: Page, *, wait: bool = True) -> None:
    """Save with the local backend in `fs` mode (the file is written at once), or publish a
    ready entry of the editorial workflow. With `wait`, until the editor reports it saved:
    decap-server writes the case file before the photos."""
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布", exact=True).click()
    if wait:
        page.get_by_text("修改已保存").wait_for()


def save_draft(page: Page) -> None:
    """Save in the editorial workflow: a branch (on a forge, a pull request)."""
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("修改已保存").wait_for()


def set_status(page: Page, status: str) -> None:
    """Editorial workflow status: 草稿, 审核中 or 就绪."""
    page.get_by_role("button", name="状态: ", exact=False).click()
    page.get_by_text(status, exact=True).click()


def wait_until(page: Page, condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
    """Waits for a condition outside the page (a file, a branch), letting the page run."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        page.wait_for_timeout(100)


def wait_for_file(
    page: Page, path: Path, *, changed_from: str | None = None, timeout: float = 20
) -> str:
    """Waits, letting the page run (the routed requests to the local backend are handled by
    this process's event loop, which time.sleep would stop), until a file is written."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if text != changed_from:
                return text
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was not written")
