"""How the editor at /admin/ copes with a large corpus, on its local backend.

    python build.py bench-editor [--cases 1000 5000]

First what opening /admin/ transfers, up to the sign-in button (as served, and gzip-compressed
as a web server would send it). Then for each size: a synthetic corpus (scripts/synth.py: 5%
cities, 20% enterprises, 70% workers, 5% sources), decap-server on it, and Chromium timing
what a contributor waits for: signing in until the workers' list shows, and typing into the
enterprise picker until it offers a match.
The site itself is built once from this repository (its /admin/ is the same for any corpus).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import editor_session as editor  # noqa: E402
from screenshots import CHROMIUM_ARGS, QuietHandler  # noqa: E402


def corpus(target: Path, cases: int) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/synth.py"),
            str(target),
            "--cities",
            str(cases * 5 // 100),
            "--enterprises",
            str(cases * 20 // 100),
            "--workers",
            str(cases * 70 // 100),
            "--sources",
            str(cases * 5 // 100),
            "--images",
            "20",
        ],
        check=True,
        capture_output=True,
    )
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def measure(project: Path, base_url: str) -> dict[str, float]:
    admin = base_url + "admin/"
    enterprise = sorted((project / "content/enterprises").glob("*.md"))[-1]
    name = next(
        line.split(":", 1)[1].strip()
        for line in enterprise.read_text(encoding="utf-8").splitlines()
        if line.startswith("name:")
    )
    with editor.local_backend(project) as port, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
        editor.route_local_backend(context, port)
        page = context.new_page()
        page.goto(admin)
        start = time.perf_counter()
        page.get_by_role("button", name="登录").click()
        page.get_by_role("link", name="劳模工匠").first.wait_for()
        page.goto(admin + "#/collections/workers")
        page.locator("a[href*='#/collections/workers/entries/']").first.wait_for(timeout=600_000)
        listed = time.perf_counter() - start
        editor.open_new(page, admin, "workers")
        box = page.get_by_label("所在企业 (可选)")
        box.click()
        start = time.perf_counter()
        box.press_sequentially(name[:4])
        page.get_by_text(f"{name}（{enterprise.stem}）", exact=True).wait_for(timeout=600_000)
        picked = time.perf_counter() - start
        browser.close()
    return {"list": listed, "picker": picked}


def first_load(base_url: str) -> tuple[int, int, int]:
    """(requests, bytes, gzip bytes) of opening /admin/ until its sign-in button shows."""
    bodies: list[bytes] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.on("response", lambda response: bodies.append(response.body()))
        # No local backend: the forge's sign-in page, as a contributor first sees it.
        page.route("**/api/v1", lambda route: route.abort())
        page.goto(base_url + "admin/")
        page.get_by_role("button", name="使用 GitHub 登录").wait_for()
        page.wait_for_load_state("networkidle")
        browser.close()
    return len(bodies), sum(map(len, bodies)), sum(len(gzip.compress(b, 6)) for b in bodies)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench-editor")
    parser.add_argument("--cases", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
            cwd=ROOT,
            check=True,
        )
        handler = functools.partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        requests, size, compressed = first_load(base_url)
        print(
            f"opening /admin/: {requests} requests, {size / 2**20:.1f} MiB as served, "
            f"{compressed / 2**20:.1f} MiB gzip-compressed"
        )
        print("cases | sign in → workers' list | picker: typing → match")
        for cases in args.cases:
            project = corpus(Path(temp) / f"corpus-{cases}", cases)
            figures = measure(project, base_url)
            print(f"{cases} | {figures['list']:.1f} s | {figures['picker']:.1f} s", flush=True)
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
