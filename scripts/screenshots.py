"""Screenshots of the built site at phone and desktop width, for a person to look at.

    python scripts/screenshots.py [site_dir] [out_dir] [url ...]

Serves `site_dir` on 127.0.0.1 and drives Debian's chromium through Playwright.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}
# One page of every type: home, about, 404, the four indexes, a case of each kind (a city,
# a town, a worker with a portrait and one without), comparisons, tags, the timeline.
DEFAULT_URLS = [
    "",
    "about/",
    "404.html",
    "cities/",
    "enterprises/",
    "workers/",
    "sources/",
    "cities/huaian/",
    "cities/zhutang/",
    "enterprises/zhangshuanglou-mine/",
    "workers/ma-ben/",
    "workers/liao-zhibin/",
    "sources/jiangsu-bulletin-2024-08/",
    "metrics/",
    "metrics/reform-measures/",
    "tags/",
    "tags/技能提升/",
    "timeline/",
    "timeline/2022/",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    out = Path(argv[1] if len(argv) > 1 else "screenshots")
    urls = argv[2:] or DEFAULT_URLS
    out.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for name, (width, height) in VIEWPORTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for url in urls:
                page.goto(base + url, wait_until="networkidle")
                # Scroll through the page so lazy images below the fold load before the shot.
                height = page.evaluate("document.body.scrollHeight")
                for offset in range(0, height, 600):
                    page.evaluate(f"window.scrollTo(0, {offset})")
                    page.wait_for_timeout(30)
                page.evaluate("window.scrollTo(0, 0)")
                page.wait_for_load_state("networkidle")
                slug = url.strip("/").replace("/", "-") or "home"
                page.screenshot(path=str(out / f"{slug}-{name}.png"), full_page=True)
                print(out / f"{slug}-{name}.png")
            page.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
