"""The contributor guide's pictures of the editor at /admin/: adding a worker with a photo,
the editor's checks, saving into the review workflow.

    python build.py editor-screenshots [out_dir]        (default docs-notes/editor)

Works on a temporary copy of the project (its own Git repository, the local backend in its
workflow mode, as on a forge), never on the repository's content/. Needs `npm ci`.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import editor_session as editor  # noqa: E402
from make_placeholders import Fonts, draw_placeholder  # noqa: E402
from screenshots import CHROMIUM_ARGS, QuietHandler  # noqa: E402

VIEWPORT = {"width": 1280, "height": 860}


def project_copy(target: Path) -> Path:
    for name in ("content", "images"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copytree(ROOT / "site_src", target / "site_src")
    for name in ("mkdocs.yml", "build.py"):
        shutil.copy(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    (target / ".gitignore").write_text(
        "node_modules\nsite/\n.cache/\n.decap-server.log\n", encoding="utf-8"
    )
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "案例库"]):
        subprocess.run(
            ["git", "-c", "user.name=维护者", "-c", "user.email=editor@example.org", *args],
            cwd=target,
            check=True,
        )
    return target


def shoot(page: Page, out: Path, name: str, **options: object) -> None:
    page.wait_for_timeout(400)  # the preview re-renders after each keystroke
    page.screenshot(path=str(out / name), **options)
    print(f"已保存 {out / name}")


def take(out: Path, project: Path, base_url: str) -> None:
    admin = base_url + "admin/"
    portrait = project / "李明.jpg"
    # A placeholder like the shipped ones, labelled as such: 李明 is the guide's invented worker.
    draw_placeholder("workers/li-ming.jpg", "示例肖像（虚构人物）", Fonts()).save(
        portrait, quality=85
    )
    with editor.local_backend(project, workflow=True) as port, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        editor.route_local_backend(context, port)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        editor.sign_in(page, admin)
        page.get_by_role("link", name="劳模工匠").first.click()
        page.get_by_text("马奔（ma-ben）").wait_for()
        shoot(page, out, "01-collection.png")

        editor.open_new(page, admin, "workers")
        page.get_by_label("ID（文件名）").fill("li-ming")
        page.get_by_label("名称", exact=True).fill("李明")
        page.get_by_label("一句话介绍").fill(
            "张双楼煤矿综采一区电钳工（示例，人物与数字均为虚构）。"
        )
        box = page.get_by_label("所在企业 (可选)")
        box.click()
        box.press_sequentially("张双楼", delay=30)
        page.get_by_text("张双楼煤矿（zhangshuanglou-mine）", exact=True).wait_for()
        shoot(page, out, "02-form-picker.png")
        page.get_by_text("张双楼煤矿（zhangshuanglou-mine）", exact=True).click()

        page.get_by_role("button", name="选择图片").click()
        with page.expect_file_chooser() as chooser:
            page.get_by_text("上传", exact=True).click()
        chooser.value.set_files(str(portrait))
        page.get_by_text("李明.jpg").wait_for()
        shoot(page, out, "03-photo-upload.png")
        page.get_by_role("button", name="选用已选中项目").click()

        editor.add_stat(page, 0, "带徒", "12人")
        value = editor.add_stat(page, 1, "攻克设备难题", "三十余项")
        value.evaluate("box => box.scrollIntoView({block: 'center'})")
        shoot(page, out, "04-check-message.png")
        value.fill("30余项")
        value.evaluate("box => box.scrollIntoView({block: 'center'})")
        shoot(page, out, "05-stats-preview.png")

        editor.save_draft(page)
        page.get_by_role("button", name="状态: 草稿").click()
        shoot(page, out, "06-saved-status.png", clip={"x": 0, "y": 0, "width": 1280, "height": 260})
        page.get_by_text("审核中", exact=True).click()
        page.get_by_role("button", name="状态: 审核中").wait_for()
        page.goto(admin + "#/workflow")
        page.get_by_text("李明").first.wait_for()
        shoot(page, out, "07-workflow.png")
        browser.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs-notes" / "editor"
    out.mkdir(parents=True, exist_ok=True)
    if not (ROOT / "node_modules/decap-cms").is_dir():
        print("需要先在仓库根目录运行 npm ci。", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as temp:
        project = project_copy(Path(temp) / "project")
        site = Path(temp) / "site"
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
            cwd=project,
            check=True,
        )
        handler = functools.partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            take(out, project, f"http://127.0.0.1:{server.server_address[1]}/")
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
